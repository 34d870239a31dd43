// Activities as Teams sends them (shapes from ../shared/fixtures/teams-*.json), for the people
// of flows/org.yaml, and a client that posts them to a running server's /api/messages.
import { SERVICE_URL } from './fake-teams.ts';

export const BOT = { id: '28:0c5f3e1a-9b2d-4e7f-8a6c-3d1b5e9f7a2c', name: 'Docket' };
export const TENANT = 'b2d4f6a8-1c3e-4a5b-9d7f-0e2c4a6b8d0f';
export const TEAM = '19:8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d@thread.tacv2';
export const INCIDENTS = '19:it-incidents@thread.tacv2';

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId?: string;
  /** their personal chat with the bot */
  chat: string;
}

/** org.yaml names Ann and Bob by teamsId (29:…); the others are found by email through Teams */
export const users = {
  ann: { id: '29:1ann-aad-object-id', name: 'Ann Smith', aadObjectId: 'aad-ann', chat: 'a:ann-personal' },
  bob: { id: '29:1bob-aad-object-id', name: 'Bob Baker', aadObjectId: 'aad-bob', chat: 'a:bob-personal' },
  fiona: { id: '29:fiona', name: 'Fiona Walsh', aadObjectId: 'aad-fiona', chat: 'a:fiona-personal' },
  frank: { id: '29:frank', name: 'Frank Moreau', aadObjectId: 'aad-frank', chat: 'a:frank-personal' },
  victor: { id: '29:victor', name: 'Victor Ortiz', aadObjectId: 'aad-victor', chat: 'a:victor-personal' },
  ian: { id: '29:ian', name: 'Ian Novak', aadObjectId: 'aad-ian', chat: 'a:ian-personal' },
  sara: { id: '29:sara', name: 'Sara Lindqvist', aadObjectId: 'aad-sara', chat: 'a:sara-personal' },
  omar: { id: '29:omar', name: 'Omar Haddad', aadObjectId: 'aad-omar', chat: 'a:omar-personal' },
  lee: { id: '29:1lee-aad-object-id', name: 'Lee Park', aadObjectId: 'aad-lee', chat: 'a:lee-personal' },
  mallory: { id: '29:mallory', name: 'Mallory Stranger', aadObjectId: 'aad-mallory', chat: 'a:mallory-personal' },
} satisfies Record<string, TeamsUser>;

/** what Teams answers to TeamsInfo.getMember for the people org.yaml knows only by email */
export const memberEmails: Record<string, string> = {
  '29:fiona': 'fiona@example.com',
  '29:frank': 'frank@example.com',
  '29:victor': 'victor@example.com',
  '29:ian': 'ian@example.com',
  '29:sara': 'sara@example.com',
  '29:omar': 'omar@example.com',
  '29:mallory': 'mallory@elsewhere.example',
};

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

function base(user: TeamsUser, conversation: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: nextId('in'),
    timestamp: '2026-11-30T09:00:00.000Z',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { id: user.id, name: user.name, ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) },
    recipient: BOT,
    conversation: { tenantId: TENANT, ...conversation },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-US',
    ...extra,
  };
}

const personal = (user: TeamsUser) => ({ id: user.chat, conversationType: 'personal' });

export function personalInstall(user: TeamsUser): Record<string, unknown> {
  return base(user, personal(user), { type: 'conversationUpdate', membersAdded: [{ id: BOT.id }, { id: user.id }] });
}

export function personalMessage(user: TeamsUser, text: string): Record<string, unknown> {
  return base(user, personal(user), { type: 'message', text, textFormat: 'plain' });
}

export function teamInstall(user: TeamsUser): Record<string, unknown> {
  return base(user, { id: TEAM, conversationType: 'channel', isGroup: true }, {
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    channelData: { team: { id: TEAM, name: 'IT Operations' }, eventType: 'teamMemberAdded', tenant: { id: TENANT } },
  });
}

/** a message in a channel; `root` makes it a reply in that thread, else it starts one */
export function channelMessage(user: TeamsUser, channel: string, text: string, options: { root?: string; mention?: boolean } = {}): Record<string, unknown> {
  const id = nextId('msg');
  const mention = options.mention ? `<at>${BOT.name}</at> ` : '';
  return {
    ...base(user, { id: `${channel};messageid=${options.root ?? id}`, conversationType: 'channel', isGroup: true }),
    id,
    type: 'message',
    text: `${mention}${text}`,
    textFormat: 'plain',
    ...(options.root ? { replyToId: options.root } : {}),
    entities: options.mention ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] : [],
    channelData: { teamsChannelId: channel, teamsTeamId: TEAM, channel: { id: channel }, team: { id: TEAM }, tenant: { id: TENANT } },
  };
}

/** a click on an Action.Execute button in a personal chat (or in `conversationId`) */
export function cardAction(user: TeamsUser, verb: string, data: Record<string, unknown>, options: { id?: string; conversationId?: string; replyToId?: string } = {}): Record<string, unknown> {
  return base(
    user,
    options.conversationId ? { id: options.conversationId, conversationType: options.conversationId.startsWith('19:') ? 'channel' : 'personal' } : personal(user),
    {
      id: options.id ?? nextId('invoke'),
      type: 'invoke',
      name: 'adaptiveCard/action',
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
      value: { action: { type: 'Action.Execute', id: verb, verb, data }, trigger: 'manual' },
    },
  );
}

export async function postActivity(url: string, activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
