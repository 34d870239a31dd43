// Slack's Web API and response_url hooks, answered by nock at SLACK_API_URL. Every call is
// recorded with its arguments (blocks and views parsed), and what the channels would show is
// kept: root messages, their edits and their thread replies. Unknown users and emails answer as
// Slack does (user_not_found, users_not_found); failNext makes the next call fail, hold keeps
// the next call of a method waiting. Users carry their workspace (team_id) as Slack Connect
// shows it, auth.test names ours, and a view's private_metadata is capped at 3000 characters.
// Messages keep the metadata they were posted with ({event_type, event_payload}); it comes back
// from conversations.history and conversations.replies only with include_all_metadata, newest
// first (history) or parent first (replies), filtered by oldest/latest/inclusive and paged by
// limit and cursor as Slack does. A ts is the clock's seconds with a unique six-digit suffix.
import nock from 'nock';

export const API_URL = 'https://slack.test/api/';
export const HOOKS = 'https://hooks.slack.test';

export interface Call {
  method: string;
  args: Record<string, any>;
}

export interface Metadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface Posted {
  channel: string;
  ts: string;
  text: string;
  blocks: any[];
  replies: { ts: string; text: string; metadata?: Metadata }[];
  updates: number;
  metadata?: Metadata;
}

export interface SlackUser {
  id: string;
  email?: string;
  name?: string;
  /** the user's own workspace; ours (TEAM_ID) unless set — another one is a Slack Connect outsider */
  teamId?: string;
  /** Enterprise Grid: the organisation the user's workspace belongs to */
  enterpriseId?: string;
  /** Slack Connect: someone who shares no channel with the asking workspace's people */
  isStranger?: boolean;
}

/** the workspace the bot token belongs to, as auth.test answers */
export const TEAM_ID = 'T0DOCKET01';
/** Slack's limit on a view's private_metadata */
export const PRIVATE_METADATA_MAX = 3000;

/** `method`: only a call of that method fails; otherwise the next call of any method */
type Failure = { status: number; headers?: Record<string, string>; body: unknown; method?: string };

export class FakeSlack {
  readonly calls: Call[] = [];
  /** what was posted to response_url, in order */
  readonly responses: { path: string; body: any }[] = [];
  readonly messages: Posted[] = [];
  readonly #users = new Map<string, SlackUser>();
  readonly #failures: Failure[] = [];
  readonly #holds = new Map<string, Promise<void>[]>();
  readonly #team: { teamId: string; enterpriseId?: string };
  #seq = 0;
  readonly #clock: () => number;

  constructor(users: SlackUser[] = [], team: { teamId?: string; enterpriseId?: string; now?: () => number } = {}) {
    this.#clock = team.now ?? Date.now;
    for (const u of users) this.#users.set(u.id, u);
    this.#team = { teamId: team.teamId ?? TEAM_ID, ...(team.enterpriseId ? { enterpriseId: team.enterpriseId } : {}) };
  }

  addUser(user: SlackUser): void {
    this.#users.set(user.id, user);
  }

  /** the next Web API call answers with this (HTTP status, headers, body) */
  failNext(failure: Failure): void {
    this.#failures.push(failure);
  }

