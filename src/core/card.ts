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
  | 'case.take'
  | 'case.set_status'
  | 'case.set_priority'
  | 'case.add_task'
  | 'case.complete_task'
  | 'case.resolve'
  | 'case.reopen';

export interface CardInput {
  /** what the adapter must ask for before sending the action */
  kind: 'reason' | 'text' | 'choice';
  label: string;
  required: boolean;
  options?: { id: string; label: string }[];
}

export interface CardAction {
  id: CardActionId;
  label: string;
  style?: 'primary' | 'danger';
  input?: CardInput;
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
