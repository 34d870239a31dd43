// The cards a command answers with before anything exists: the request types, a request form,
// the case types, a case intake form. Verbs here are the adapter's own (form.open, form.submit,
// case.form, case.open); card actions use the card action ids (adaptive-card.ts).
// Every form carries a nonce in its submit button's data: a double click, or Teams sending the
// click twice under two activity ids, is the same submission to the engine (invoke.ts).
import { randomUUID } from 'node:crypto';
import type { LoadedCaseFlow, LoadedRequestFlow } from '../../src/core/flow-runtime.ts';
import type { Field } from '../../src/flows/model.ts';
import type { Directory } from '../../src/ports/directory.ts';
import { type AdaptiveCard, type AdaptiveElement, type Banner, emptyCard, text } from './adaptive-card.ts';
import { FIELD_PREFIX, formCard } from './form-card.ts';

export const VERBS = {
  openForm: 'form.open',
  submitForm: 'form.submit',
  resubmitForm: 'form.resubmit',
  caseForm: 'case.form',
  openCase: 'case.open',
} as const;

export const CASE_PREFIX = 'case:';

/** a flow by id or name, as people type it: "purchase", "Purchase request", "time off" */
export function findFlow<F extends LoadedRequestFlow | LoadedCaseFlow>(flows: readonly F[], typed: string): F | undefined {
  const t = typed.trim().toLowerCase();
  const dashed = t.replace(/\s+/g, '-');
  return flows.find((f) => f.def.id === t || f.def.id === dashed || f.def.name.toLowerCase() === t) ?? flows.find((f) => f.def.name.toLowerCase().startsWith(t) || f.def.id.startsWith(dashed));
}

function chooser(title: string, intro: string, items: { name: string; description?: string; verb: string; data: Record<string, unknown>; button: string }[]): AdaptiveCard {
  const body: AdaptiveElement[] = [text(title, { size: 'Medium', weight: 'Bolder', style: 'heading' }), text(intro, { isSubtle: true, spacing: 'None' })];
  for (const item of items) {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(item.name, { weight: 'Bolder' }),
        ...(item.description ? [text(item.description, { isSubtle: true, spacing: 'None' })] : []),
        { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: item.button, verb: item.verb, data: item.data }] },
      ],
    });
  }
  return emptyCard(body);
}

export function requestTypesCard(flows: readonly LoadedRequestFlow[]): AdaptiveCard {
  return chooser(
    'Raise a request',
    'Pick a type; its form opens here.',
    flows.map((f) => ({ name: f.def.name, description: f.def.description, verb: VERBS.openForm, data: { flow: f.def.id }, button: `New ${f.def.name.toLowerCase()}` })),
  );
}

export function caseTypesCard(flows: readonly LoadedCaseFlow[], title: string): AdaptiveCard {
  return chooser(
    'Open a case',
    'Which kind of case is it?',
    flows.map((f) => ({ name: f.def.name, description: f.def.description, verb: VERBS.caseForm, data: { flow: f.def.id, title }, button: `Open as ${f.def.name.toLowerCase()}` })),
  );
}

export interface FormState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  banner?: Banner;
  /** the nonce of the form drawn before (kept when a refused form is drawn again); new if absent */
  nonce?: string;
}

/** the submit button's data key that holds the form's nonce */
export const NONCE = 'nonce';
const NONCE_SHAPE = /^[A-Za-z0-9-]{16,64}$/;

/** the nonce a submitted form sent back, if it is one of ours */
export function nonceOf(data: Record<string, unknown>): string | undefined {
  const n = data[NONCE];
  return typeof n === 'string' && NONCE_SHAPE.test(n) ? n : undefined;
}

export function requestForm(flow: LoadedRequestFlow, directory: Directory, today: string, state: FormState = {}, resubmit?: string, fromCase?: string): AdaptiveCard {
  const { nonce = randomUUID(), ...shown } = state;
  return formCard({
    title: resubmit ? `${flow.def.name}: edit and resubmit ${resubmit.replace(/^request:/, '')}` : fromCase ? `${flow.def.name}, started from case ${fromCase}` : flow.def.name,
    ...(flow.def.description ? { intro: flow.def.description } : {}),
    sections: [{ fields: flow.def.form, prefix: FIELD_PREFIX }],
    ...shown,
    submit: resubmit
      ? { title: 'Resubmit', verb: VERBS.resubmitForm, data: { subject: resubmit, [NONCE]: nonce } }
      : { title: 'Submit', verb: VERBS.submitForm, data: { flow: flow.def.id, ...(fromCase ? { case: fromCase } : {}), [NONCE]: nonce } },
    people: directory.people(),
    today,
  });
}

/** The fixed part of a case's intake: title, priority, description. */
export function caseBasics(flow: LoadedCaseFlow): Field[] {
  return [
    { id: 'title', type: 'text', label: 'Title', required: true, maxLength: 200 },
    { id: 'priority', type: 'choice', label: 'Priority', required: false, options: flow.def.priorities.map((p) => ({ id: p.id, label: p.name })) },
    { id: 'description', type: 'longtext', label: 'Description', required: false, maxLength: 3000 },
  ];
}

export function caseForm(flow: LoadedCaseFlow, directory: Directory, today: string, state: FormState = {}): AdaptiveCard {
  return formCard({
    title: `Open a case: ${flow.def.name}`,
    ...(flow.def.description ? { intro: flow.def.description } : {}),
    sections: [
      { fields: caseBasics(flow), prefix: CASE_PREFIX },
      { fields: flow.def.fields, prefix: FIELD_PREFIX },
    ],
    values: { [`${CASE_PREFIX}priority`]: flow.def.defaultPriority, ...state.values },
    ...(state.errors ? { errors: state.errors } : {}),
    ...(state.banner ? { banner: state.banner } : {}),
    submit: { title: 'Open case', verb: VERBS.openCase, data: { flow: flow.def.id, [NONCE]: state.nonce ?? randomUUID() } },
    people: directory.people(),
    today,
  });
}
