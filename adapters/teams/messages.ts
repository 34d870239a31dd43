// Messages: commands in a personal chat or after @mentioning the bot in a channel, and replies in
// a case thread, which go on the case's timeline. Teams delivers every channel message to the bot
// only with the ChannelMessage.Read.Group permission (the manifest asks for it); without it, only
// @mentions arrive, and those are handled the same way.
import type { Activity, TurnContext } from 'botbuilder';
import type { Command } from '../../src/app/commands.ts';
import type { Outcome } from '../../src/app/execute.ts';
import { explain } from '../../src/core/refusals.ts';
import { attachment, type AdaptiveCard } from './adaptive-card.ts';
import { type BotDeps, keyOf, sentence, today, whoSentence } from './bot-deps.ts';
import { cleanText, HELP_LINES, isCaseWord, parseCommand, type RequestSub, type TeamsCommand } from './commands.ts';
import { caseCommand, caseDone, personEmail, withEmails } from './engine-commands.ts';
import { inboxFor } from './invoke.ts';
import { requestFlowAt } from '../../src/app/flow-versions.ts';
import { FIELD_PREFIX, prefixErrors, storedValues } from './form-card.ts';
import { escapeMarkdown } from './markdown.ts';
import { CASE_PREFIX, caseForm, caseTypesCard, findFlow, requestForm, requestTypesCard } from './menus.ts';
import { channelOf, kindOf, teamsChannelId } from './references.ts';
import { teamsWhere } from './where.ts';
import { mayRaise, openableFlows, raisableFlows } from '../../src/core/permissions/may.ts';

export async function onMessage(context: TurnContext, deps: BotDeps): Promise<void> {
  const activity = context.activity;
  const conversation = activity.conversation;
  if (!conversation?.id) return;
  const kind = kindOf(conversation);
  const inChannel = kind === 'channel';
  if (inChannel) await deps.references.rememberChannel(context);
  // a reply in a thread whose root is a case card belongs to that case
  const caseKey = inChannel && conversation.id.includes(';messageid=') ? await deps.conversations.cardOfThread('teams', conversation.id) : undefined;
  const caseId = caseKey?.startsWith('case:') ? caseKey.slice('case:'.length) : undefined;
  const mentioned = mentionsBot(activity);
  const personal = kind === 'personal';
  // in a channel or group chat the bot listens only when called, except on its own case threads
  if (!personal && !mentioned && !caseId) return;

  const text = cleanText(activity.text ?? '', botMentions(activity));
  const who = await deps.people.resolve(context);
  if (!who.ok) {
    // nobody is lectured for chatting in a thread; a person who asked the bot gets the reason
    if (personal || mentioned) await say(context, whoSentence(who));
    else deps.log.info('teams: thread reply from someone not in org.yaml, not recorded', { shown: who.shown });
    return;
  }
  await deps.references.rememberPerson(context, who.email);

  if (caseId) {
    const command = mentioned ? parseCommand(isCaseWord(text) ? `case ${text}` : text) : undefined;
    if (command?.type === 'case' || command?.type === 'case.usage' || command?.type === 'help') return run(context, deps, who.email, command, caseId);
    if (!text) return;
    // anything else said in the thread is on the record, as it was written
    const outcome = await execute(context, deps, who.email, { type: 'case.update', case: caseId, change: { type: 'add_note', text, source: 'thread' } });
    if (!outcome.ok) await say(context, sentence(outcome));
    return;
  }
  return run(context, deps, who.email, parseCommand(text), undefined);
}

