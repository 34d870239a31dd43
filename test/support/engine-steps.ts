// Small helpers so engine tests read as scenarios: submit, then act, asserting each step.
import { expect } from 'vitest';
import type { Change } from '../../src/core/change.ts';
import { decide } from '../../src/core/request/decide.ts';
import type { RequestState } from '../../src/core/request/state.ts';
import { submitRequest } from '../../src/core/request/submit.ts';
import type { Result } from '../../src/core/result.ts';
import { ctx, requestFlow } from './world.ts';

export function accepted<S>(result: Result<Change<S>>): Change<S> {
  if (!result.ok) throw new Error(`refused: ${result.code} ${JSON.stringify(result.details)} ${JSON.stringify(result.fieldErrors ?? {})}`);
  return result.value;
}

/** Applies the version bump the app layer does on every write. */
export function next(change: Change<RequestState>): RequestState {
  return { ...change.state, version: change.state.version + (change.state.version === 1 && change.events[0]?.type === 'request.submitted' ? 0 : 1) };
}

export function submit(flow: string, form: Record<string, unknown>, by = 'ann@example.com', at?: string): RequestState {
  return accepted(submitRequest({ id: 'R-1', flow: requestFlow(flow), form }, ctx(by, at))).state;
}

export function approve(r: RequestState, by: string, at?: string): RequestState {
  return accepted(decide(r, requestFlow(r.flowId), { outcome: 'approved', stepId: r.steps[r.current ?? 0]!.id }, ctx(by, at))).state;
}

export function reject(r: RequestState, by: string, reason = 'Not in budget', at?: string): RequestState {
  return accepted(decide(r, requestFlow(r.flowId), { outcome: 'rejected', stepId: r.steps[r.current ?? 0]!.id, comment: reason }, ctx(by, at))).state;
}

export function refusedWith(result: Result<unknown>, code: string): Record<string, unknown> {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('accepted');
  expect(result.code).toBe(code);
  return result.details;
}

export const stepStatuses = (r: RequestState) => r.steps.map((s) => `${s.id}:${s.status}`);
