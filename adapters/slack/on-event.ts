// Events API callbacks (Bolt acks them before calling us): the Home tab opened, and messages in
// channels the bot is in — of which only replies in a case thread matter. A reply is recorded on
// the case timeline keyed by its channel and ts, so Slack's retries (X-Slack-Retry-Num) of the
// same event record it once.
import { slackWhere } from './where.ts';
import { z } from 'zod';
import { slackRef } from './chat-port.ts';
import { escapeMrkdwn, plainText } from './mrkdwn.ts';
import { failed, publishHome, refusalText, run, type SlackDeps, strangerText } from './runtime.ts';

const HomeOpened = z.object({ type: z.literal('app_home_opened'), user: z.string().min(1), tab: z.string().optional() }).loose();

export async function onHomeOpened(deps: SlackDeps, event: unknown): Promise<void> {
  const parsed = HomeOpened.safeParse(event);
  // the Messages tab opens the same event; only the Home tab has something to draw
  if (!parsed.success || (parsed.data.tab && parsed.data.tab !== 'home')) return;
  const user = parsed.data.user;
  try {
    await publishHome(deps, user, await deps.identities.emailOf(user));
  } catch (err) {
    await failed(deps, 'publishing the Home tab', err);
  }
}

const Message = z
  .object({
    type: z.literal('message'),
    subtype: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    text: z.string().optional(),
    ts: z.string(),
    thread_ts: z.string().optional(),
    channel: z.string(),
  })
  .loose();

/** what people write: plain replies, replies also sent to the channel, replies with a file */
const HUMAN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

export async function onMessage(deps: SlackDeps, event: unknown): Promise<void> {
  const parsed = Message.safeParse(event);
  if (!parsed.success) return;
  const m = parsed.data;
  // roots, edits, joins and our own posts (the card, thread lines) are not notes
  if (!m.thread_ts || m.thread_ts === m.ts || !m.user || m.bot_id || !HUMAN_SUBTYPES.has(m.subtype)) return;
  const text = plainText(m.text ?? '', (id) => deps.identities.nameOf(id)).trim();
  if (!text) return;
  try {
    const subject = await deps.cardAt('slack', slackRef(m.channel, m.thread_ts), 'case:');
    if (!subject) return;
    const caseId = subject.slice('case:'.length);
    const tell = (line: string) => deps.api.chat.postEphemeral({ channel: m.channel, user: m.user!, thread_ts: m.thread_ts, text: escapeMrkdwn(line) });
    const email = await deps.identities.emailOf(m.user);
    if (!email) {
      await tell(`${strangerText(m.user)} Your reply is in the thread but not on the case's record.`);
      return;
    }
    const outcome = await run(deps, email, `slack:message:${m.channel}:${m.ts}`, { type: 'case.update', case: caseId, change: { type: 'add_note', text, source: 'thread' } }, slackWhere(m.channel));
    if (!outcome.ok) await tell(`Not recorded on ${caseId}: ${refusalText(outcome)}`);
  } catch (err) {
    await failed(deps, 'recording a thread reply', err);
  }
}
