// `/request` and `/case`. Slack wants the ack within 3 s and a trigger_id is good for 3 s: answer
// what needs no I/O in the ack itself, open modals right after the ack, and do engine work last,
// replying through response_url (good for 30 minutes).
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Command } from '../../src/app/commands.ts';
import type { LoadedCaseFlow } from '../../src/core/flow-runtime.ts';
import { caseFormModal, pickTypeModal } from './case-modal.ts';
import { type CaseAction, type CaseIntent, caseIntent } from './case-command.ts';
import { requestFormModal } from './form-modal.ts';
import { caseHelp, requestHelp } from './help.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { requestIntent } from './request-command.ts';
import { slackWhere } from './where.ts';
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
      return ack(ephemeral(intent.note ?? 'What would you like to request?', blocks));
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
    default: {
      const unhandled: never = intent;
      throw new Error(`unhandled intent ${JSON.stringify(unhandled)}`);
    }
  }
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
  const hint = 'Slack does not tell Docket which thread a command was typed in, so name the case, e.g. `/case C-12 status investigating`.';
  if (here.length === 0) return { problem: `Which case? ${hint}` };
  const open = (await Promise.all(here.map((f) => deps.engine.deps.store.openCasesOfFlow(f.def.id, 11)))).flat();
  if (open.length === 1) return { id: open[0]!.id };
  if (open.length === 0) return { problem: `There is no open case in this channel. ${hint}` };
  const list = open.slice(0, 10).map((c) => `${c.id} ${c.title.slice(0, 60)}`).join('; ');
  return { problem: `Several cases are open here (${list}${open.length > 10 ? '; …' : ''}). ${hint}` };
}

async function commandFor(deps: SlackDeps, id: string, action: CaseAction): Promise<{ command: Command } | { problem: string }> {
  switch (action.type) {
    case 'task_add':
      return { command: { type: 'case.task', case: id, change: { type: 'add', title: action.title } } };
    case 'task_done':
      return { command: { type: 'case.task', case: id, change: { type: 'complete', task: action.task } } };
    case 'assign': {
      const email = action.slackUser ? await deps.identities.emailOf(action.slackUser) : action.email;
      if (!email || !deps.engine.deps.directory.person(email)) return { problem: `${action.raw.replace(/^<@[A-Z0-9]+\|?([^>]*)>$/, '@$1')} is not in the Docket directory, so they cannot own a case.` };
      return { command: { type: 'case.update', case: id, change: { type: 'assign', to: email } } };
    }
    case 'status':
      return { command: { type: 'case.update', case: id, change: { type: 'set_status', status: action.status } } };
    case 'priority':
      return { command: { type: 'case.update', case: id, change: { type: 'set_priority', priority: action.priority } } };
    case 'link':
      return { command: { type: 'case.link', case: id, kind: 'related', target: action.target } };
    case 'resolve':
      return { command: { type: 'case.update', case: id, change: { type: 'resolve', resolution: action.resolution } } };
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled case action ${JSON.stringify(unhandled)}`);
    }
  }
}

function done(action: CaseAction): string {
  switch (action.type) {
    case 'task_add':
      return `task added (${action.title.slice(0, 80)})`;
    case 'task_done':
      return `${action.task} is done`;
    case 'assign':
      return 'owner changed';
    case 'status':
      return `status changed to ${action.status.slice(0, 40)}`;
    case 'priority':
      return `priority changed to ${action.priority.slice(0, 40)}`;
    case 'link':
      return `linked to ${action.target.slice(0, 40)}`;
    case 'resolve':
      return 'resolved';
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled case action ${JSON.stringify(unhandled)}`);
    }
  }
}
