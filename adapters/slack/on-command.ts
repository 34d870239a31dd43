// `/request` and `/case`. Slack wants the ack within 3 s and a trigger_id is good for 3 s: answer
// what needs no I/O in the ack itself, open modals right after the ack, and do engine work last,
// replying through response_url (good for 30 minutes).
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Command } from '../../src/app/commands.ts';
import type { LoadedCaseFlow } from '../../src/core/flow-runtime.ts';
import { caseFormModal, pickTypeModal } from './case-modal.ts';
import { type CaseAction, type CaseIntent, caseIntent, type PersonRef } from './case-command.ts';
import { explain } from '../../src/core/refusals.ts';
import { requestFormModal } from './form-modal.ts';
import { caseHelp, requestHelp } from './help.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { type RequestAction, requestIntent } from './request-command.ts';
import { slackWhere } from './where.ts';
import { requestFlowAt } from '../../src/app/flow-versions.ts';
import { mayRaise, openableFlows, raisableFlows } from '../../src/core/permissions/may.ts';
import { failed, refusalText, run, type SlackDeps, strangerText } from './runtime.ts';

export const SlashCommand = z
  .object({
    command: z.string(),
    text: z.string().default(''),
    user_id: z.string().min(1),
    channel_id: z.string().default(''),
    trigger_id: z.string().default(''),
  })
  .loose();
export type SlashCommand = z.infer<typeof SlashCommand>;

export type Ack = (response?: unknown) => Promise<void>;
export type Respond = ((message: { text: string; response_type?: 'ephemeral'; replace_original?: boolean; blocks?: webApi.KnownBlock[] }) => Promise<unknown>) | undefined;

export const PICK_REQUEST = 'docket.pick_request';
const ephemeral = (text: string, blocks?: webApi.KnownBlock[]) => ({ response_type: 'ephemeral' as const, text, ...(blocks ? { blocks } : {}) });

export async function onRequestCommand(deps: SlackDeps, cmd: SlashCommand, ack: Ack, respond: Respond): Promise<void> {
  const all = deps.engine.deps.flows.requestFlows();
  // the picker and help list only what this person may raise here; the engine checks again on submit
  const email = all.length ? await deps.identities.emailOf(cmd.user_id) : undefined;
  const where = slackWhere(cmd.channel_id);
  const flows = email ? raisableFlows(email, where, deps.engine.deps) : [];
  const intent = requestIntent(cmd.text, all);
  switch (intent.kind) {
    case 'help':
      return ack(ephemeral(requestHelp(flows)));
    case 'picker': {
      if (all.length === 0) return ack(ephemeral('No request types are set up yet: an admin adds them under flows/requests/.'));
      if (!email) return ack(ephemeral(strangerText(cmd.user_id)));
      if (flows.length === 0) return ack(ephemeral('There is nothing you can request here. Try a direct message with Docket, or ask an admin what you may request.'));
      const buttons: webApi.Button[] = flows.map((f) => ({ type: 'button', action_id: `${PICK_REQUEST}:${f.def.id}`, value: f.def.id, text: { type: 'plain_text', text: f.def.name.slice(0, 75), emoji: true } }));
      const blocks: webApi.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(intent.note ?? 'What would you like to request?') } }];
      for (let i = 0; i < buttons.length; i += 25) blocks.push({ type: 'actions', elements: buttons.slice(i, i + 25) });
      // the fallback text is escaped like the blocks: the note echoes what was typed
      return ack(ephemeral(escapeMrkdwn(intent.note ?? 'What would you like to request?'), blocks));
    }
    case 'form': {
      if (!email) return ack(ephemeral(strangerText(cmd.user_id)));
      const denied = mayRaise(intent.flow, email, where, deps.engine.deps);
      if (denied) return ack(ephemeral(escapeMrkdwn(refusalText(denied))));
      await ack();
      try {
        await deps.api.views.open({ trigger_id: cmd.trigger_id, view: requestFormModal(intent.flow, cmd.channel_id ? { channel: cmd.channel_id } : {}) });
      } catch (err) {
        await failed(deps, 'opening a request form', err, respond ? (text) => respond(ephemeral(text)) : undefined);
      }
      return;
    }
    case 'usage':
      return ack(ephemeral(escapeMrkdwn(intent.note)));
    case 'act': {
      const tell = async (text: string) => {
        await respond?.(ephemeral(escapeMrkdwn(text)));
      };
      await ack();
      try {
        await requestAct(deps, cmd, intent.request, intent.action, tell);
      } catch (err) {
        await failed(deps, '/request', err, tell);
      }
      return;
    }
    default: {
      const unhandled: never = intent;
      throw new Error(`unhandled intent ${JSON.stringify(unhandled)}`);
    }
  }
}

