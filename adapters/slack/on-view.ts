// Modal submissions (view_submission). The answer IS the ack: `response_action: errors` keeps
// the modal open with the engine's message under each field, so the engine runs before the ack;
// a transaction takes milliseconds, well inside Slack's 3 s. Nothing is created until the form
// is valid, and the view id is the idempotency key, so a resent submission creates nothing twice.
import { z } from 'zod';
import type { Command } from '../../src/app/commands.ts';
import type { Outcome } from '../../src/app/execute.ts';
import { ActionMetadata, ANSWER_BLOCK } from './action-modal.ts';
import { cardActionOf } from './action-value.ts';
import { translate } from './card-commands.ts';
import { CASE_BLOCK, caseErrorBlock, caseFormModal, PICK_BLOCK } from './case-modal.ts';
import { CALLBACK, fieldBlockId, fieldErrorBlocks, inputText, readFields, requestFormModal, StateValues } from './form-modal.ts';
import { refreshCard } from './on-action.ts';
import type { Ack } from './on-command.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { failed, publishHome, refusalText, run, type SlackDeps, strangerText } from './runtime.ts';

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
      })
      .loose(),
  })
  .loose();
type ViewSubmission = z.infer<typeof ViewSubmission>;

const RequestMeta = z.object({ kind: z.literal('request'), flow: z.string(), request: z.string().optional() });
const CaseMeta = z.object({ kind: z.literal('case'), flow: z.string() });
const PickMeta = z.object({ kind: z.enum(['request', 'case']), title: z.string().optional() });

function metadata<T>(schema: z.ZodType<T>, raw: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** keeps the modal open with `message` under `block` */
const errorsOn = (block: string, message: string) => ({ response_action: 'errors' as const, errors: { [block]: message.slice(0, 300) } });

export async function onViewSubmission(deps: SlackDeps, body: unknown, ack: Ack): Promise<void> {
  const parsed = ViewSubmission.safeParse(body);
  if (!parsed.success) {
    deps.log.warn('slack: malformed view_submission');
    return ack();
  }
  const p = parsed.data;
  switch (p.view.callback_id) {
    case CALLBACK.requestForm:
      return submitRequest(deps, p, ack);
    case CALLBACK.caseForm:
      return submitCase(deps, p, ack);
    case CALLBACK.pickType:
      return pickType(deps, p, ack);
    case CALLBACK.actionInput:
      return submitAction(deps, p, ack);
    default:
      return ack();
  }
}

async function submitRequest(deps: SlackDeps, p: ViewSubmission, ack: Ack): Promise<void> {
  const meta = metadata(RequestMeta, p.view.private_metadata);
  const flow = meta ? deps.engine.deps.flows.requestFlow(meta.flow) : undefined;
  const firstBlock = flow ? fieldBlockId(flow.def.form[0]!.id) : '';
  if (!meta || !flow) return ack();
  const email = await deps.identities.emailOf(p.user.id);
  if (!email) return ack(errorsOn(firstBlock, strangerText(p.user.id)));
  const form = await readFields(flow.def.form, p.view.state.values, (id) => deps.identities.emailOf(id));
  const command: Command = meta.request ? { type: 'request.resubmit', request: meta.request, form } : { type: 'request.submit', flow: flow.def.id, form };
  return answer(ack, await run(deps, email, `slack:view:${p.view.id}`, command), fieldBlockId, firstBlock);
}

async function submitCase(deps: SlackDeps, p: ViewSubmission, ack: Ack): Promise<void> {
  const meta = metadata(CaseMeta, p.view.private_metadata);
  const flow = meta ? deps.engine.deps.flows.caseFlow(meta.flow) : undefined;
  if (!meta || !flow) return ack();
  const email = await deps.identities.emailOf(p.user.id);
  if (!email) return ack(errorsOn(CASE_BLOCK.title, strangerText(p.user.id)));
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
  return answer(ack, await run(deps, email, `slack:view:${p.view.id}`, command), caseErrorBlock, CASE_BLOCK.title);
}

/** "Next" on the type picker: the same modal becomes that type's form */
async function pickType(deps: SlackDeps, p: ViewSubmission, ack: Ack): Promise<void> {
  const meta = metadata(PickMeta, p.view.private_metadata);
  const chosen = inputText(p.view.state.values, PICK_BLOCK) ?? '';
  const { flows } = deps.engine.deps;
  if (meta?.kind === 'request') {
    const flow = flows.requestFlow(chosen);
    if (!flow) return ack(errorsOn(PICK_BLOCK, 'Choose a request type.'));
    return ack({ response_action: 'update', view: requestFormModal(flow) });
  }
  const flow = flows.caseFlow(chosen);
  if (!flow) return ack(errorsOn(PICK_BLOCK, 'Choose a case type.'));
  return ack({ response_action: 'update', view: caseFormModal(flow, meta?.title ? { title: meta.title } : {}) });
}

/** the reason, choice or text a button asked for: now the click can be sent */
async function submitAction(deps: SlackDeps, p: ViewSubmission, ack: Ack): Promise<void> {
  const meta = metadata(ActionMetadata, p.view.private_metadata);
  const action = meta ? cardActionOf(meta.action) : undefined;
  if (!meta || !action) return ack();
  const email = await deps.identities.emailOf(p.user.id);
  if (!email) return ack(errorsOn(ANSWER_BLOCK, strangerText(p.user.id)));
  const t = translate(action, meta.value, inputText(p.view.state.values, ANSWER_BLOCK) ?? '');
  if (t.kind !== 'command') return ack();
  const outcome = await run(deps, email, `slack:view:${p.view.id}`, t.command);
  // a missing reason can be fixed in the modal; anything else closes it and is said elsewhere
  if (!outcome.ok && (outcome.code === 'request.reason_required' || outcome.code === 'case.text_required' || outcome.code.endsWith('_unknown'))) {
    return ack(errorsOn(ANSWER_BLOCK, refusalText(outcome)));
  }
  await ack();
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

/** ack the submission: close on success, field errors inline, any other refusal on `fallbackBlock` */
function answer(ack: Ack, outcome: Outcome, blockOf: (key: string) => string, fallbackBlock: string): Promise<void> {
  if (outcome.ok) return ack();
  if (outcome.fieldErrors && Object.keys(outcome.fieldErrors).length) return ack({ response_action: 'errors', errors: fieldErrorBlocks(outcome.fieldErrors, blockOf) });
  return ack(errorsOn(fallbackBlock, refusalText(outcome)));
}
