// Modal submissions (view_submission). The answer IS the ack: `response_action: errors` keeps
// the modal open with the engine's message under each field, so the engine runs before the ack;
// a transaction takes milliseconds, well inside Slack's 3 s, and lookups before it fail fast
// (identity.ts). Nothing is created until the form is valid, and the view id is the idempotency
// key, so a resent submission creates nothing twice. A failure keeps the modal open with a plain
// sentence; an answer that comes after the receiver's deadline (Slack has closed the modal as if
// it succeeded) is told to the person by DM instead.
import { z } from 'zod';
import type { Command } from '../../src/app/commands.ts';
import type { Outcome } from '../../src/app/execute.ts';
import { requestFlowAt } from '../../src/app/flow-versions.ts';
import { explain } from '../../src/core/refusals.ts';
import type { Field } from '../../src/flows/model.ts';
import { ActionMetadata, ANSWER_BLOCK, PICK_BLOCK_ID } from './action-modal.ts';
import { cardActionOf } from './action-value.ts';
import { translate } from './card-commands.ts';
import { CASE_BLOCK, caseErrorBlock, caseFormModal, PICK_BLOCK } from './case-modal.ts';
import { CALLBACK, fieldBlockId, fieldErrorBlocks, inputText, readFields, requestFormModal, StateValues, VALUE } from './form-modal.ts';
import { refreshCard } from './on-action.ts';
import { submitBulkReject } from './on-bulk.ts';
import type { Ack } from './on-command.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { failed, publishHome, refusalText, run, type SlackDeps, strangerText } from './runtime.ts';
import { errorsOn, SUBMIT_AGAIN, ViewReply } from './view-reply.ts';
import { HOME_CHANNEL, slackWhere } from './where.ts';

export const ViewSubmission = z
  .object({
    type: z.literal('view_submission'),
    user: z.object({ id: z.string().min(1) }).loose(),
    view: z
      .object({
        id: z.string().min(1),
        callback_id: z.string(),
        private_metadata: z.string().default(''),
        state: z.object({ values: StateValues }).default({ values: {} }),
        blocks: z.array(z.object({ type: z.string(), block_id: z.string().optional() }).loose()).default([]),
      })
      .loose(),
  })
  .loose();
type ViewSubmission = z.infer<typeof ViewSubmission>;

const RequestMeta = z.object({ kind: z.literal('request'), flow: z.string(), request: z.string().optional(), case: z.string().optional(), channel: z.string().max(40).optional() });
const CaseMeta = z.object({ kind: z.literal('case'), flow: z.string(), channel: z.string().max(40).optional() });
const PickMeta = z.object({ kind: z.enum(['request', 'case']), title: z.string().optional(), channel: z.string().max(40).optional() });