/** `/request R-12 <verb>`: the same engine commands as the card's buttons */
async function requestAct(deps: SlackDeps, cmd: SlashCommand, request: string, action: RequestAction, tell: (text: string) => Promise<void>): Promise<void> {
  const email = await deps.identities.emailOf(cmd.user_id);
  if (!email) return tell(strangerText(cmd.user_id));
  let command: Command;
  switch (action.type) {
    case 'approve':
      command = { type: 'request.approve', request, ...(action.comment ? { comment: action.comment } : {}) };
      break;
    case 'reject':
      command = { type: 'request.reject', request, reason: action.text };
      break;
    case 'send_back':
      command = { type: 'request.send_back', request, reason: action.text };
      break;
    case 'comment':
      command = { type: 'request.comment', request, text: action.text };
      break;
    case 'recall':
      command = { type: 'request.recall', request, ...(action.reason ? { reason: action.reason } : {}) };
      break;
    case 'reassign':
    case 'add_approver': {
      const who = await personEmail(deps, action.person);
      if (typeof who !== 'string') return tell(who.problem);
      command = action.type === 'reassign' ? { type: 'request.reassign', request, to: who } : { type: 'request.add_approver', request, approver: who };
      break;
    }
    case 'edit': {
      const r = await deps.engine.deps.store.getRequest(request);
      if (!r) return tell(explain('request.not_found', { request }));
      if (r.requester !== email) return tell(explain('request.not_requester', { request, requester: deps.engine.deps.directory.nameOf(r.requester) }));
      const flow = await requestFlowAt(deps.engine.deps.flows, deps.engine.deps.store, r.flowId, r.flowVersion);
      await deps.api.views.open({ trigger_id: cmd.trigger_id, view: requestFormModal(flow, { initial: r.form, request: r.id, slackIdOf: (e) => deps.identities.explicitIdOf(e) }) });
      return;
    }
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled request action ${JSON.stringify(unhandled)}`);
    }
  }
  const outcome = await run(deps, email, `slack:command:${cmd.trigger_id}`, command);
  if (!outcome.ok) return tell(refusalText(outcome));
  return tell(`${request}: done (${action.type.replace(/_/g, ' ')}).`);
}

export async function onCaseCommand(deps: SlackDeps, cmd: SlashCommand, ack: Ack, respond: Respond): Promise<void> {
  const flows = deps.engine.deps.flows.caseFlows();
  const intent = caseIntent(cmd.text);
  const tell = async (text: string) => {
    await respond?.(ephemeral(escapeMrkdwn(text)));
  };
  if (intent.kind === 'help') {
    const email = await deps.identities.emailOf(cmd.user_id);
    const help = caseHelp(email ? openableFlows(email, slackWhere(cmd.channel_id), deps.engine.deps) : undefined);
    return ack(ephemeral(intent.note ? `${escapeMrkdwn(intent.note)}\n\n${help}` : help));
  }
  if (flows.length === 0) return ack(ephemeral('No case types are set up yet: an admin adds them under flows/cases/.'));
  await ack();
  try {
    await afterAck(deps, cmd, intent, flows, tell);
  } catch (err) {
    await failed(deps, '/case', err, tell);
  }
}

async function afterAck(deps: SlackDeps, cmd: SlashCommand, intent: Exclude<CaseIntent, { kind: 'help' }>, flows: readonly LoadedCaseFlow[], tell: (text: string) => Promise<void>): Promise<void> {
  if (intent.kind === 'modal') {
    const flow = channelFlow(flows, cmd.channel_id) ?? (flows.length === 1 ? flows[0] : undefined);
    const channel = cmd.channel_id || undefined;
    await deps.api.views.open({ trigger_id: cmd.trigger_id, view: flow ? caseFormModal(flow, channel ? { channel } : {}) : pickTypeModal('case', flows, undefined, channel) });
    return;
  }
  if (intent.kind === 'open') {
    const [first = '', ...rest] = intent.title.split(/\s+/);
    const named = rest.length ? flows.find((f) => f.def.id === first.toLowerCase()) : undefined;
    const title = named ? rest.join(' ') : intent.title;
    const flow = named ?? channelFlow(flows, cmd.channel_id) ?? (flows.length === 1 ? flows[0] : undefined);
    // intake fields the engine will insist on cannot be typed after the command: ask in the form
    if (!flow || flow.def.fields.some((f) => f.required)) {
      await deps.api.views.open({ trigger_id: cmd.trigger_id, view: flow ? caseFormModal(flow, { title, ...(cmd.channel_id ? { channel: cmd.channel_id } : {}) }) : pickTypeModal('case', flows, title, cmd.channel_id || undefined) });
      return;
    }
    const email = await deps.identities.emailOf(cmd.user_id);
    if (!email) return tell(strangerText(cmd.user_id));
    const outcome = await run(deps, email, `slack:command:${cmd.trigger_id}`, { type: 'case.open', flow: flow.def.id, title }, slackWhere(cmd.channel_id));
    if (!outcome.ok) return tell(outcome.fieldErrors ? `${refusalText(outcome)} ${Object.values(outcome.fieldErrors).join(' ')}` : refusalText(outcome));
    return tell(`Opened ${outcome.subject.replace(/^case:/, '')}: ${title}. Its card is posted in ${flow.def.channel.name}; work on it in that thread.`);
  }
  const email = await deps.identities.emailOf(cmd.user_id);
  if (!email) return tell(strangerText(cmd.user_id));
  const target = await caseFor(deps, flows, intent.case, cmd.channel_id);
  if ('problem' in target) return tell(target.problem);
  if (intent.action.type === 'start_request') {
    const flow = deps.engine.deps.flows.requestFlow(intent.action.flow) ?? deps.engine.deps.flows.requestFlows().find((f) => f.def.id.startsWith(intent.action.type === 'start_request' ? intent.action.flow : ''));
    if (!flow) return tell(`${explain('flow.unknown', { flow: intent.action.flow })} Types: ${deps.engine.deps.flows.requestFlows().map((f) => f.def.id).join(', ')}.`);
    await deps.api.views.open({ trigger_id: cmd.trigger_id, view: requestFormModal(flow, { fromCase: target.id, ...(cmd.channel_id ? { channel: cmd.channel_id } : {}) }) });
    return;
  }
  const command = await commandFor(deps, target.id, intent.action);
  if ('problem' in command) return tell(command.problem);
  const outcome = await run(deps, email, `slack:command:${cmd.trigger_id}`, command.command, slackWhere(cmd.channel_id));
  if (!outcome.ok) return tell(refusalText(outcome));
  return tell(`${target.id}: ${done(intent.action)}.`);
}

function channelFlow(flows: readonly LoadedCaseFlow[], channelId: string): LoadedCaseFlow | undefined {
  const here = flows.filter((f) => f.def.channel.slack === channelId);
  return here.length === 1 ? here[0] : undefined;
}

/** the case a thread command means: named, or the only open case of this channel's case type */
async function caseFor(deps: SlackDeps, flows: readonly LoadedCaseFlow[], named: string | undefined, channelId: string): Promise<{ id: string } | { problem: string }> {
  if (named) return { id: named };
  const here = flows.filter((f) => f.def.channel.slack === channelId);
  const hint = 'Slack does not tell Docket which thread a command was typed in, so name the case, e.g. "/case C-12 status investigating".';
  if (here.length === 0) return { problem: `Which case? ${hint}` };
  const open = (await Promise.all(here.map((f) => deps.engine.deps.store.openCasesOfFlow(f.def.id, 11)))).flat();
  if (open.length === 1) return { id: open[0]!.id };
  if (open.length === 0) return { problem: `There is no open case in this channel. ${hint}` };
  const list = open.slice(0, 10).map((c) => `${c.id} ${c.title.slice(0, 60)}`).join('; ');
  return { problem: `Several cases are open here (${list}${open.length > 10 ? '; …' : ''}). ${hint}` };
}

async function personEmail(deps: SlackDeps, person: PersonRef): Promise<string | { problem: string }> {
  const email = person.slackUser ? await deps.identities.emailOf(person.slackUser) : person.email;
  if (!email || !deps.engine.deps.directory.person(email)) return { problem: `${person.raw.replace(/^<@[A-Z0-9]+\|?([^>]*)>$/, '@$1')} is not in the Docket directory.` };
  return email;
}

async function commandFor(deps: SlackDeps, id: string, action: CaseAction): Promise<{ command: Command } | { problem: string }> {
  const update = (change: Extract<Command, { type: 'case.update' }>['change']) => ({ command: { type: 'case.update' as const, case: id, change } });
  const task = (change: Extract<Command, { type: 'case.task' }>['change']) => ({ command: { type: 'case.task' as const, case: id, change } });
  const withPerson = async (person: PersonRef, make: (email: string) => { command: Command }) => {
    const email = await personEmail(deps, person);
    return typeof email === 'string' ? make(email) : email;
  };
  switch (action.type) {
    case 'take':
      return update({ type: 'take' });
    case 'task_add':
      return task({ type: 'add', title: action.title });
    case 'task_done':
      return task({ type: 'complete', task: action.task });
    case 'task_reopen':
      return task({ type: 'reopen', task: action.task });
    case 'task_assign':
      return withPerson(action.person, (email) => task({ type: 'assign', task: action.task, assignee: email }));
    case 'task_due':
      return task({ type: 'set_due', task: action.task, due: action.due });
    case 'assign':
      return withPerson(action.person, (email) => update({ type: 'assign', to: email }));
    case 'member_add':
      return withPerson(action.person, (email) => update({ type: 'add_member', person: email }));
    case 'member_remove':
      return withPerson(action.person, (email) => update({ type: 'remove_member', person: email }));
    case 'watch':
      return update({ type: 'add_watcher', person: '' });
    case 'unwatch':
      return update({ type: 'remove_watcher', person: '' });
    case 'mute':
      return update({ type: 'mute' });
    case 'unmute':
      return update({ type: 'unmute' });
    case 'note':
      return update({ type: 'add_note', text: action.text, source: 'command', ...(action.update ? { update: true } : {}) });
    case 'status':
      return update({ type: 'set_status', status: action.status });
    case 'priority':
      return update({ type: 'set_priority', priority: action.priority });
    case 'link':
      return { command: { type: 'case.link', case: id, kind: action.kind, target: action.target } };
    case 'start_request':
      return { problem: 'A request is started with its form.' };
    case 'resolve':
      return update({ type: 'resolve', resolution: action.resolution });
    case 'reopen':
      return update({ type: 'reopen', ...(action.reason ? { reason: action.reason } : {}) });
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled case action ${JSON.stringify(unhandled)}`);
    }
  }
}

