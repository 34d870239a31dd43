// What a rule or an outcome would do, gathered from the engine's own Change values: notices
// (one per text, with everyone it goes to), cases it would open, requests it would start.
import type { Change } from '../../core/change.ts';
import type { Target } from '../../core/delivery.ts';

export type Effect =
  | { kind: 'notice'; to: string[]; text: string; during: string }
  | { kind: 'case'; flow: string; title: string; priority?: string; fields: Record<string, unknown>; during: string }
  | { kind: 'request'; flow: string; form: Record<string, unknown>; requester: string; during: string };

export const targetName = (t: Target): string => (t.kind === 'person' ? t.email : t.channel.name.startsWith('#') ? t.channel.name : `#${t.channel.name}`);

/** The effects of one accepted command, labelled with what happened ("submitted", "manager approved"). */
export function effectsOf(out: Change<unknown>, during: string): Effect[] {
  const effects: Effect[] = [];
  for (const notice of out.notices) {
    if (notice.type !== 'message.post') continue;
    const last = effects.at(-1);
    // one action to a group is one delivery per member, in a row: show it as one notice
    if (last?.kind === 'notice' && last.text === notice.text) last.to.push(targetName(notice.target));
    else effects.push({ kind: 'notice', to: [targetName(notice.target)], text: notice.text, during });
  }
  for (const f of out.followUps) {
    if (f.kind === 'case.open') effects.push({ kind: 'case', flow: f.flowId, title: f.title, ...(f.priority ? { priority: f.priority } : {}), fields: f.fields, during });
    else if (f.kind === 'request.start') effects.push({ kind: 'request', flow: f.flowId, form: f.form, requester: f.requester, during });
    // a rule's webhook call leaves Docket: a trial shows what stays inside
  }
  return effects;
}

/** Rules that failed to evaluate, as the engine put them on the timeline. */
export function failuresOf(out: Change<unknown>): string[] {
  return out.events
    .filter((e) => e.type === 'request.rule_failed' || e.type === 'case.rule_failed')
    .map((e) => {
      const d = e.data as { rule?: number; step?: string; condition?: string; error?: string };
      const where = d.step ? `the condition of step ${d.step}` : d.rule !== undefined ? `rule ${d.rule + 1}` : 'a rule';
      return `${where} could not be evaluated: ${d.error ?? 'unknown error'}`;
    });
}
