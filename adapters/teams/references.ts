// Conversation references: what Teams requires before the bot may post on its own (proactive
// messages go only into conversations the bot already knows). Remembered when the bot is
// installed (personally, or in a team: every channel of the team) and whenever someone talks to
// it, keyed like the outbox's targets: "person:<email>" and "channel:<Teams channel id>".
import { TeamsInfo, TurnContext, type ConversationReference } from 'botbuilder';
import type { Logger } from '../../src/log.ts';
import type { ConversationStore } from '../../src/ports/conversations.ts';
import { tenantOf, type TenantPolicy } from './tenant.ts';

export const personKey = (email: string) => `person:${email.toLowerCase()}`;
export const channelKey = (teamsChannelId: string) => `channel:${teamsChannelId}`;

/** "19:abc@thread.tacv2;messageid=123" → "19:abc@thread.tacv2" */
export function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

export const threadId = (channelId: string, rootActivityId: string) => `${channelId};messageid=${rootActivityId}`;

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

/** Teams always says; the Emulator leaves conversationType out of its 1:1 chats */
export function kindOf(conversation: { conversationType?: string; isGroup?: boolean } | undefined): ConversationKind {
  const t = conversation?.conversationType;
  if (t === 'personal' || t === 'channel' || t === 'groupChat') return t;
  return conversation?.isGroup ? 'groupChat' : 'personal';
}

/** The reference to store: no activity id (a proactive post is not a reply to anything). */
function referenceOf(context: TurnContext, conversationId: string, withUser: boolean): Partial<ConversationReference> {
  const ref: Partial<ConversationReference> = TurnContext.getConversationReference(context.activity);
  delete ref.activityId;
  if (!withUser) delete ref.user;
  return { ...ref, conversation: { ...ref.conversation!, id: conversationId } };
}

export class References {
  constructor(
    private readonly store: ConversationStore,
    private readonly now: () => Date,
    private readonly log: Logger,
    private readonly tenants: TenantPolicy,
  ) {}

  /** the personal chat with this person (only 1:1 conversations reach one person) */
  async rememberPerson(context: TurnContext, email: string): Promise<void> {
    const conversation = context.activity.conversation;
    if (!conversation || kindOf(conversation) !== 'personal' || !this.ours(context)) return;
    await this.save(personKey(email), referenceOf(context, conversation.id, true), context.activity.serviceUrl);
  }

  /** the channel this activity came from, so cases of that channel can be posted there */
  async rememberChannel(context: TurnContext): Promise<void> {
    const conversation = context.activity.conversation;
    if (!conversation || kindOf(conversation) !== 'channel' || !this.ours(context)) return;
    const channelId = teamsChannelId(context) ?? channelOf(conversation.id);
    await this.save(channelKey(channelId), referenceOf(context, channelId, false), context.activity.serviceUrl);
  }

  /** the bot was added to a team: every channel of it becomes reachable */
  async rememberTeam(context: TurnContext): Promise<number> {
    const conversation = context.activity.conversation;
    const teamId = teamOf(context);
    if (!teamId || !conversation || !this.ours(context)) return 0;
    let channels: string[] = [teamId]; // the General channel's id is the team's id
    try {
      channels = [...new Set([teamId, ...(await TeamsInfo.getTeamChannels(context, teamId)).map((c) => c.id).filter((id): id is string => Boolean(id))])];
    } catch (err) {
      this.log.warn('teams: could not list the channels of the team; only General is reachable until someone writes in the others', { teamId, err });
    }
    for (const id of channels) await this.save(channelKey(id), referenceOf(context, id, false), context.activity.serviceUrl);
    return channels.length;
  }

  /** only conversations in our own tenants become places to post to */
  private ours(context: TurnContext): boolean {
    if (this.tenants.allows(context.activity)) return true;
    this.log.warn('teams: not remembering a conversation of a tenant that is not ours', { tenant: tenantOf(context.activity).id ?? 'none' });
    return false;
  }

  private async save(key: string, ref: Partial<ConversationReference>, serviceUrl: string): Promise<void> {
    const known = await this.store.find('teams', key);
    // one read per message, a write only when something changed (a new chat, a moved serviceUrl)
    if (known && known.serviceUrl === serviceUrl && JSON.stringify(known.ref) === JSON.stringify(ref)) return;
    await this.store.remember({ platform: 'teams', key, ref: ref as Record<string, unknown>, serviceUrl, updatedAt: this.now().toISOString() });
    this.log.info('teams: conversation remembered', { key });
  }
}

function data(context: TurnContext): Record<string, unknown> {
  const d = context.activity.channelData as unknown;
  return d !== null && typeof d === 'object' ? (d as Record<string, unknown>) : {};
}

function idIn(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as Record<string, unknown>).id;
  return typeof id === 'string' && id ? id : undefined;
}

export function teamOf(context: TurnContext): string | undefined {
  return idIn(data(context).team);
}

export function teamsChannelId(context: TurnContext): string | undefined {
  const d = data(context);
  return idIn(d.channel) ?? (typeof d.teamsChannelId === 'string' ? d.teamsChannelId : undefined);
}
