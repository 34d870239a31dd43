// How people raise and decide requests in the demo history: who asks for what, how long each
// approver takes (a long-tailed wait around their usual pace), how often they reject or send
// back, and what the requester does next.
import { pendingApprovers } from '../../core/request/pending.ts';
import type { FormValues, RequestState } from '../../core/request/state.ts';
import { ACCESS_REASONS, ANSWER_HOURS, JUSTIFICATIONS, PURCHASES, REJECTIONS, SEND_BACKS } from './script.ts';
import type { World } from './world.ts';

const asked = new WeakMap<World, Set<string>>();

function seen(w: World, key: string): boolean {
  const set = asked.get(w) ?? new Set<string>();
  asked.set(w, set);
  if (set.has(key)) return true;
  set.add(key);
  return false;
}

function purchaseForm(w: World, requester: string): Record<string, unknown> {
  const [item, category, median] = w.random.pick(PURCHASES);
  const amount = Math.max(20, Math.round(w.random.logNormal(median, 0.35)));
  return {
    item,
    total: { amount, currency: w.random.chance(0.9) ? 'EUR' : 'USD' },
    category,
    ...(w.random.chance(0.5) ? { needed_by: w.today(requester, w.random.int(7, 45)) } : {}),
    justification: w.random.pick(JUSTIFICATIONS),
  };
}

function accessForm(w: World): Record<string, unknown> {
  return {
    system: w.random.weighted({ crm: 4, erp: 3, 'prod-db': 1, vpn: 3 }),
    level: w.random.weighted({ read: 5, write: 3.5, admin: 1.5 }),
    reason: w.random.pick(ACCESS_REASONS),
  };
}

function timeOffForm(w: World, requester: string): Record<string, unknown> {
  const days = Number(w.random.weighted({ '0.5': 1, '1': 3, '2': 2, '3': 2, '5': 3, '10': 1 }));
  const start = w.random.int(5, 40);
  return {
    from: w.today(requester, start),
    to: w.today(requester, start + Math.max(0, Math.ceil(days * 1.4) - 1)),
    days,
    type: w.random.weighted({ vacation: 12, sick: 1, parental: 0.5, unpaid: 1 }),
  };
}

/** a request raised now by someone likely to raise it */
export async function raiseRequest(w: World): Promise<void> {
  const flow = w.random.weighted({ purchase: 45, access: 25, 'time-off': 30 });
  const pool =
    flow === 'purchase' ? w.people((d) => d !== 'management') : flow === 'access' ? w.people((d) => d !== 'management' && d !== 'it') : w.people();
  const requester = w.random.pick(pool);
  const form = flow === 'purchase' ? purchaseForm(w, requester) : flow === 'access' ? accessForm(w) : timeOffForm(w, requester);
  await w.exec(requester, { type: 'request.submit', flow, form });
}

/** schedules what the people a request now waits on will do, once per person and step round */
export async function followRequest(w: World, r: RequestState): Promise<void> {
  const id = r.id;
  if (r.status === 'changes_requested') {
    if (seen(w, `${id}:back:${r.version}`)) return;
    const resubmit = w.random.chance(0.75);
    w.later(r.requester, w.random.logNormal(resubmit ? 4 : 10, 0.8), () => (resubmit ? resubmitRequest(w, id) : recall(w, id)));
    return;
  }
  if (r.status !== 'pending' || r.current === undefined) return;
  const step = r.steps[r.current]!;
  for (const email of pendingApprovers(r)) {
    if (seen(w, `${id}:${step.id}:${step.round ?? 1}:${email}`)) continue;
    w.later(email, w.random.logNormal(ANSWER_HOURS[email] ?? 5, 0.9), () => decide(w, id, step.id, email));
  }
  if (!seen(w, `${id}:recall`) && w.random.chance(0.02)) w.later(r.requester, w.random.logNormal(6, 1), () => recall(w, id));
}

function rejectChance(r: RequestState, stepId: string): number {
  const total = r.form.total;
  const amount = total && typeof total === 'object' ? total.amount : 0;
  switch (r.flowId) {
    case 'purchase':
      return 0.06 + (amount > 5000 ? 0.07 : 0) + (stepId === 'cfo' ? 0.1 : 0);
    case 'access':
      return r.form.level === 'admin' ? 0.22 : 0.07;
    default:
      return 0.04;
  }
}

async function followAgain(w: World, id: string): Promise<void> {
  const r = await w.store.getRequest(id);
  if (r) await followRequest(w, r);
}

async function decide(w: World, id: string, stepId: string, email: string): Promise<void> {
  const r = await w.store.getRequest(id);
  if (!r || r.status !== 'pending' || !pendingApprovers(r).includes(email)) return;
  const allowSendBack = w.flows.requestFlow(r.flowId)?.def.steps.find((s) => s.id === stepId)?.allowSendBack ?? false;
  const roll = w.random.next();
  const reject = rejectChance(r, stepId);
  if (roll < reject) await w.exec(email, { type: 'request.reject', request: id, step: stepId, reason: w.random.pick(REJECTIONS) });
  else if (allowSendBack && roll < reject + 0.05) await w.exec(email, { type: 'request.send_back', request: id, step: stepId, reason: w.random.pick(SEND_BACKS) });
  else await w.exec(email, { type: 'request.approve', request: id, step: stepId, ...(w.random.chance(0.2) ? { comment: 'Fine by me.' } : {}) });
  await followAgain(w, id);
}

/** the same answers again, with dates that have passed moved on or dropped */
function revised(w: World, r: RequestState): FormValues | undefined {
  const form: FormValues = { ...r.form };
  const today = w.today(r.requester);
  if (typeof form.needed_by === 'string' && form.needed_by < today) delete form.needed_by;
  if (typeof form.from === 'string' && form.from < today) return undefined;
  if (typeof form.justification === 'string') form.justification = `${form.justification} Quote attached as asked.`.slice(0, 3000);
  return form;
}

async function resubmitRequest(w: World, id: string): Promise<void> {
  const r = await w.store.getRequest(id);
  if (!r || r.status !== 'changes_requested') return;
  const form = revised(w, r);
  if (!form) return recall(w, id);
  await w.exec(r.requester, { type: 'request.resubmit', request: id, form });
  await followAgain(w, id);
}

async function recall(w: World, id: string): Promise<void> {
  const r = await w.store.getRequest(id);
  if (!r || (r.status !== 'pending' && r.status !== 'changes_requested')) return;
  await w.exec(r.requester, { type: 'request.recall', request: id, reason: 'No longer needed.' });
}