function done(action: CaseAction): string {
  switch (action.type) {
    case 'take':
      return 'you own it now';
    case 'task_add':
      return `task added (${action.title.slice(0, 80)})`;
    case 'task_done':
      return `${action.task} is done`;
    case 'task_reopen':
      return `${action.task} is open again`;
    case 'task_assign':
      return `${action.task} is assigned`;
    case 'task_due':
      return `${action.task} has a due date`;
    case 'assign':
      return 'owner changed';
    case 'member_add':
      return 'member added';
    case 'member_remove':
      return 'member removed';
    case 'watch':
      return 'you are watching it';
    case 'unwatch':
      return 'you stopped watching it';
    case 'mute':
      return 'muted: Docket will not tell you about it';
    case 'unmute':
      return 'unmuted';
    case 'note':
      return 'note added';
    case 'status':
      return `status changed to ${action.status.slice(0, 40)}`;
    case 'priority':
      return `priority changed to ${action.priority.slice(0, 40)}`;
    case 'link':
      return `linked to ${action.target.slice(0, 40)} (${action.kind.replace(/_/g, ' ')})`;
    case 'start_request':
      return 'request form opened';
    case 'resolve':
      return 'resolved';
    case 'reopen':
      return 'reopened';
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled case action ${JSON.stringify(unhandled)}`);
    }
  }
}
