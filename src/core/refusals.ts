// Stable refusal codes and the one table of sentences chat shows for them (house style 4).
// The code is the contract: adapters and tests match on it, never on the sentence.

const sentences = {
  'person.unknown': 'You are not in the Docket directory yet ({actor}). Ask an admin to add you to org.yaml.',
  'person.anonymous': 'Docket cannot tell who you are ({actor}): guests and anonymous users cannot use it. Sign in with your work account.',
  'person.other_tenant': 'Sorry, this Docket serves another organisation, so your Teams account ({actor}) cannot use it.',
  'item.not_visible': 'Only the requester, the approvers and admins can see {item}.',
  'flow.unknown': 'There is no request or case type called "{flow}".',
  'form.invalid': 'Some fields need attention.',
  'request.not_found': 'Request {request} does not exist.',
  'request.not_pending': 'Request {request} is {status}; nothing can be decided on it any more.',
  'request.not_changes_requested': 'Request {request} was not sent back, so there is nothing to resubmit.',
  'step.already_decided': '{step} was already decided: {decidedBy} {outcome} it.',
  'step.stale': 'This card is out of date: request {request} has moved on to {step}.',
  'step.not_approver': 'You are not an approver of {step} on request {request}.',
  'step.already_voted': 'You already {outcome} {step}.',
  'step.person_not_approver': '{person} has no pending approval on {step}.',
  'step.self_approval': 'You cannot decide your own request{via}.',
  'step.send_back_not_allowed': '{step} does not allow sending the request back.',
  'step.approver_exists': '{person} is already an approver of {step}.',
  'step.no_eligible_approvers': 'Nobody can approve {step}: every approver is the requester or unknown, and there is no admin to fall back on.',
  'request.reason_required': 'Please give a reason.',
  'request.not_requester': 'Only {requester} can do that on request {request}.',
  'request.not_allowed': 'Only an approver of the current step or an admin can do that on request {request}.',
  'case.not_found': 'Case {case} does not exist.',
  'case.not_allowed': 'Only the owner, members or an admin can do that on case {case}.',
  'case.closed': 'Case {case} is resolved; reopen it first.',
  'case.not_closed': 'Case {case} is not resolved, so it cannot be reopened.',
  'case.status_unknown': '"{status}" is not a status of {flow}. Choose one of: {choices}.',
  'case.transition_not_allowed': 'Case {case} cannot move from {from} to {to}. Allowed: {choices}.',
  'case.priority_unknown': '"{priority}" is not a priority of {flow}. Choose one of: {choices}.',
  'case.task_not_found': 'Case {case} has no task {task}.',
  'case.task_already_done': 'Task {task} is already done.',
  'case.task_not_done': 'Task {task} is not done.',
  'case.link_target_not_found': '{target} does not exist.',
  'case.link_self': 'A case cannot be linked to itself.',
  'case.link_kind_unknown': '"{kind}" is not a kind of link. Choose one of: {choices}.',
  'request.not_involved': 'You are not involved in request {request}: only its requester, its approvers or an admin can do that.',
  'case.already_owner': '{person} already owns case {case}.',
  'case.text_required': 'Please write something.',
  'case.due_invalid': '"{due}" is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM).',
  'command.duplicate': 'This was already done.',
  'command.clock_only': 'Only the Docket clock can do that.',
  'timer.not_pending': 'Timer {timer} is {status}; it fires at most once.',
  'timer.not_due': 'Timer {timer} is not due yet; it now fires at {due}.',
  // hot write path (src/app/command-queue.ts): back-pressure is an answer, not a time-out
  'engine.busy': 'Docket is busy right now and did not do that; please try again in a few seconds.',
  // governance (issue 10): permissions, segregation of duties, admin actions, redaction
  'permission.may_not_raise': 'Only {who} can raise a {flow}; ask one of them to raise it for you.',
  'permission.may_not_open': 'Only {who} can open a case of the type {flow}; ask one of them to open it for you.',
  'permission.wrong_place': '{what} can only be used {places}.',
  'permission.may_not_run': 'Only {who} can {command} on case {case}.',
  'permission.admin_only': 'Only admins can do that: {who}.',
  'sod.decided_other_step': 'You cannot decide {step} of request {request}: {why}, and nobody decides two steps of one request. {instead}',
  'sod.conflicted': 'You cannot decide {step} of request {request}: {why}. {instead}',
  'sod.cannot_add': '{person} cannot decide {step} of request {request}: {why}.',
  'redact.nothing': 'There is nothing to redact: {what}.',
  'redact.reason_required': 'A redaction needs a reason (for the record).',
  // REST API and integrations (issue 11)
  'step.system': '{step} is done by {system}, not by people: nobody can be added to it or handed it.',
  'hook.nothing_open': 'Nothing is open for {key}, so there is nothing to resolve.',
} as const;

export type RefusalCode = keyof typeof sentences;

/** The sentence for a refusal, with its details filled in. Unknown placeholders stay visible. */
export function explain(code: RefusalCode, details: Record<string, string | number | string[]> = {}): string {
  return sentences[code].replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = details[key];
    if (value === undefined) return key === 'via' ? '' : whole;
    // details can echo what someone typed: keep the sentence a sentence
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  });
}

export const refusalCodes = Object.keys(sentences) as RefusalCode[];
