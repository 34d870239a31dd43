// Errors as RFC 9457 problem details (application/problem+json). An engine refusal keeps its
// stable code and the engine's own sentence (src/core/refusals.ts), so an API client reads the
// same words a person reads in chat; the API's own problems (auth, scopes, paging) are below.
import { STATUS_CODES } from 'node:http';
import { explain, type RefusalCode } from '../../src/core/refusals.ts';
import type { Refusal } from '../../src/core/result.ts';

export const PROBLEM_TYPE = 'application/problem+json';

export interface Problem {
  /** a URI naming the kind of problem; relative, resolved against this server */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** the stable code: match on this, never on the sentence */
  code: string;
  instance?: string;
  /** per-field problems: of a form (keyed by field id) or of the request body (keyed by path) */
  errors?: Record<string, string>;
}

/** The transport's own problems; the engine's refusals are in src/core/refusals.ts. */
const API_PROBLEMS = {
  'api.unauthorized': [401, 'Send an API token as "Authorization: Bearer <token>"; this one is missing, unknown or revoked.'],
  'api.scope_missing': [403, 'This token lacks the scope {scope}.'],
  'api.flow_not_allowed': [403, 'This token may not touch the flow "{flow}".'],
  'api.act_as_not_allowed': [403, 'This token may not act for another person: it lacks the scope act-as.'],
  'api.no_person': [403, 'This token acts for nobody: name a person in the Docket-Act-As header (scope act-as) or create the token with --person.'],
  'api.rate_limited': [429, 'Too many calls with this token; try again in {retryAfter} s.'],
  'api.invalid_request': [400, 'The request does not match the documented shape: see errors.'],
  'api.bad_json': [400, 'The request body is not valid JSON.'],
  'api.bad_cursor': [400, 'The cursor is not one this API gave out.'],
  'api.bad_idempotency_key': [400, 'Idempotency-Key must be 1–128 letters, digits, dots, colons, dashes or underscores.'],
  'api.not_found': [404, '{item} does not exist.'],
  'api.conflict': [409, 'That clashes with {what}.'],
  'api.hook_off': [503, 'This hook is off: set {secretEnv} to its secret and restart.'],
  'api.hook_unauthorized': [401, 'Send the hook\'s secret as "Authorization: Bearer <secret>".'],
  'api.hook_unmapped': [422, 'The payload does not fit this hook\'s mapping: {problem}'],
  'api.payload_too_large': [413, 'The request body is too large.'],
} as const satisfies Record<string, readonly [number, string]>;
export type ApiProblemCode = keyof typeof API_PROBLEMS;

export class ApiProblem extends Error {
  constructor(
    readonly code: ApiProblemCode,
    readonly details: Record<string, string | number> = {},
    readonly errors?: Record<string, string>,
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'ApiProblem';
  }

  toProblem(instance?: string): Problem {
    const [status, sentence] = API_PROBLEMS[this.code];
    const detail = sentence.replace(/\{(\w+)\}/g, (whole, key: string) => String(this.details[key] ?? whole));
    return problem(this.code, status, detail, instance, this.errors);
  }
}

/** the HTTP status of a refusal, from its code's last part: the code is the contract */
export function statusOf(code: RefusalCode): number {
  // the command queue is full: nothing was done, try again shortly
  if (code === 'engine.busy') return 503;
  if (code.endsWith('not_found') || code === 'flow.unknown') return 404;
  // permissions and segregation of duties: the caller may not, whatever they send
  if (code.startsWith('permission.') || code.startsWith('sod.')) return 403;
  if (/(not_allowed|not_approver|not_involved|not_requester|self_approval|person\.|clock_only)/.test(code)) return 403;
  if (/(already_|not_pending|stale|closed|not_closed|not_changes_requested|duplicate|timer\.)/.test(code)) return 409;
  // the rest name something wrong in what was sent: a form, a reason, a status, a person
  return 422;
}

export function refusalProblem(refusal: Refusal, instance?: string): Problem {
  return problem(refusal.code, statusOf(refusal.code), explain(refusal.code, refusal.details), instance, refusal.fieldErrors);
}

/** engine.busy says "try again in a few seconds": the Retry-After a full queue answers with */
export const BUSY_RETRY_AFTER_S = 2;

/** a full queue did nothing: say when to try again (RFC 9110 §10.2.3), as the sentence does */
export function refusalHeaders(refusal: Refusal): Record<string, string> {
  return refusal.code === 'engine.busy' ? { 'Retry-After': String(BUSY_RETRY_AFTER_S) } : {};
}

function problem(code: string, status: number, detail: string, instance?: string, errors?: Record<string, string>): Problem {
  return {
    type: `/api/v1/problems/${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance ? { instance } : {}),
    ...(errors && Object.keys(errors).length > 0 ? { errors } : {}),
  };
}

export const apiProblemCodes = Object.keys(API_PROBLEMS) as ApiProblemCode[];
