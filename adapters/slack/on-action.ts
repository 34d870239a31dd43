// Button clicks (block_actions). A card button becomes an engine command keyed by the click's
// action_ts and user, so a Slack retry or a double click changes nothing the second time; the
// engine decides, and a refusal is told to the clicker alone, with their copy of the card redrawn.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { requestFlowAt } from '../../src/app/flow-versions.ts';
import type { CardActionId } from '../../src/core/card.ts';
import { explain } from '../../src/core/refusals.ts';
import { actionModal, type ActionMetadata } from './action-modal.ts';
import { type ActionValue, cardActionOf, decodeActionValue } from './action-value.ts';
import { cardBlocks, cardFallback } from './blocks.ts';
import { defaultInput, translate } from './card-commands.ts';
import { caseFormModal, pickTypeModal } from './case-modal.ts';
import { requestFormModal } from './form-modal.ts';
import { HOME_ACTIONS } from './home.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import type { Ack, Respond } from './on-command.ts';
import { failed, publishHome, refusalText, run, type SlackDeps, strangerText } from './runtime.ts';
import { HOME_CHANNEL, slackWhere } from './where.ts';
import { openableFlows, raisableFlows } from '../../src/core/permissions/may.ts';

export const BlockActions = z
  .object({
    type: z.literal('block_actions'),
    user: z.object({ id: z.string().min(1) }).loose(),
    trigger_id: z.string().default(''),
    container: z
      .object({ type: z.string(), channel_id: z.string().optional(), message_ts: z.string().optional(), is_ephemeral: z.boolean().optional() })
      .loose()
      .optional(),
    view: z.object({ id: z.string(), type: z.string() }).loose().optional(),
    actions: z.array(z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().default('') }).loose()).min(1),
  })
  .loose();
type BlockActions = z.infer<typeof BlockActions>;

interface Where {
  home: boolean;
  /** the (non-ephemeral) message the button was on */
  message?: { channel: string; ts: string };
}

function whereOf(p: BlockActions): Where {
  const c = p.container;
  const message = c?.type === 'message' && c.channel_id && c.message_ts && !c.is_ephemeral ? { channel: c.channel_id, ts: c.message_ts } : undefined;
  return { home: p.view?.type === 'home', ...(message ? { message } : {}) };
}

export async function onCardAction(deps: SlackDeps, body: unknown, ack: Ack, respond: Respond): Promise<void> {
  await ack();
  const parsed = BlockActions.safeParse(body);
  if (!parsed.success) return deps.log.warn('slack: malformed block_actions ignored');
  const p = parsed.data;
  const clicked = p.actions[0]!;
  const action = cardActionOf(clicked.action_id);
  const value = decodeActionValue(clicked.value);
  if (!action || !value) return deps.log.warn('slack: a button with an unknown action or value ignored', { action: clicked.action_id });
  const where = whereOf(p);
  const userId = p.user.id;
  let email: string | undefined;
  // a refusal goes to the clicker alone: ephemeral under the message, or on top of their Home
  const tell = async (text: string) => {
    if (where.home) return publishHome(deps, userId, email, text);
    await respond?.({ response_type: 'ephemeral', replace_original: false, text: escapeMrkdwn(text) });
  };
  try {
    email = await deps.identities.emailOf(userId);
    if (!email) return await tell(strangerText(userId));
    const fresh = await deps.views.card(value.subject, email);
    // the card as drawn now says what the button asks for (the current statuses to choose from)
    const offered = fresh?.actions.find((a) => a.id === action && a.value === value.value);
    const asks = offered ? { ...(offered.input ? { input: offered.input } : {}), ...(offered.pick ? { pick: offered.pick } : {}) } : defaultInput(action);
    const t = translate(action, value, undefined, asks);
    switch (t.kind) {
      case 'ask': {
        const metadata: ActionMetadata = { kind: 'action', action, value, home: where.home, ...(where.message ? { message: where.message } : {}) };
        await deps.api.views.open({ trigger_id: p.trigger_id, view: actionModal(action, t.input, metadata, (offered?.label ?? 'Send').slice(0, 24), t.pick) });
        return;
      }
      case 'start_form': {
        const flow = deps.engine.deps.flows.requestFlow(t.flow);
        if (!flow) return await tell(explain('flow.unknown', { flow: t.flow }));
        await deps.api.views.open({ trigger_id: p.trigger_id, view: requestFormModal(flow, { fromCase: t.case, channel: where.home ? HOME_CHANNEL : (where.message?.channel ?? p.container?.channel_id) }) });
        return;
      }
      case 'edit_form': {
        const r = await deps.engine.deps.store.getRequest(t.request);
        if (!r) return await tell(explain('request.not_found', { request: t.request }));
        const flow = await requestFlowAt(deps.engine.deps.flows, deps.engine.deps.store, r.flowId, r.flowVersion);
        await deps.api.views.open({ trigger_id: p.trigger_id, view: requestFormModal(flow, { initial: r.form, request: r.id, slackIdOf: (e) => deps.identities.explicitIdOf(e) }) });
        return;
      }
      case 'command': {
        const outcome = await run(deps, email, `slack:action:${clicked.action_ts}:${userId}`, t.command, slackWhere(where.home ? HOME_CHANNEL : (where.message?.channel ?? p.container?.channel_id)));
        if (!outcome.ok) {
          await tell(refusalText(outcome));
          await refreshCard(deps, where, value, email);
        } else if (where.home && !outcome.duplicate) {
          await publishHome(deps, userId, email, `Done: ${labelOf(action)} on ${value.subject.replace(/^(request|case):/, '')}.`);
        }
        return;
      }
      case 'stale':
        await tell('This button no longer fits its card; here is the card as it is now.');
        await refreshCard(deps, where, value, email);
        return;
      default: {
        const unhandled: never = t;
        throw new Error(`unhandled translation ${JSON.stringify(unhandled)}`);
      }
    }
  } catch (err) {
    await failed(deps, `button ${clicked.action_id}`, err, tell);
  }
}

