// "@docket help" in a channel and any top-level direct message to the bot: both answer with
// what Docket can do, the same words as `/request help` and `/case help`. A mention is answered
// in its thread so the channel stays readable. Nothing here runs an engine command, so it needs
// no identity; our own posts carry a bot_id and are never answered (no loops). A Slack retry of
// the same event (our ack was late) would post the help twice: harmless, and rare since Bolt
// acks before calling us.
import { z } from 'zod';
import { caseHelp, requestHelp } from './help.ts';
import { failed, type SlackDeps } from './runtime.ts';

const Mention = z.object({ type: z.literal('app_mention'), user: z.string().optional(), bot_id: z.string().optional(), channel: z.string(), ts: z.string(), thread_ts: z.string().optional() }).loose();

const DirectMessage = z
  .object({ type: z.literal('message'), channel_type: z.literal('im'), subtype: z.string().optional(), user: z.string().optional(), bot_id: z.string().optional(), channel: z.string(), ts: z.string(), thread_ts: z.string().optional() })
  .loose();

export function helpText(deps: SlackDeps): string {
  return ['Hi! I am Docket: requests, approvals and cases, right here in Slack.', requestHelp(deps.engine.deps.flows.requestFlows()), caseHelp()].join('\n\n');
}

export async function onMention(deps: SlackDeps, event: unknown): Promise<void> {
  const parsed = Mention.safeParse(event);
  if (!parsed.success || !parsed.data.user || parsed.data.bot_id) return;
  const m = parsed.data;
  try {
    await deps.api.chat.postMessage({ channel: m.channel, thread_ts: m.thread_ts ?? m.ts, text: helpText(deps) });
  } catch (err) {
    await failed(deps, 'answering a mention', err);
  }
}

/** true when the event was a direct message this handler answered (onMessage then skips it) */
export async function onDirectMessage(deps: SlackDeps, event: unknown): Promise<boolean> {
  const parsed = DirectMessage.safeParse(event);
  if (!parsed.success) return false;
  const m = parsed.data;
  // replies under a card in the DM are thread messages, edits and joins have subtypes: not for us
  if (!m.user || m.bot_id || m.subtype !== undefined || (m.thread_ts && m.thread_ts !== m.ts)) return false;
  try {
    await deps.api.chat.postMessage({ channel: m.channel, text: helpText(deps) });
  } catch (err) {
    await failed(deps, 'answering a direct message', err);
  }
  return true;
}
