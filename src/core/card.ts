// A platform-neutral card: what one person should see about one request or case, and what they
// may do about it now. Adapters render it (Block Kit, Adaptive Cards, HTML) and escape every
// string in it: all text here is raw, possibly hostile, user text.

export type Tone = 'neutral' | 'info' | 'good' | 'warning' | 'bad';

export type CardActionId =
  | 'request.approve'
  | 'request.reject'
  | 'request.send_back'
  | 'request.recall'
  | 'request.resubmit'
  | 'request.reassign'
  | 'request.add_approver'
  | 'request.comment'
  | 'case.take'
  | 'case.assign'
  | 'case.set_status'
  | 'case.set_priority'
  | 'case.add_note'
  | 'case.add_member'
  | 'case.remove_member'
  | 'case.watch'
  | 'case.unwatch'
  | 'case.mute'
  | 'case.unmute'
  | 'case.add_task'
  | 'case.complete_task'
  | 'case.reopen_task'
  | 'case.assign_task'
  | 'case.set_task_due'
  | 'case.link'
  | 'case.start_request'
  | 'case.resolve'
  | 'case.reopen';

export interface CardInput {
  /**
   * what the adapter must ask for before sending the action: a person is asked with the
   * platform's people picker (Slack users_select), a date with its date picker (Slack
   * datepicker, Teams Input.Date); the answer is an email or YYYY-MM-DD
   */
  kind: 'reason' | 'text' | 'choice' | 'person' | 'date';
  label: string;
  required: boolean;
  options?: { id: string; label: string }[];
}

export interface CardAction {
  id: CardActionId;
  label: string;
  style?: 'primary' | 'danger';
  input?: CardInput;
  /** a choice asked beside `input` (which task, which kind of link); sent back as the "pick" */
  pick?: CardInput;
  /** identifies what the button acts on, sent back with the click: a step id, a task id */
  value?: string;
}

export interface CardProgress {
  label: string;
  state: 'done' | 'current' | 'skipped' | 'todo' | 'rejected';
  detail?: string;
}

export interface Card {
  /** the subject, stable for in-place updates: "request:R-12", "case:C-3" */
  key: string;
  title: string;
  subtitle: string;
  status: { label: string; tone: Tone };
  fields: { label: string; value: string }[];
  /** why this viewer is asked: "You are Ann Smith's manager." */
  why?: string;
  progress: CardProgress[];
  actions: CardAction[];
  sla?: { state: 'on_track' | 'at_risk' | 'breached'; due: string; label: string };
  footer?: string;
  /** the subject's version when the card was drawn; an adapter never replaces a newer card with an older one */
  version: number;
}
