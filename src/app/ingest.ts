// case.ingest: an inbound hook's mapped payload opens a case, or updates the open case its
// dedup key opened before (a note per repeat; when the payload says it is over, a note and,
// if the flow says so, resolve). One transaction: the case and its key are written together,
// so two alerts of one group arriving at once open one case (the loser retries and finds it).
import { runCase } from '../core/case/commands.ts';
import { openCase } from '../core/case/open.ts';
import type { EngineContext } from '../core/context.ts';
import { mayOpen } from '../core/permissions/may.ts';
import { ok, refuse, type Result } from '../core/result.ts';
import type { StoreTx } from '../ports/store.ts';
import type { Command } from './commands.ts';
import type { EngineDeps, Written } from './execute.ts';
import { caseFlowAt } from './flow-versions.ts';
import { commitCase, routeOwner } from './persist.ts';

type Ingest = Extract<Command, { type: 'case.ingest' }>;

export async function ingest(tx: StoreTx, command: Ingest, ctx: EngineContext, deps: EngineDeps): Promise<Result<Written>> {
  if (!deps.inbound) throw new Error('case.ingest needs the inbound key table (EngineDeps.inbound)');
  const flow = deps.flows.caseFlow(command.flow);
  if (!flow) return refuse('flow.unknown', { flow: command.flow });
  const keys = deps.inbound.within(tx);
  const knownId = await keys.find(command.hook, command.key);
  const known = knownId ? await tx.getCase(knownId) : undefined;

  if (known && known.category !== 'closed') {
    const knownFlow = await caseFlowAt(deps.flows, tx, known.flowId, known.flowVersion);
    const text = command.note ?? (command.resolved ? `${command.hook}: resolved` : `${command.hook}: fired again`);
    const noted = runCase(known, knownFlow, { type: 'add_note', text, source: 'command' }, ctx);
    if (!noted.ok) return noted;
    if (!(command.resolved && command.resolve)) return ok(await commitCase(tx, known, noted.value, knownFlow, ctx, deps));
    const resolved = runCase(noted.value.state, knownFlow, { type: 'resolve', resolution: text }, ctx);
    // the hook's person may not resolve this case: the note still goes in
    if (!resolved.ok) return ok(await commitCase(tx, known, noted.value, knownFlow, ctx, deps));
    const both = { ...resolved.value, events: [...noted.value.events, ...resolved.value.events], notices: [...noted.value.notices, ...resolved.value.notices], followUps: [...noted.value.followUps, ...resolved.value.followUps] };
    return ok(await commitCase(tx, known, both, knownFlow, ctx, deps));
  }
  // an alert that is over, with no case open for it, changes nothing
  if (command.resolved) return refuse('hook.nothing_open', { key: command.key });

  // the hook opens as its person: who may open this type holds for them as for anyone (where
  // does not: the hook is the flow's own door, not a place a person stands in)
  const mayNot = mayOpen(flow, ctx.actor, ctx.where, ctx);
  if (mayNot && mayNot.code !== 'permission.wrong_place') return mayNot;
  const owner = await routeOwner(tx, flow, ctx.actor, ctx);
  const input = { flow, title: command.title, fields: command.fields, ...(command.priority ? { priority: command.priority } : {}), ...(owner ? { owner } : {}) };
  // a refused payload must not use up a number (PostgreSQL's sequences keep no rolled-back
  // number): check it under a placeholder id first, as case.open does, then draw the real one
  const checked = openCase({ id: 'C-0', ...input }, ctx);
  if (!checked.ok) return checked;
  const id = `C-${await tx.nextNumber('case')}`;
  const opened = openCase({ id, ...input }, ctx);
  if (!opened.ok) return opened;
  const written = await commitCase(tx, undefined, opened.value, flow, ctx, deps);
  await keys.set(command.hook, command.key, id, ctx.now.toISOString(), knownId);
  return ok(written);
}
