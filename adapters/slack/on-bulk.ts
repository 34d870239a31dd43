// Approve selected / Reject selected in the Home tab. The ticks live in the view's state, which
// Slack sends with every block_actions from that view; each ticked request becomes its own
// engine command (src/app/bulk.ts), and the Home is published again with what was decided and
// what was refused, and why.
import { z } from 'zod';
import { bulkDecide, type BulkItem, bulkItemOf, bulkSummary } from '../../src/app/bulk.ts';
import { explain } from '../../src/core/refusals.ts';
import { ANSWER_BLOCK } from './action-modal.ts';
import { CALLBACK, modal, plain, VALUE } from './form-modal.ts';
import { BULK_ACTIONS } from './home.ts';
import type { Ack } from './on-command.ts';
import { failed, publishHome, type SlackDeps, strangerText } from './runtime.ts';

const Checked = z.object({ type: z.literal('checkboxes'), selected_options: z.array(z.object({ value: z.string() })).default([]) }).loose();

const BulkClick = z
  .object({
    type: z.literal('block_actions'),
    user: z.object({ id: z.string().min(1) }).loose(),
    trigger_id: z.string().default(''),
    view: z.object({ type: z.string(), state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }).default({ values: {} }) }).loose().optional(),
    actions: z.array(z.object({ action_id: z.string(), action_ts: z.string().default('') }).loose()).min(1),
  })
  .loose();

export const BulkMeta = z.object({ kind: z.literal('bulk'), items: z.array(z.string().max(80)).max(200) });

/** every ticked value in the Home's checkboxes */
function ticked(values: Record<string, Record<string, unknown>>): { items: BulkItem[]; bad: number } {
  const raw: string[] = [];
  for (const [block, elements] of Object.entries(values)) {
    if (!block.startsWith('bulk:')) continue;
    const parsed = Checked.safeParse(elements[BULK_ACTIONS.select]);
    if (parsed.success) raw.push(...parsed.data.selected_options.map((o) => o.value));
  }
  const items = raw.map(bulkItemOf).filter((i): i is BulkItem => i !== undefined);
  return { items, bad: raw.length - items.length };
}

export async function onBulkAction(deps: SlackDeps, body: unknown, ack: Ack): Promise<void> {
  await ack();
  const parsed = BulkClick.safeParse(body);
  if (!parsed.success) return deps.log.warn('slack: malformed bulk action ignored');
  const p = parsed.data;
  const clicked = p.actions[0]!;
  // a tick alone changes nothing: Slack keeps it in the view's state until a button is pressed
  if (clicked.action_id === BULK_ACTIONS.select) return;
  let email: string | undefined;
  try {
    email = await deps.identities.emailOf(p.user.id);
    if (!email) return await publishHome(deps, p.user.id, undefined, strangerText(p.user.id));
    const { items } = ticked(p.view?.state.values ?? {});
    if (items.length === 0) return await publishHome(deps, p.user.id, email, 'Tick at least one request first.');
    if (clicked.action_id === BULK_ACTIONS.reject) {
      await deps.api.views.open({ trigger_id: p.trigger_id, view: bulkRejectModal(items) });
      return;
    }
    const result = await bulkDecide(deps.engine, email, `slack:bulk:${clicked.action_ts}:${p.user.id}`, items, 'approve');
    await publishHome(deps, p.user.id, email, 'problem' in result ? result.problem : bulkSummary(result, 'approve'));
  } catch (err) {
    await failed(deps, 'a bulk decision', err, (text) => publishHome(deps, p.user.id, email, text));
  }
}

/** the one reason for all the rejections */
export function bulkRejectModal(items: BulkItem[]) {
  return modal({
    callbackId: CALLBACK.bulkReject,
    title: 'Reject selected',
    submit: 'Reject',
    metadata: { kind: 'bulk', items: items.map((i) => (i.step ? `${i.request}@${i.step}` : i.request)) },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Reject ${items.length} request${items.length === 1 ? '' : 's'}: ${items.map((i) => i.request).join(', ')}` } },
      { type: 'input', block_id: ANSWER_BLOCK, label: plain('Why are you rejecting them?', 2000), element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: 2000 } },
    ],
  });
}

/** the reason arrived: reject each, then say how it went on the Home */
export async function submitBulkReject(deps: SlackDeps, userId: string, viewId: string, metadata: string, reason: string): Promise<{ error?: string }> {
  let meta: z.infer<typeof BulkMeta> | undefined;
  try {
    const parsed = BulkMeta.safeParse(JSON.parse(metadata));
    meta = parsed.success ? parsed.data : undefined;
  } catch {
    meta = undefined;
  }
  if (!meta) return {};
  if (!reason.trim()) return { error: explain('request.reason_required') };
  const email = await deps.identities.emailOf(userId);
  if (!email) return { error: strangerText(userId) };
  const items = meta.items.map(bulkItemOf).filter((i): i is BulkItem => i !== undefined);
  const result = await bulkDecide(deps.engine, email, `slack:view:${viewId}`, items, 'reject', reason);
  if ('problem' in result) return { error: result.problem };
  try {
    await publishHome(deps, userId, email, bulkSummary(result, 'reject'));
  } catch (err) {
    await failed(deps, 'publishing the Home after a bulk rejection', err);
  }
  return {};
}