/** after a refusal, the clicker's copy shows the item as it is now (buttons gone if moot) */
export async function refreshCard(deps: SlackDeps, where: { home?: boolean; message?: { channel: string; ts: string } }, value: ActionValue, email: string): Promise<void> {
  if (!where.message) return;
  // a refused click must not draw an item for someone who may not see it (a forwarded card, a
  // channel copy): their copy stays as it was, and the refusal said why
  if (!(await deps.views.mayView(value.subject, email))) return;
  const card = await deps.views.card(value.subject, email);
  if (!card) return;
  try {
    await deps.api.chat.update({ channel: where.message.channel, ts: where.message.ts, text: cardFallback(card), blocks: cardBlocks(card) });
  } catch (err) {
    deps.log.warn('slack: could not refresh a card after a refusal', { err });
  }
}

function labelOf(action: CardActionId): string {
  return action.replace(/^(request|case)\./, '').replace(/_/g, ' ');
}

/** a request type picked from the `/request` list: its form */
export async function onPickRequest(deps: SlackDeps, body: unknown, ack: Ack, respond: Respond): Promise<void> {
  await ack();
  const parsed = BlockActions.safeParse(body);
  if (!parsed.success) return;
  const flow = deps.engine.deps.flows.requestFlow(parsed.data.actions[0]!.value ?? '');
  if (!flow) return;
  const channel = parsed.data.container?.channel_id;
  try {
    await deps.api.views.open({ trigger_id: parsed.data.trigger_id, view: requestFormModal(flow, channel ? { channel } : {}) });
  } catch (err) {
    await failed(deps, 'opening a request form', err, respond ? (text) => respond({ response_type: 'ephemeral', text }) : undefined);
  }
}

/** the buttons at the top of the Home tab */
export async function onHomeButton(deps: SlackDeps, body: unknown, ack: Ack): Promise<void> {
  await ack();
  const parsed = BlockActions.safeParse(body);
  if (!parsed.success) return;
  const p = parsed.data;
  const { flows } = deps.engine.deps;
  try {
    let view: webApi.ModalView | undefined;
    switch (p.actions[0]!.action_id) {
      case HOME_ACTIONS.newRequest: {
        // the Home tab offers only what this person may raise there (the engine checks again)
        const email = await deps.identities.emailOf(p.user.id);
        const mine = email ? raisableFlows(email, slackWhere(HOME_CHANNEL), deps.engine.deps) : [];
        // Slack rejects a select with no options: say so on the Home tab instead
        if (mine.length === 0) return await publishHome(deps, p.user.id, email, 'There is nothing you can request here; ask an admin what you may request.');
        view = pickTypeModal('request', mine, undefined, HOME_CHANNEL);
        break;
      }
      case HOME_ACTIONS.newCase: {
        const email = await deps.identities.emailOf(p.user.id);
        const cases = email ? openableFlows(email, slackWhere(HOME_CHANNEL), deps.engine.deps) : [];
        if (cases.length === 0) return await publishHome(deps, p.user.id, email, 'There is no case type you can open here; some open only in their own channel.');
        view = cases.length === 1 ? caseFormModal(cases[0]!, { channel: HOME_CHANNEL }) : pickTypeModal('case', cases, undefined, HOME_CHANNEL);
        break;
      }
      default:
        return await publishHome(deps, p.user.id, await deps.identities.emailOf(p.user.id));
    }
    await deps.api.views.open({ trigger_id: p.trigger_id, view });
  } catch (err) {
    await failed(deps, `home button ${p.actions[0]!.action_id}`, err);
  }
}