function metadata<T>(schema: z.ZodType<T>, raw: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function onViewSubmission(deps: SlackDeps, body: unknown, ack: Ack): Promise<void> {
  const parsed = ViewSubmission.safeParse(body);
  if (!parsed.success) {
    deps.log.warn('slack: malformed view_submission');
    return ack();
  }
  const p = parsed.data;
  const reply = new ViewReply(ack, firstInputBlock(p));
  try {
    await route(deps, p, reply);
  } catch (err) {
    deps.log.error('slack: a view submission failed', { callback: p.view.callback_id, err });
    if (!reply.acked) await reply.refuse(SUBMIT_AGAIN, fallbackBlockOf(deps, p));
  }
  await reply.tellNotice(deps, p.user.id);
}

function route(deps: SlackDeps, p: ViewSubmission, reply: ViewReply): Promise<void> {
  switch (p.view.callback_id) {
    case CALLBACK.requestForm:
      return submitRequest(deps, p, reply);
    case CALLBACK.caseForm:
      return submitCase(deps, p, reply);
    case CALLBACK.pickType:
      return pickType(deps, p, reply);
    case CALLBACK.actionInput:
      return submitAction(deps, p, reply);
    case CALLBACK.bulkReject:
      return submitBulkReject(deps, p.user.id, p.view.id, p.view.private_metadata, inputText(p.view.state.values, ANSWER_BLOCK) ?? '').then((r) => reply.ack(r.error ? errorsOn(ANSWER_BLOCK, r.error) : undefined));
    default:
      return reply.ack();
  }
}

async function submitRequest(deps: SlackDeps, p: ViewSubmission, reply: ViewReply): Promise<void> {
  const meta = metadata(RequestMeta, p.view.private_metadata);
  if (!meta) return reply.ack();
  const { flows, store } = deps.engine.deps;
  // a request sent back is edited on the flow version it is on: its modal was built from that
  // version, and the engine validates against it, whatever the flow says today
  const sentBack = meta.request ? await store.getRequest(meta.request) : undefined;
  if (meta.request && !sentBack) return reply.refuse(explain('request.not_found', { request: meta.request }));
  const flow = sentBack ? await requestFlowAt(flows, store, sentBack.flowId, sentBack.flowVersion) : flows.requestFlow(meta.flow);
  if (!flow) return reply.refuse(explain('flow.unknown', { flow: meta.flow }));
  const firstBlock = fieldBlockId(flow.def.form[0]!.id);
  const email = await deps.identities.emailOf(p.user.id);
  if (!email) return reply.ack(errorsOn(firstBlock, strangerText(p.user.id)));
  const form = await readFields(flow.def.form, p.view.state.values, (id) => deps.identities.emailOf(id));
  const command: Command = sentBack
    ? { type: 'request.resubmit', request: sentBack.id, form }
    : meta.case
      ? { type: 'case.start_request', case: meta.case, flow: flow.def.id, form }
      : { type: 'request.submit', flow: flow.def.id, form };
  const outcome = await run(deps, email, `slack:view:${p.view.id}`, command, slackWhere(meta.channel));
  const done = sentBack ? 'was resubmitted: it is back with the approvers.' : 'was submitted: its card follows in this chat.';
  return answer(reply, outcome, { blockOf: fieldBlockId, fallbackBlock: firstBlock, labelOf: labelIn(flow.def.form), done });
}

async function submitCase(deps: SlackDeps, p: ViewSubmission, reply: ViewReply): Promise<void> {
  const meta = metadata(CaseMeta, p.view.private_metadata);
  if (!meta) return reply.ack();
  const flow = deps.engine.deps.flows.caseFlow(meta.flow);
  if (!flow) return reply.refuse(explain('flow.unknown', { flow: meta.flow }), CASE_BLOCK.title);
  const email = await deps.identities.emailOf(p.user.id);
  if (!email) return reply.ack(errorsOn(CASE_BLOCK.title, strangerText(p.user.id)));
  const values = p.view.state.values;
  const description = inputText(values, CASE_BLOCK.description);
  const priority = inputText(values, CASE_BLOCK.priority);
  const command: Command = {
    type: 'case.open',
    flow: flow.def.id,
    title: inputText(values, CASE_BLOCK.title) ?? '',
    ...(priority ? { priority } : {}),
    ...(description ? { description } : {}),
    fields: await readFields(flow.def.fields, values, (id) => deps.identities.emailOf(id)),
  };
  const outcome = await run(deps, email, `slack:view:${p.view.id}`, command, slackWhere(meta.channel));
  const fieldLabel = labelIn(flow.def.fields);
  const labelOf = (key: string) => (key === 'title' ? 'Title' : key === 'priority' ? 'Priority' : key === 'description' ? 'Description' : fieldLabel(key));
  return answer(reply, outcome, { blockOf: caseErrorBlock, fallbackBlock: CASE_BLOCK.title, labelOf, done: `was opened: its card is posted in ${flow.def.channel.name}.` });
}

/** "Next" on the type picker: the same modal becomes that type's form */
async function pickType(deps: SlackDeps, p: ViewSubmission, reply: ViewReply): Promise<void> {
  const meta = metadata(PickMeta, p.view.private_metadata);
  const chosen = inputText(p.view.state.values, PICK_BLOCK) ?? '';
  const { flows } = deps.engine.deps;
  if (meta?.kind === 'request') {
    const flow = flows.requestFlow(chosen);
    if (!flow) return reply.ack(errorsOn(PICK_BLOCK, 'Choose a request type.'));
    return reply.ack({ response_action: 'update', view: requestFormModal(flow, meta.channel ? { channel: meta.channel } : {}) });
  }
  const flow = flows.caseFlow(chosen);
  if (!flow) return reply.ack(errorsOn(PICK_BLOCK, 'Choose a case type.'));
  return reply.ack({ response_action: 'update', view: caseFormModal(flow, { ...(meta?.title ? { title: meta.title } : {}), ...(meta?.channel ? { channel: meta.channel } : {}) }) });
}

/** the reason, choice or text a button asked for: now the click can be sent */
async function submitAction(deps: SlackDeps, p: ViewSubmission, reply: ViewReply): Promise<void> {
  const meta = metadata(ActionMetadata, p.view.private_metadata);
  const action = meta ? cardActionOf(meta.action) : undefined;
  if (!meta || !action) return reply.ack();
  const email = await deps.identities.emailOf(p.user.id);
  if (!email) return reply.ack(errorsOn(ANSWER_BLOCK, strangerText(p.user.id)));
  const t = translate(action, meta.value, await answerOf(deps, p.view.state.values, ANSWER_BLOCK), undefined, (await answerOf(deps, p.view.state.values, PICK_BLOCK_ID)) ?? '');
  if (t.kind === 'start_form') {
    const flow = deps.engine.deps.flows.requestFlow(t.flow);
    if (!flow) return reply.ack(errorsOn(ANSWER_BLOCK, explain('flow.unknown', { flow: t.flow })));
    // the same modal becomes the request's form; its submission starts the request from the case
    // with the place the button was clicked in: a case type kept to its channel refuses no place
    return reply.ack({ response_action: 'update', view: requestFormModal(flow, { fromCase: t.case, channel: meta.home ? HOME_CHANNEL : meta.message?.channel }) });
  }
  if (t.kind !== 'command') return reply.ack();
  const outcome = await run(deps, email, `slack:view:${p.view.id}`, t.command, slackWhere(meta.home ? HOME_CHANNEL : meta.message?.channel));
  // a missing reason can be fixed in the modal; anything else closes it and is said elsewhere
  if (!outcome.ok && (outcome.code === 'request.reason_required' || outcome.code === 'case.text_required' || outcome.code.endsWith('_unknown'))) {
    return reply.ack(errorsOn(ANSWER_BLOCK, refusalText(outcome)));
  }
  const saidElsewhere = Boolean(meta.home || meta.message);
  await reply.ack(undefined, outcome.ok ? 'Done: your answer was sent.' : saidElsewhere ? '' : refusalText(outcome));
  try {
    if (!outcome.ok) {
      if (meta.home) await publishHome(deps, p.user.id, email, refusalText(outcome));
      else if (meta.message) await deps.api.chat.postEphemeral({ channel: meta.message.channel, user: p.user.id, text: escapeMrkdwn(refusalText(outcome)) });
      await refreshCard(deps, meta, meta.value, email);
    } else if (meta.home) {
      await publishHome(deps, p.user.id, email);
    }
  } catch (err) {
    await failed(deps, 'answering a modal', err);
  }
}

/** an answer as the engine wants it: a picked Slack user as their email, anything else as typed */
async function answerOf(deps: SlackDeps, values: StateValues, block: string): Promise<string> {
  const el = values[block]?.[VALUE];
  if (el?.selected_user) return (await deps.identities.emailOf(el.selected_user)) ?? el.selected_user;
  return inputText(values, block) ?? '';
}

interface FormAnswer {
  /** the block showing the error about a form key */
  blockOf: (key: string) => string;
  /** where a refusal that is about no field shows */
  fallbackBlock: string;
  /** a form key's label, for a DM that cannot point at the field */
  labelOf: (key: string) => string;
  /** what happened, after the new item's id, for a late DM */
  done: string;
}

/** ack the submission: close on success, field errors inline, any other refusal on the fallback block */
function answer(reply: ViewReply, outcome: Outcome, form: FormAnswer): Promise<void> {
  if (outcome.ok) return reply.ack(undefined, `${outcome.subject.replace(/^(request|case):/, '')} ${form.done}`);
  const fieldErrors = Object.entries(outcome.fieldErrors ?? {});
  const late = ['Your form was not submitted.', refusalText(outcome), ...fieldErrors.map(([key, message]) => `${form.labelOf(key)}: ${message}`), 'Please open it again.'].join(' ');
  if (fieldErrors.length) return reply.ack({ response_action: 'errors', errors: fieldErrorBlocks(outcome.fieldErrors!, form.blockOf) }, late);
  return reply.ack(errorsOn(form.fallbackBlock, refusalText(outcome)), late);
}

const labelIn = (fields: readonly Field[]) => (key: string) => fields.find((f) => f.id === key)?.label ?? key;

/** the first input of the modal as Slack sent it (its blocks), for errors about no one field */
function firstInputBlock(p: ViewSubmission): string | undefined {
  return p.view.blocks.find((b) => b.type === 'input' && b.block_id)?.block_id;
}

/** where an error goes when the submission carried no blocks: the form's known first input */
function fallbackBlockOf(deps: SlackDeps, p: ViewSubmission): string | undefined {
  switch (p.view.callback_id) {
    case CALLBACK.requestForm: {
      const flow = deps.engine.deps.flows.requestFlow(metadata(RequestMeta, p.view.private_metadata)?.flow ?? '');
      const first = flow?.def.form[0];
      return first ? fieldBlockId(first.id) : undefined;
    }
    case CALLBACK.caseForm:
      return CASE_BLOCK.title;
    case CALLBACK.pickType:
      return PICK_BLOCK;
    case CALLBACK.actionInput:
      return ANSWER_BLOCK;
    default:
      return undefined;
  }
}
