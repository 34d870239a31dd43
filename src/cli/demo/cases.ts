// How cases run in the demo history: someone opens an incident or a complaint (disputes open
// themselves when a purchase is rejected), the owner responds, sometimes waits on a vendor or
// the customer, resolves, and now and then the case comes back.
import type { CaseState } from '../../core/case/state.ts';
import type { CaseCommand } from '../../core/case/commands.ts';
import { COMPLAINTS, CUSTOMERS, NOTES, REOPENS, RESOLUTIONS, SERVICES, SYMPTOMS } from './script.ts';
import type { World } from './world.ts';

/** business hours to the first response and to resolution, by priority */
const PACE: Readonly<Record<string, { respond: number; resolve: number }>> = {
  p1: { respond: 0.15, resolve: 2 },
  p2: { respond: 0.5, resolve: 3 },
  p3: { respond: 1.5, resolve: 5 },
  p4: { respond: 5, resolve: 14 },
  high: { respond: 1.5, resolve: 12 },
  normal: { respond: 5, resolve: 24 },
  urgent: { respond: 1.5, resolve: 6 },
};

export async function openIncident(w: World): Promise<void> {
  const opener = w.random.pick(w.people());
  const service = w.random.pick(SERVICES);
  const users = w.random.weighted({ '1': 5, '5': 3, '20': 2, '60': 1, '200': 0.4 });
  await w.exec(opener, {
    type: 'case.open',
    flow: 'it-incident',
    title: `${service} ${w.random.pick(SYMPTOMS)}`,
    priority: w.random.weighted({ p1: 0.5, p2: 1.5, p3: 6, p4: 2 }),
    fields: { service, impact: `Reported by ${w.directory.nameOf(opener)}: people cannot work normally.`, users_affected: Number(users), workaround: w.random.chance(0.4) ? 'yes' : 'no' },
  });
}

export async function openComplaint(w: World): Promise<void> {
  const opener = w.random.pick(w.people((d) => d === 'support' || d === 'sales'));
  const customer = w.random.pick(CUSTOMERS);
  const refund = w.random.chance(0.3) ? { refund: { amount: Math.round(w.random.logNormal(400, 0.9)), currency: 'EUR' } } : {};
  await w.exec(opener, {
    type: 'case.open',
    flow: 'customer-complaint',
    title: `${customer}: ${w.random.pick(COMPLAINTS)}`,
    priority: w.random.chance(0.2) ? 'high' : 'normal',
    fields: { customer, order: `SO-${w.random.int(10000, 99999)}`, summary: 'The customer wrote to support and expects an answer this week.', ...refund },
  });
}

async function load(w: World, id: string): Promise<CaseState | undefined> {
  return w.store.getCase(id);
}

function pace(c: CaseState): { respond: number; resolve: number } {
  return PACE[c.priority] ?? { respond: 4, resolve: 20 };
}

/** the owner, or someone who takes the case first */
async function worker(w: World, c: CaseState): Promise<string> {
  if (c.owner) return c.owner;
  const routing = w.flows.caseFlow(c.flowId)?.def.owner;
  const group = routing && routing !== 'opener' && 'group' in routing ? w.directory.group(routing.group)?.members ?? [] : [];
  const who = group.length ? w.random.pick(group) : 'ian@example.com';
  await w.exec(who, { type: 'case.update', case: c.id, change: { type: 'take' } });
  return who;
}

async function update(w: World, actor: string, id: string, change: CaseCommand): Promise<void> {
  await w.exec(actor, { type: 'case.update', case: id, change });
}

export async function followCase(w: World, c: CaseState): Promise<void> {
  w.later(c.owner ?? 'ian@example.com', w.random.logNormal(pace(c).respond, 0.8), () => respond(w, c.id));
}

