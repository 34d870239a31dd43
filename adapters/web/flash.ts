// The one-line confirmation after a form did its work (?done=<code> on the page it lands on).
// A fixed table, so nobody can make the console say arbitrary things through a link.
const FLASH: Record<string, string> = {
  submitted: 'Submitted. The approvers of the first step have their cards.',
  resubmitted: 'Resubmitted. The approvers are asked again.',
  opened: 'Case opened.',
  'act-as': 'You are now acting as this person.',
  'request.approve': 'Approved.',
  'request.reject': 'Rejected.',
  'request.send_back': 'Sent back to the requester.',
  'request.recall': 'Recalled.',
  'request.reassign': 'Handed on.',
  'request.add_approver': 'Approver added.',
  'case.take': 'You own this case now.',
  'case.set_status': 'Status changed.',
  'case.set_priority': 'Priority changed.',
  'case.add_task': 'Task added.',
  'case.complete_task': 'Task done.',
  'case.reopen_task': 'Task reopened.',
  'case.assign_task': 'Task assigned.',
  'case.task_due': 'Due date set.',
  'case.resolve': 'Case resolved.',
  'case.reopen': 'Case reopened.',
  'case.note': 'Note added.',
  'case.assign': 'Owner changed.',
  'case.add_member': 'Member added.',
  'case.watch': 'You are watching this case.',
  'case.link': 'Linked.',
  'request.comment': 'Comment added.',
  'case.add_note': 'Note added.',
  'case.remove_member': 'Member removed.',
  'case.unwatch': 'You stopped watching this case.',
  'case.mute': 'Muted: you will not be told about this case.',
  'case.unmute': 'Unmuted.',
  'case.set_task_due': 'Due date set.',
  reassigned: 'Pending approvals handed on.',
  requeued: 'Message queued again.',
  'signed-in': 'Signed in.',
};

export function flashText(code: string | null): string | undefined {
  return code ? FLASH[code] : undefined;
}

/** `path` with ?done=<code> (or &done=) appended */
export function withFlash(path: string, code: string): string {
  const clean = path.replace(/([?&])done=[^&]*&?/, '$1').replace(/[?&]$/, '');
  return `${clean}${clean.includes('?') ? '&' : '?'}done=${encodeURIComponent(code)}`;
}
