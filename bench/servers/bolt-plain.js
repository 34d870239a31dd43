// The start-up anchor as production would run it: the same bare ack-only Bolt app as bolt.ts,
// in plain JavaScript so that node runs it without tsx (Docket is measured compiled, from dist/).
import { App } from '@slack/bolt';

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  authorize: async () => ({ botToken: 'xoxb-bench' }),
  ignoreSelf: false,
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}') }],
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
process.on('message', (m) => {
  if (m.type === 'stop') void app.stop().then(() => process.exit(0));
});