async function respond(w: World, id: string): Promise<void> {
  const c = await load(w, id);
  if (!c || c.category === 'closed') return;
  const who = await worker(w, c);
  if (c.flowId === 'it-incident') await update(w, who, id, { type: 'set_status', status: 'investigating' });
  else await update(w, who, id, { type: 'add_note', text: w.random.pick(NOTES) });
  const first = c.tasks.find((t) => !t.done);
  if (first) await w.exec(who, { type: 'case.task', case: id, change: { type: 'complete', task: first.id } });
  const { resolve: median } = pace(c);
  const total = Math.min(w.random.logNormal(median, 0.6), median * 4);
  // an incident that runs long is usually waiting on a vendor most of the time (its SLA and
  // status-update clocks stop meanwhile); complaints wait on the customer now and then
  const vendor = c.flowId === 'it-incident' && total > 6;
  const waits = vendor || w.random.chance(c.flowId === 'it-incident' ? 0.1 : c.flowId === 'customer-complaint' ? 0.4 : 0.25);
  if (vendor) w.later(who, 1.5, () => wait(w, id, total - 2.5, 1));
  else if (waits) w.later(who, total * 0.3, () => wait(w, id, w.random.logNormal(8, 0.8), total * 0.7));
  else w.later(who, total, () => resolve(w, id));
  // long incidents get status notes now and then, as the on-call runbook asks
  if (c.flowId === 'it-incident' && total > 2 && !vendor) w.later(who, Math.min(total / 2, 2), () => note(w, id));
}

async function note(w: World, id: string): Promise<void> {
  const c = await load(w, id);
  if (!c || c.category === 'closed' || !c.owner) return;
  await update(w, c.owner, id, { type: 'add_note', text: w.random.pick(NOTES) });
}

async function wait(w: World, id: string, waiting: number, rest: number): Promise<void> {
  const c = await load(w, id);
  if (!c || c.category !== 'open' || !c.owner) return;
  const status = w.flows.caseFlow(c.flowId)?.def.statuses.find((s) => s.category === 'waiting');
  if (!status) return resolve(w, id);
  await update(w, c.owner, id, { type: 'set_status', status: status.id });
  w.later(c.owner, waiting, async () => {
    const now = await load(w, id);
    if (!now || now.category !== 'waiting' || !now.owner) return;
    const back = w.flows.caseFlow(now.flowId)?.def.statuses.find((s) => s.category === 'open' && s.id !== w.flows.caseFlow(now.flowId)?.def.initialStatus) ??
      w.flows.caseFlow(now.flowId)?.def.statuses.find((s) => s.category === 'open');
    if (back) await update(w, now.owner, id, { type: 'set_status', status: back.id });
    w.later(now.owner, rest, () => resolve(w, id));
  });
}

async function resolve(w: World, id: string): Promise<void> {
  const c = await load(w, id);
  if (!c || c.category === 'closed') return;
  const who = await worker(w, c);
  for (const task of c.tasks.filter((t) => !t.done)) {
    if (w.random.chance(0.7)) await w.exec(who, { type: 'case.task', case: id, change: { type: 'complete', task: task.id } });
  }
  if (c.flowId === 'expense-dispute' && w.random.chance(0.3)) await update(w, who, id, { type: 'set_status', status: 'overturned' });
  else await update(w, who, id, { type: 'resolve', resolution: w.random.pick(RESOLUTIONS) });
  if (c.reopenCount === 0 && w.random.chance(0.08)) w.later(c.openedBy, w.random.logNormal(16, 0.8), () => reopen(w, id));
}

async function reopen(w: World, id: string): Promise<void> {
  const c = await load(w, id);
  if (!c || c.category !== 'closed') return;
  // the opener asks; the owner (or an admin) reopens
  const who = c.owner ?? 'ian@example.com';
  await update(w, who, id, { type: 'reopen', reason: w.random.pick(REOPENS) });
  w.later(who, w.random.logNormal(pace(c).resolve * 0.5, 0.7), () => resolve(w, id));
}
