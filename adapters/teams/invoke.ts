// `adaptiveCard/action` invokes: a click on an Action.Execute button. The answer replaces the
// clicker's copy of the card at once (200, application/vnd.microsoft.card.adaptive); everyone
// else's copies follow through the outbox (updateActivity). A refusal comes back as the same card
// with an error banner, never as a silent failure. The activity id is the idempotency key, so a
// redelivered click changes nothing the second time; a form's submission is keyed by the nonce
// its card carries, so a double click on Submit raises one request, not two.
//
// Only what the clicker may see comes back: someone Docket cannot identify gets the reason and
// nothing else, a request shows only to the people in it and admins (Views.mayView), and the
// "edit and resubmit" form only to its requester.
import type { TurnContext } from 'botbuilder';
import { teamsWhere } from './where.ts';
import { z } from 'zod';
import { requestFlowAt } from '../../src/app/flow-versions.ts';
import { explain } from '../../src/core/refusals.ts';
import type { Refusal } from '../../src/core/result.ts';
import { bulkDecide, type BulkItem, bulkItemOf, bulkSummary } from '../../src/app/bulk.ts';
import type { Command } from '../../src/app/commands.ts';
import type { CardActionId } from '../../src/core/card.ts';
import { ACTION_INPUT_ID, ACTION_PICK_ID, ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard, type Banner, noticeCard, REFRESH_VERB, renderCard } from './adaptive-card.ts';
import { type BotDeps, keyOf, sentence, today, whoSentence } from './bot-deps.ts';
import { cardCommand, DONE, isCardAction, personEmail } from './engine-commands.ts';
import { BULK_REASON_ID, INBOX_VERBS, inboxCard, SELECTED_ID } from './inbox.ts';
import { FIELD_PREFIX, prefixErrors, readSection, storedValues, typedValues } from './form-card.ts';
import type { Who } from './identity.ts';
import { CASE_PREFIX, caseBasics, caseForm, nonceOf, requestForm, VERBS } from './menus.ts';

