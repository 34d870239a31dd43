// The anchor: a bare Bolt app that only acks, served by Bolt's own HTTPReceiver at
// POST /slack/events with the same signature check, plus GET /healthz. Run as a child process
// by the bench (PORT, SLACK_SIGNING_SECRET from the environment); says "ready" over IPC.
import { App } from '@slack/bolt';

const port = Number(process.env.PORT);
const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  // one workspace, one token, no auth.test round trip: as Docket does
  authorize: async () => ({ botToken: 'xoxb-bench' }),
  ignoreSelf: false,
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}') }],
});
let clicks = 0;
app.action(/.*/, async ({ ack }) => {
  await ack();
  clicks++;
});
await app.start(port);
process.on('message', (m: { type: string }) => {
  if (m.type === 'count') process.send?.({ type: 'count', clicks });
  if (m.type === 'stop') void app.stop().then(() => process.exit(0));
});
process.send?.({ type: 'ready' });
