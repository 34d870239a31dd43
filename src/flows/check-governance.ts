// Checks of a flow's governance settings beyond their shape: who may raise, open or run what
// (people, groups and roles must exist), who may never approve (person fields), which fields
// are personal data, and places that cannot work (a case channel without a channel id).
import { oneOf } from './check-common.ts';
import type { RefChecker } from './check-refs.ts';
import type { Audience, CaseFlow, Field, RequestFlow } from './model.ts';
import type { PathProblem, PathSegment } from './problem.ts';

export function checkAudience(list: readonly Audience[] | undefined, at: PathSegment[], refs: RefChecker): void {
  list?.forEach((a, i) => {
    if (a !== 'everyone') refs.who(a, [...at, i]);
  });
}

function checkPersonalData(ids: readonly string[], fields: readonly Field[], key: string, out: PathProblem[]): void {
  const known = fields.map((f) => f.id);
  ids.forEach((id, i) => {
    if (!known.includes(id)) out.push({ path: ['personalData', i], message: `unknown field "${id}"; expected ${oneOf(known)} (a field of ${key})` });
  });
}

export function checkRequestGovernance(flow: RequestFlow, refs: RefChecker): PathProblem[] {
  const out: PathProblem[] = [];
  checkAudience(flow.raise, ['raise'], refs);
  checkAudience(flow.admins, ['admins'], refs);
  flow.neverApprove.forEach((c, i) => {
    if ('field' in c) refs.personField(c.field, ['neverApprove', i, 'field']);
    else refs.who(c, ['neverApprove', i]);
  });
  checkPersonalData(flow.personalData, flow.form, 'form', out);
  return out;
}

export function checkCaseGovernance(flow: CaseFlow, refs: RefChecker): PathProblem[] {
  const out: PathProblem[] = [];
  checkAudience(flow.open, ['open'], refs);
  checkAudience(flow.admins, ['admins'], refs);
  for (const [command, audience] of Object.entries(flow.commands)) checkAudience(audience, ['commands', command], refs);
  if (flow.where?.includes('case-channel') && !flow.channel.slack && !flow.channel.teams) {
    out.push({ path: ['where', flow.where.indexOf('case-channel')], message: 'case-channel needs the channel\'s id; expected channel.slack or channel.teams next to channel.name' });
  }
  checkPersonalData(flow.personalData, flow.fields, 'fields', out);
  return out;
}