const InvokeValue = z.object({
  action: z.object({
    type: z.string(),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

export type InvokeBody =
  | { statusCode: 200; type: typeof ADAPTIVE_CARD_CONTENT_TYPE; value: AdaptiveCard }
  | { statusCode: 400; type: 'application/vnd.microsoft.error'; value: { code: string; message: string } };

type Person = Extract<Who, { ok: true }>;
type Data = Record<string, unknown>;

const show = (card: AdaptiveCard): InvokeBody => ({ statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const error = (text: string): Banner => ({ tone: 'error', text });

export async function onCardAction(context: TurnContext, deps: BotDeps): Promise<InvokeBody> {
  const parsed = InvokeValue.safeParse(context.activity.value);
  if (!parsed.success || parsed.data.action.type !== 'Action.Execute') {
    return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Docket expects an Action.Execute with a verb.' } };
  }
  const { verb } = parsed.data.action;
  const data = parsed.data.action.data ?? {};
  const who = await deps.people.resolve(context);
  // nothing about the item for someone we cannot identify: the reason only
  if (!who.ok) return show(noticeCard('Docket', [], error(whoSentence(who))));
  await deps.references.rememberPerson(context, who.email);
  await deps.references.rememberChannel(context);

  switch (verb) {
    case REFRESH_VERB:
      return viewerCard(deps, who, str(data.subject));
    case INBOX_VERBS.refresh:
      return inbox(deps, who);
    case INBOX_VERBS.open:
      return viewerCard(deps, who, str(data.subject));
    case INBOX_VERBS.approve:
    case INBOX_VERBS.reject:
      return bulk(context, deps, who, verb === INBOX_VERBS.approve ? 'approve' : 'reject', data);
    case VERBS.openForm: {
      const flow = deps.engine.deps.flows.requestFlow(str(data.flow) ?? '');
      if (!flow) return show(noticeCard('Raise a request', [], error(explain('flow.unknown', { flow: str(data.flow) ?? '' }))));
      return show(requestForm(flow, deps.engine.deps.directory, today(deps, who.email)));
    }
    case VERBS.submitForm:
      return submit(context, deps, who, data);
    case VERBS.resubmitForm:
      return resubmit(context, deps, who, data);
    case VERBS.caseForm: {
      const flow = deps.engine.deps.flows.caseFlow(str(data.flow) ?? '');
      if (!flow) return show(noticeCard('Open a case', [], error(explain('flow.unknown', { flow: str(data.flow) ?? '' }))));
      return show(caseForm(flow, deps.engine.deps.directory, today(deps, who.email), { values: { [`${CASE_PREFIX}title`]: str(data.title) ?? '' } }));
    }
    case VERBS.openCase:
      return openCase(context, deps, who, data);
    default:
      if (isCardAction(verb)) return cardAction(context, deps, who, verb, data);
      return show(noticeCard('Docket', [], error(`This button (${verb.slice(0, 60)}) is not one Docket knows. The card may come from an older version; ask for it again.`)));
  }
}

async function viewerCard(deps: BotDeps, who: Person, subject: string | undefined, banner?: Banner): Promise<InvokeBody> {
  const card = subject ? await deps.views.card(subject, who.email) : undefined;
  const id = subject?.replace(/^(request|case):/, '') ?? 'This item';
  if (!card) return show(noticeCard('Docket', [], error(`${id} does not exist any more.`)));
  // a refusal still says why; the card itself only to those who may see it
  if (!(await deps.views.mayView(card.key, who.email))) return show(noticeCard('Docket', [], banner?.tone === 'error' ? banner : error(explain('item.not_visible', { item: id }))));
  return show(renderCard(card, { userIds: [who.teamsUserId], people: peopleOf(deps), ...(banner ? { banner } : {}) }));
}

const peopleOf = (deps: BotDeps) => [...deps.engine.deps.directory.people()].map((p) => ({ email: p.email, name: p.name })).sort((a, b) => a.name.localeCompare(b.name));

/** the inbox as its reader sees it now, with what just happened on top */
export async function inboxFor(deps: BotDeps, who: Person, banner?: Banner): Promise<AdaptiveCard> {
  const home = await deps.views.home(who.email);
  return inboxCard(home, deps.engine.deps.directory.nameOf(who.email), who.teamsUserId, banner);
}

async function inbox(deps: BotDeps, who: Person, banner?: Banner): Promise<InvokeBody> {
  return show(await inboxFor(deps, who, banner));
}

/** "Approve selected" / "Reject selected": one engine command per ticked request */
async function bulk(context: TurnContext, deps: BotDeps, who: Person, outcome: 'approve' | 'reject', data: Data): Promise<InvokeBody> {
  // Input.ChoiceSet with isMultiSelect sends the ticked values comma-separated
  const raw = typeof data[SELECTED_ID] === 'string' ? (data[SELECTED_ID] as string) : '';
  const picked = raw.split(',').filter((v) => v.trim());
  const items = picked.map(bulkItemOf).filter((i): i is BulkItem => i !== undefined);
  if (items.length !== picked.length) return inbox(deps, who, error('Some of the selected items are not requests Docket knows; refresh the inbox and select again.'));
  const key = keyOf(context) ?? `teams:bulk:${who.email}:${raw}`;
  const result = await bulkDecide(deps.engine, who.email, key, items, outcome, str(data[BULK_REASON_ID]) ?? '');
  if ('problem' in result) return inbox(deps, who, error(result.problem));
  return inbox(deps, who, { tone: result.refused.length ? 'info' : 'good', text: bulkSummary(result, outcome) });
}

/** a form's submission is the same command however often it arrives: keyed by its card's nonce */
function formKey(context: TurnContext, who: Person, data: Data): string | undefined {
  const nonce = nonceOf(data);
  // the person is part of the key: a form posted in a channel may be filled in by several people
  return nonce ? `teams:form:${nonce}:${who.email}` : keyOf(context);
}

const whereOf = (context: TurnContext) => {
  const where = teamsWhere(context);
  return where ? { where } : {};
};

async function cardAction(context: TurnContext, deps: BotDeps, who: Person, action: CardActionId, data: Data): Promise<InvokeBody> {
  const subject = str(data.subject);
  if (!subject) return show(noticeCard('Docket', [], error('This button does not say what it acts on.')));
  if (action === 'request.resubmit') return resubmitForm(deps, who, subject);
  if (action === 'case.start_request') return startForm(deps, who, subject, str(data[ACTION_INPUT_ID]) ?? '');
  const { directory } = deps.engine.deps;
  const input = str(data[ACTION_INPUT_ID]) ?? '';
  // a person typed (where the card could not offer a list) is read as an email or a name
  const answer = PERSON_ACTIONS.has(action) ? personEmail(directory, input) : input;
  const command = cardCommand(action, subject, str(data.value), answer, str(data[ACTION_PICK_ID]) ?? '');
  if (!command) return viewerCard(deps, who, subject, error('This button does not fit this item.'));
  const key = keyOf(context);
  const outcome = await deps.engine.execute({ actor: who.email, ...(key ? { key } : {}), ...whereOf(context), command });
  const banner: Banner = !outcome.ok ? error(sentence(outcome)) : outcome.duplicate ? { tone: 'info', text: explain('command.duplicate') } : { tone: 'good', text: DONE[action] };
  return viewerCard(deps, who, subject, banner);
}

const PERSON_ACTIONS = new Set<CardActionId>(['request.reassign', 'request.add_approver', 'case.assign', 'case.add_member', 'case.assign_task']);

/** "Start a request" on a case card: the chosen type's form, whose submission starts it from the case */
async function startForm(deps: BotDeps, who: Person, subject: string, flowId: string): Promise<InvokeBody> {
  const flow = deps.engine.deps.flows.requestFlow(flowId);
  if (!flow || !subject.startsWith('case:')) return viewerCard(deps, who, subject, error(explain('flow.unknown', { flow: flowId })));
  return show(requestForm(flow, deps.engine.deps.directory, today(deps, who.email), {}, undefined, subject.slice('case:'.length)));
}

/** "Edit and resubmit": the form again, filled in with what was sent, for its requester only */
async function resubmitForm(deps: BotDeps, who: Person, subject: string): Promise<InvokeBody> {
  const { store, flows, directory } = deps.engine.deps;
  const r = await store.getRequest(subject.replace(/^request:/, ''));
  if (!r) return viewerCard(deps, who, subject);
  if (r.requester !== who.email.toLowerCase()) return viewerCard(deps, who, subject, error(explain('request.not_requester', { requester: directory.nameOf(r.requester), request: r.id })));
  const flow = await requestFlowAt(flows, store, r.flowId, r.flowVersion);
  return show(requestForm(flow, directory, today(deps, who.email), { values: storedValues(flow.def.form, FIELD_PREFIX, r.form) }, subject));
}

async function submit(context: TurnContext, deps: BotDeps, who: Person, data: Data): Promise<InvokeBody> {
  const { flows, directory } = deps.engine.deps;
  const flow = flows.requestFlow(str(data.flow) ?? '');
  if (!flow) return show(noticeCard('Raise a request', [], error(explain('flow.unknown', { flow: str(data.flow) ?? '' }))));
  const key = formKey(context, who, data);
  const form = readSection(flow.def.form, FIELD_PREFIX, data);
  const fromCase = str(data.case);
  const command: Command = fromCase ? { type: 'case.start_request', case: fromCase, flow: flow.def.id, form } : { type: 'request.submit', flow: flow.def.id, form };
  const outcome = await deps.engine.execute({ actor: who.email, ...(key ? { key } : {}), ...whereOf(context), command });
  if (!outcome.ok) return show(requestForm(flow, directory, today(deps, who.email), formState(outcome, data, FIELD_PREFIX), undefined, fromCase));
  return submitted(deps, who, outcome.subject, 'is on its way');
}

async function resubmit(context: TurnContext, deps: BotDeps, who: Person, data: Data): Promise<InvokeBody> {
  const { store, flows, directory } = deps.engine.deps;
  const subject = str(data.subject) ?? '';
  const r = await store.getRequest(subject.replace(/^request:/, ''));
  if (!r) return viewerCard(deps, who, subject);
  // the engine refuses anyone else too; this keeps them from getting the form back
  if (r.requester !== who.email.toLowerCase()) return viewerCard(deps, who, subject, error(explain('request.not_requester', { requester: directory.nameOf(r.requester), request: r.id })));
  const flow = await requestFlowAt(flows, store, r.flowId, r.flowVersion);
  const key = formKey(context, who, data);
  const form = readSection(flow.def.form, FIELD_PREFIX, data);
  const outcome = await deps.engine.execute({ actor: who.email, ...(key ? { key } : {}), ...whereOf(context), command: { type: 'request.resubmit', request: r.id, form } });
  if (!outcome.ok) return show(requestForm(flow, directory, today(deps, who.email), formState(outcome, data, FIELD_PREFIX), subject));
  return submitted(deps, who, outcome.subject, 'is back with the approvers');
}

/** the form card replaced by a receipt: the live card arrives in the chat through the outbox */
async function submitted(deps: BotDeps, who: Person, subject: string, what: string): Promise<InvokeBody> {
  const card = await deps.views.card(subject, who.email);
  const id = subject.replace(/^request:/, '');
  return show(noticeCard(`Submitted: ${card?.title ?? id}`, [`${id} ${what}. Its card follows in this chat and changes as approvers decide.`], { tone: 'good', text: `${id} submitted.` }));
}

async function openCase(context: TurnContext, deps: BotDeps, who: Person, data: Data): Promise<InvokeBody> {
  const { flows, directory } = deps.engine.deps;
  const flow = flows.caseFlow(str(data.flow) ?? '');
  if (!flow) return show(noticeCard('Open a case', [], error(explain('flow.unknown', { flow: str(data.flow) ?? '' }))));
  const basics = readSection(caseBasics(flow), CASE_PREFIX, data);
  const fields = readSection(flow.def.fields, FIELD_PREFIX, data);
  const key = formKey(context, who, data);
  const outcome = await deps.engine.execute({
    actor: who.email,
    ...(key ? { key } : {}),
    ...whereOf(context),
    command: {
      type: 'case.open',
      flow: flow.def.id,
      title: typeof basics.title === 'string' ? basics.title : '',
      ...(typeof basics.priority === 'string' ? { priority: basics.priority } : {}),
      ...(typeof basics.description === 'string' ? { description: basics.description } : {}),
      fields,
    },
  });
  if (!outcome.ok) {
    // the title and priority are checked before the flow's own fields, and say so by their code
    const basic = outcome.code === 'case.priority_unknown' || (outcome.fieldErrors?.title !== undefined && basics.title === undefined);
    return show(caseForm(flow, directory, today(deps, who.email), formState(outcome, data, basic ? CASE_PREFIX : FIELD_PREFIX)));
  }
  const id = outcome.subject.replace(/^case:/, '');
  return show(noticeCard(`Case ${id} is open`, [`Its card is in ${flow.def.channel.name}; the thread under it is the case's timeline.`], { tone: 'good', text: `${id} opened.` }));
}

/** a refused form drawn again: what was typed, the errors beside it, and the same nonce */
function formState(refusal: Refusal, data: Data, prefix: string): { values: Record<string, string>; errors: Record<string, string>; banner: Banner; nonce?: string } {
  const nonce = nonceOf(data);
  return { values: typedValues(data), errors: prefixErrors(refusal.fieldErrors, prefix), banner: error(sentence(refusal)), ...(nonce ? { nonce } : {}) };
}
