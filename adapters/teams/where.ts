// Where in Teams a command was given, for flows that restrict places: a personal chat with the
// bot is a direct message; a channel (or a thread in one) and a group chat are shared places.
import type { TurnContext } from 'botbuilder';
import type { Where } from '../../src/core/permissions/where.ts';
import { channelOf, kindOf, teamsChannelId } from './references.ts';

export function teamsWhere(context: TurnContext): Where | undefined {
  const conversation = context.activity.conversation;
  if (!conversation?.id) return undefined;
  const kind = kindOf(conversation);
  if (kind === 'personal') return { surface: 'teams', kind: 'dm' };
  if (kind === 'channel') return { surface: 'teams', kind: 'channel', channel: teamsChannelId(context) ?? channelOf(conversation.id) };
  return { surface: 'teams', kind: 'channel' };
}
