// Valid RequestState / CaseState / DomainEvent fixtures with readable overrides, for any test
// that needs stored documents (store contract tests, engine tests, renderers).
import type { CaseState, Task } from '../../src/core/case/state.ts';
import type { DomainEvent } from '../../src/core/events.ts';
import type { RequestState, Slot, StepState } from '../../src/core/request/state.ts';

export const T0 = '2024-03-04T09:00:00.000Z';

/** an ISO time `minutes` after T0, so fixtures order themselves by a number */
export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

export function aSlot(email: string, overrides: Partial<Slot> = {}): Slot {
  return { email, reason: `${email} approves`, ...overrides };
}

export function aStep(id: string, slots: Slot[], overrides: Partial<StepState> = {}): StepState {
  return { id, name: `Step ${id}`, status: 'active', mode: 'any', required: 1, slots, startedAt: T0, ...overrides };
}

/** a pending request whose first step waits on bob@example.com, unless overridden */
export function aRequest(overrides: Partial<RequestState> = {}): RequestState {
  return {
    id: 'R-1',
    flowId: 'purchase',
    flowVersion: 'v1',
    flowName: 'Purchase',
    title: 'New laptop',
    requester: 'ann@example.com',
    form: { item: 'Laptop', amount: { amount: 1200, currency: 'EUR' } },
    status: 'pending',
    steps: [aStep('manager', [aSlot('bob@example.com')]), aStep('finance', [aSlot('fin@example.com')], { status: 'waiting', startedAt: undefined })],
    current: 0,
    submittedAt: T0,
    updatedAt: T0,
    links: [],
    version: 1,
    ...overrides,
  };
}

/** the request after `by` approved the current step: closed as approved */
export function approved(r: RequestState, by: string, when: string = at(60)): RequestState {
  const steps = r.steps.map((s, i) =>
    i === r.current
      ? { ...s, status: 'approved' as const, decidedAt: when, slots: s.slots.map((slot) => (slot.email === by ? { ...slot, decision: { outcome: 'approved' as const, by, at: when } } : slot)) }
      : s,
  );
  const { current: _current, ...rest } = r;
  return { ...rest, steps, status: 'approved', updatedAt: when, closedAt: when, version: r.version + 1 };
}

export function aTask(id: string, overrides: Partial<Task> = {}): Task {
  return { id, title: `Task ${id}`, createdBy: 'ann@example.com', createdAt: T0, ...overrides };
}

/** an open incident case opened by ann@example.com and owned by bob@example.com */
export function aCase(overrides: Partial<CaseState> = {}): CaseState {
  return {
    id: 'C-1',
    flowId: 'incident',
    flowVersion: 'v1',
    flowName: 'Incident',
    title: 'Checkout is down',
    fields: { service: 'checkout' },
    openedBy: 'ann@example.com',
    owner: 'bob@example.com',
    members: [],
    watchers: [],
    muted: [],
    status: 'investigating',
    category: 'open',
    priority: 'p2',
    tasks: [],
    links: [],
    openedAt: T0,
    updatedAt: T0,
    reopenCount: 0,
    pauses: [],
    nextTask: 1,
    version: 1,
    ...overrides,
  };
}

export function anEvent(n: number, overrides: Partial<DomainEvent> = {}): DomainEvent {
  return {
    type: 'request.submitted',
    subject: 'request:R-1',
    actor: 'ann@example.com',
    at: at(n),
    data: { n, note: `event ${n}`, nested: { b: [1, 2, { z: true, a: null }], a: 'x' } },
    ...overrides,
  };
}