async function run(context: TurnContext, deps: BotDeps, actor: string, command: TeamsCommand, threadCase: string | undefined): Promise<void> {
  const { flows, directory } = deps.engine.deps;
  switch (command.type) {
    case 'help': {
      // only the request types this person may raise here
      const mine = raisableFlows(actor, teamsWhere(context), deps.engine.deps).map((f) => f.def.id);
      return say(context, ['Docket can do this for you:', ...HELP_LINES.map((l) => `• ${l}`), `You can raise: ${mine.join(', ') || 'nothing here'}.`].join('\n'));
    }
    case 'unknown':
      return say(context, [`I did not understand "${command.text.slice(0, 80)}".`, ...HELP_LINES.map((l) => `• ${l}`)].join('\n'));
    case 'request': {
      const where = teamsWhere(context);
      const mine = raisableFlows(actor, where, deps.engine.deps);
      if (!command.flow) return mine.length ? show(context, requestTypesCard(mine)) : say(context, 'There is nothing you can request here. Try a personal chat with Docket, or ask an admin what you may request.');
      const flow = findFlow(flows.requestFlows(), command.flow);
      if (!flow) return say(context, `${explain('flow.unknown', { flow: command.flow })} Types: ${mine.map((f) => f.def.id).join(', ')}.`);
      const denied = mayRaise(flow, actor, where, deps.engine.deps);
      if (denied) return say(context, sentence(denied));
      return show(context, requestForm(flow, directory, today(deps, actor)));
    }
    case 'case.open':
      return openCase(context, deps, actor, command.rest);
    case 'case.usage':
      return say(context, command.problem);
    case 'inbox': {
      const who = await deps.people.resolve(context);
      if (!who.ok) return say(context, whoSentence(who));
      return show(context, await inboxFor(deps, who));
    }
    case 'request.act':
      return requestAct(context, deps, actor, command.request, command.sub);
    case 'case': {
      const caseId = command.case ?? threadCase;
      if (!caseId) return say(context, 'Which case? Name it (case C-3 status investigating), or write in the case\'s thread.');
      if (command.sub.type === 'start_request') {
        const flow = findFlow(flows.requestFlows(), command.sub.flow);
        if (!flow) return say(context, `${explain('flow.unknown', { flow: command.sub.flow })} Types: ${flows.requestFlows().map((f) => f.def.id).join(', ')}.`);
        return show(context, requestForm(flow, directory, today(deps, actor), {}, undefined, caseId));
      }
      const outcome = await execute(context, deps, actor, caseCommand(caseId, withEmails(directory, command.sub)));
      if (!outcome.ok) return say(context, sentence(outcome));
      // in the case's own thread the outbox posts the line that says what changed
      if (caseId !== threadCase) return say(context, outcome.duplicate ? explain('command.duplicate') : caseDone(caseId, command.sub));
      return;
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

/** `request R-12 <verb>`: the same engine commands as the request card's buttons */
async function requestAct(context: TurnContext, deps: BotDeps, actor: string, request: string, sub: RequestSub): Promise<void> {
  const { directory, store, flows } = deps.engine.deps;
  let command: Command;
  switch (sub.type) {
    case 'approve':
      command = { type: 'request.approve', request, ...(sub.comment ? { comment: sub.comment } : {}) };
      break;
    case 'reject':
      command = { type: 'request.reject', request, reason: sub.text };
      break;
    case 'send_back':
      command = { type: 'request.send_back', request, reason: sub.text };
      break;
    case 'comment':
      command = { type: 'request.comment', request, text: sub.text };
      break;
    case 'recall':
      command = { type: 'request.recall', request, ...(sub.reason ? { reason: sub.reason } : {}) };
      break;
    case 'reassign':
      command = { type: 'request.reassign', request, to: personEmail(directory, sub.person) };
      break;
    case 'add_approver':
      command = { type: 'request.add_approver', request, approver: personEmail(directory, sub.person) };
      break;
    case 'edit': {
      const r = await store.getRequest(request);
      if (!r) return say(context, explain('request.not_found', { request }));
      if (r.requester !== actor) return say(context, explain('request.not_requester', { request, requester: directory.nameOf(r.requester) }));
      const flow = await requestFlowAt(flows, store, r.flowId, r.flowVersion);
      return show(context, requestForm(flow, directory, today(deps, actor), { values: storedValues(flow.def.form, FIELD_PREFIX, r.form) }, `request:${r.id}`));
    }
    default: {
      const unhandled: never = sub;
      throw new Error(`unhandled request command ${JSON.stringify(unhandled)}`);
    }
  }
  const outcome = await execute(context, deps, actor, command);
  if (!outcome.ok) return say(context, sentence(outcome));
  return say(context, outcome.duplicate ? explain('command.duplicate') : `${request}: done (${sub.type.replace(/_/g, ' ')}).`);
}

/** "case open [type] <title>": the type from the first word, the channel, or the only one there is */
async function openCase(context: TurnContext, deps: BotDeps, actor: string, rest: string): Promise<void> {
  const { flows, directory } = deps.engine.deps;
  const all = flows.caseFlows();
  const [first = '', ...others] = rest.split(' ');
  const byWord = others.length ? all.find((f) => f.def.id === first.toLowerCase()) : undefined;
  const conversation = context.activity.conversation;
  const channel = teamsChannelId(context) ?? (kindOf(conversation) === 'channel' ? channelOf(conversation.id) : undefined);
  const flow = byWord ?? (channel ? all.find((f) => f.def.channel.teams === channel) : undefined) ?? (all.length === 1 ? all[0] : undefined);
  const title = byWord ? others.join(' ') : rest;
  if (!flow) return show(context, caseTypesCard(openableFlows(actor, teamsWhere(context), deps.engine.deps), title));
  const outcome = await execute(context, deps, actor, { type: 'case.open', flow: flow.def.id, title, fields: {} });
  if (!outcome.ok) {
    // a case type with required intake fields: the form, with the title kept and what is missing
    if (outcome.code === 'form.invalid') {
      return show(context, caseForm(flow, directory, today(deps, actor), { values: { [`${CASE_PREFIX}title`]: title }, errors: prefixErrors(outcome.fieldErrors, FIELD_PREFIX), banner: { tone: 'info', text: 'A few more details, please.' } }));
    }
    return say(context, sentence(outcome));
  }
  const id = outcome.subject.replace(/^case:/, '');
  return say(context, `Case ${id} is open: ${title}. Its card is in ${flow.def.channel.name}.`);
}

function execute(context: TurnContext, deps: BotDeps, actor: string, command: Command): Promise<Outcome> {
  const key = keyOf(context);
  const where = teamsWhere(context);
  return deps.engine.execute({ actor, ...(key ? { key } : {}), command, ...(where ? { where } : {}) });
}

/** the texts of the mentions of this bot (`<at>Docket</at>`) */
function botMentions(activity: Activity): string[] {
  const botId = activity.recipient?.id;
  return (activity.entities ?? [])
    .filter((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId)
    .map((e) => (e as { text?: unknown }).text)
    .filter((t): t is string => typeof t === 'string' && t !== '');
}

function mentionsBot(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId);
}

async function say(context: TurnContext, text: string): Promise<void> {
  await context.sendActivity({ type: 'message', textFormat: 'markdown', text: escapeMarkdown(text) });
}

async function show(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity({ type: 'message', attachments: [attachment(card)] });
}