  /** the next call of `method` is answered only once the returned function is called */
  hold(method: string): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.#holds.set(method, [...(this.#holds.get(method) ?? []), gate]);
    return release;
  }

  start(): this {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    nock(API_URL.replace(/\/api\/$/, ''))
      .persist()
      .post(/^\/api\/[\w.]+$/)
      .reply((uri, body, callback) => {
        const method = uri.replace(/^\/api\//, '');
        const args = parseForm(typeof body === 'string' ? body : JSON.stringify(body));
        this.calls.push({ method, args });
        const gate = this.#holds.get(method)?.shift() ?? Promise.resolve();
        void gate.then(() => {
          const at = this.#failures.findIndex((f) => f.method === undefined || f.method === method);
          const failure = at >= 0 ? this.#failures.splice(at, 1)[0] : undefined;
          if (failure) return callback(null, [failure.status, JSON.stringify(failure.body), { 'Content-Type': 'application/json', ...failure.headers }]);
          callback(null, [200, JSON.stringify(this.#answer(method, args)), { 'Content-Type': 'application/json' }]);
        });
      });
    nock(HOOKS)
      .persist()
      .post(/.*/)
      .reply((uri, body) => {
        this.responses.push({ path: uri, body: typeof body === 'string' ? JSON.parse(body) : body });
        return [200, 'ok'];
      });
    return this;
  }

  stop(): void {
    nock.cleanAll();
    nock.enableNetConnect();
  }

  of(method: string): Record<string, any>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** root messages in a channel (a DM is `D` + the user id) */
  in(channel: string): Posted[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  dmOf(userId: string): string {
    return `D${userId}`;
  }

  /** a new message ts: the clock's seconds, and a suffix that keeps every ts unique */
  #nextTs(): string {
    return `${Math.floor(this.#clock() / 1000)}.${String(++this.#seq % 1_000_000).padStart(6, '0')}`;
  }

  /** what Slack lists of a message: metadata only when asked for with include_all_metadata */
  #listed(m: { ts: string; text: string; metadata?: Metadata }, withMetadata: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { type: 'message', subtype: 'bot_message', bot_id: 'B0DOCKET', ts: m.ts, text: m.text, ...extra, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) };
  }

  /** oldest/latest (exclusive unless inclusive), limit (default 100, at most 999 here) and a numeric cursor */
  #page(all: Record<string, unknown>[], args: Record<string, any>): Record<string, unknown> {
    const inclusive = args.inclusive === 'true' || args.inclusive === '1' || args.inclusive === true;
    const num = (ts: unknown) => Number(ts);
    const inRange = all.filter((m) => {
      const t = num(m.ts);
      if (args.oldest !== undefined && (inclusive ? t < num(args.oldest) : t <= num(args.oldest))) return false;
      if (args.latest !== undefined && (inclusive ? t > num(args.latest) : t >= num(args.latest))) return false;
      return true;
    });
    const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100)));
    const from = args.cursor ? Number(String(args.cursor).replace(/^next:/, '')) : 0;
    const page = inRange.slice(from, from + limit);
    const more = from + limit < inRange.length;
    return { ok: true, messages: page, has_more: more, ...(more ? { response_metadata: { next_cursor: `next:${from + limit}` } } : { response_metadata: { next_cursor: '' } }) };
  }

  #answer(method: string, args: Record<string, any>): unknown {
    switch (method) {
      case 'chat.postMessage': {
        const ts = this.#nextTs();
        const channel = String(args.channel);
        if (channel.startsWith('C0MISSING')) return { ok: false, error: 'channel_not_found' };
        const metadata = parseMetadata(args.metadata);
        if (metadata === null) return { ok: false, error: 'invalid_metadata_format' };
        if (args.thread_ts) {
          const root = this.messages.find((m) => m.channel === channel && m.ts === args.thread_ts);
          if (!root) return { ok: false, error: 'thread_not_found' };
          root.replies.push({ ts, text: String(args.text ?? ''), ...(metadata ? { metadata } : {}) });
        } else {
          this.messages.push({ channel, ts, text: String(args.text ?? ''), blocks: args.blocks ?? [], replies: [], updates: 0, ...(metadata ? { metadata } : {}) });
        }
        return { ok: true, channel, ts, message: { ts, text: args.text, ...(metadata ? { metadata } : {}) } };
      }
      case 'conversations.history': {
        const channel = String(args.channel);
        if (channel.startsWith('C0MISSING')) return { ok: false, error: 'channel_not_found' };
        const withMetadata = args.include_all_metadata === 'true' || args.include_all_metadata === '1';
        const newestFirst = this.in(channel).slice().sort((a, b) => Number(b.ts) - Number(a.ts));
        return this.#page(newestFirst.map((m) => this.#listed(m, withMetadata, m.replies.length > 0 ? { thread_ts: m.ts, reply_count: m.replies.length } : {})), args);
      }
      case 'conversations.replies': {
        const root = this.messages.find((m) => m.channel === String(args.channel) && m.ts === String(args.ts));
        if (!root) return { ok: false, error: 'thread_not_found' };
        const withMetadata = args.include_all_metadata === 'true' || args.include_all_metadata === '1';
        // the parent message first, then its replies oldest first; oldest/latest filter both
        const all = [this.#listed(root, withMetadata, { thread_ts: root.ts }), ...root.replies.map((r) => this.#listed(r, withMetadata, { thread_ts: root.ts, parent_user_id: 'U0DOCKETBOT' }))];
        return this.#page(all, args);
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === args.channel && x.ts === args.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = String(args.text ?? '');
        m.blocks = args.blocks ?? [];
        m.updates += 1;
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.#nextTs() };
      case 'conversations.open': {
        const user = String(args.users);
        return this.#users.has(user) ? { ok: true, channel: { id: this.dmOf(user) } } : { ok: false, error: 'user_not_found' };
      }
      case 'auth.test':
        return {
          ok: true,
          url: 'https://docket-test.slack.com/',
          team: 'Docket Test',
          user: 'docket',
          team_id: this.#team.teamId,
          user_id: 'U0DOCKETBOT',
          bot_id: 'B0DOCKET',
          is_enterprise_install: false,
          ...(this.#team.enterpriseId ? { enterprise_id: this.#team.enterpriseId } : {}),
        };
      case 'users.info': {
        const u = this.#users.get(String(args.user));
        return u ? { ok: true, user: this.#userObject(u) } : { ok: false, error: 'user_not_found' };
      }
      case 'users.lookupByEmail': {
        const u = [...this.#users.values()].find((x) => x.email && x.email === String(args.email).toLowerCase());
        return u ? { ok: true, user: this.#userObject(u) } : { ok: false, error: 'users_not_found' };
      }
      case 'views.open':
      case 'views.push':
      case 'views.publish':
      case 'views.update': {
        const metadata = args.view?.private_metadata;
        if (typeof metadata === 'string' && metadata.length > PRIVATE_METADATA_MAX) {
          return { ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] must be less than ${PRIVATE_METADATA_MAX + 1} characters [json-pointer:/view/private_metadata]`] } };
        }
        return { ok: true, view: { id: `V${++this.#seq}` } };
      }
      default:
        return { ok: true };
    }
  }

  /** a user as users.info shows them to our workspace */
  #userObject(u: SlackUser): Record<string, unknown> {
    return {
      id: u.id,
      team_id: u.teamId ?? this.#team.teamId,
      real_name: u.name,
      ...(u.isStranger ? { is_stranger: true } : {}),
      ...(u.enterpriseId ? { enterprise_user: { id: u.id, enterprise_id: u.enterpriseId, enterprise_name: 'Grid Org' } } : {}),
      profile: { email: u.email, real_name: u.name },
    };
  }
}

/** metadata as chat.postMessage takes it: undefined when absent, null when malformed */
function parseMetadata(value: unknown): Metadata | undefined | null {
  if (value === undefined) return undefined;
  const m = (typeof value === 'string' ? safeJson(value) : value) as Partial<Metadata> | null;
  if (!m || typeof m !== 'object' || typeof m.event_type !== 'string' || !m.event_payload || typeof m.event_payload !== 'object') return null;
  return { event_type: m.event_type, event_payload: m.event_payload };
}

/** the Web API client posts application/x-www-form-urlencoded, with nested values as JSON */
function parseForm(text: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = (k === 'blocks' || k === 'view' || k === 'attachments') && (v.startsWith('[') || v.startsWith('{')) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** every mrkdwn/plain text string inside blocks, for "is this text shown" checks */
export function textsOf(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(blocks);
  return out;
}

/** the buttons in blocks: action_id, label and value */
export function buttonsOf(blocks: unknown): { action_id: string; text: string; value: string }[] {
  const out: { action_id: string; text: string; value: string }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, any>;
      if (o.type === 'button') out.push({ action_id: o.action_id, text: o.text?.text, value: o.value });
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(blocks);
  return out;
}
