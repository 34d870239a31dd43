// Approve or reject several requests in one go (Slack Home, the Teams inbox, the console). Each
// one is its own engine command with its own idempotency key and its own audit event, so one
// that was decided meanwhile (or is no longer the clicker's) is refused alone and the others go
// through: nothing is half-applied, and a resent bulk click changes nothing the second time.
import { explain } from '../core/refusals.ts';
import type { Command } from './commands.ts';
import type { Engine } from './execute.ts';

export interface BulkItem {
  request: string;
  /** the step the list showed; a request that moved on since is refused, not decided at its next step */
  step?: string;
}

export interface BulkOutcome {
  decided: string[];
  refused: { request: string; why: string }[];
}

/** the most a bulk action takes at once; a longer selection is refused as a whole, before anything */
export const BULK_MAX = 100;

/** "R-1@manager" (what a checkbox carries) → the item; undefined for anything else */
export function bulkItemOf(value: string): BulkItem | undefined {
  const m = /^(R-\d{1,9})(?:@([A-Za-z0-9_-]{1,64}))?$/i.exec(value.trim());
  return m ? { request: m[1]!.toUpperCase(), ...(m[2] ? { step: m[2] } : {}) } : undefined;
}

export const bulkValue = (item: BulkItem): string => (item.step ? `${item.request}@${item.step}` : item.request);

export async function bulkDecide(engine: Engine, actor: string, key: string, items: readonly BulkItem[], outcome: 'approve' | 'reject', reason = ''): Promise<BulkOutcome | { problem: string }> {
  if (items.length === 0) return { problem: 'Select at least one request first.' };
  if (items.length > BULK_MAX) return { problem: `Select at most ${BULK_MAX} requests at once.` };
  if (outcome === 'reject' && !reason.trim()) return { problem: explain('request.reason_required') };
  const out: BulkOutcome = { decided: [], refused: [] };
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.request)) continue;
    seen.add(item.request);
    const step = item.step ? { step: item.step } : {};
    const command: Command = outcome === 'approve' ? { type: 'request.approve', request: item.request, ...step } : { type: 'request.reject', request: item.request, ...step, reason: reason.trim() };
    const result = await engine.execute({ actor, key: `${key}:${item.request}`, command });
    if (result.ok) out.decided.push(item.request);
    else out.refused.push({ request: item.request, why: explain(result.code, result.details) });
  }
  return out;
}

/** "4 approved. Not decided: R-3 — Manager approval was already decided: Frank Ford approved it." */
export function bulkSummary(result: BulkOutcome, outcome: 'approve' | 'reject'): string {
  const verb = outcome === 'approve' ? 'approved' : 'rejected';
  const head = `${result.decided.length} ${verb}${result.decided.length ? ` (${result.decided.join(', ')})` : ''}.`;
  if (result.refused.length === 0) return head;
  return `${head} Not decided: ${result.refused.map((r) => `${r.request} — ${r.why}`).join(' ')}`;
}
