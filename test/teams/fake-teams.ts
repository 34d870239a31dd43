// The Bot Framework connector of one Teams service URL, answered by nock: what the bot posted
// where (root messages, thread replies, updates in place), members for TeamsInfo.getMember,
// the channels of a team, and failures on demand. Conversation ids are decoded from the path,
// so "19:x@thread.tacv2;messageid=7" is a reply under message 7 of channel 19:x@thread.tacv2.
import nock from 'nock';

// A loopback URL, so the same activities serve local mode (which takes only loopback serviceUrls,
// as the Emulator sends them) and production mode; nock answers it, nothing listens there.
export const SERVICE_URL = 'http://127.0.0.1:3978/emea/';
const ORIGIN = 'http://127.0.0.1:3978';
/** where Teams itself would send from: local mode must refuse it */
export const REMOTE_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

export interface Posted {
  id: string;
  conversationId: string;
  activity: Record<string, unknown>;
  /** the activity as it reads now, after updates */
  current: Record<string, unknown>;
  updates: number;
  replies: Record<string, unknown>[];
}

export interface Member {
  email?: string;
  userPrincipalName?: string;
  aadObjectId?: string;
  name?: string;
}

type Failure = { status: number; headers?: Record<string, string> };

export class FakeTeams {
  /** root messages, oldest first */
  readonly posts: Posted[] = [];
  /** every call as "METHOD conversation[/activity]" */
  readonly calls: string[] = [];
  readonly members = new Map<string, Member>();
  readonly channels = new Map<string, { id: string; name?: string }[]>();
  /** the Authorization header of each call */
  readonly authorizations: (string | undefined)[] = [];
  #seq = 0;
  readonly #failures: Failure[] = [];
  readonly #scope: nock.Scope;

  constructor() {
    // regular functions: nock passes the intercepted request as `this.req`
    const self = this;
    const auth = (ctx: nock.ReplyFnContext) => {
      const h = ctx.req.headers.authorization;
      return Array.isArray(h) ? h[0] : h;
    };
    this.#scope = nock(ORIGIN)
      .persist()
      .post(/^\/emea\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
      .reply(function (uri, body) {
        return self.#post(uri, body as Record<string, unknown>, auth(this));
      })
      .put(/^\/emea\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
      .reply(function (uri, body) {
        return self.#put(uri, body as Record<string, unknown>, auth(this));
      })
      .get(/^\/emea\/v3\/conversations\/[^/]+\/members\/[^/]+$/)
      .reply((uri) => this.#member(uri))
      .get(/^\/emea\/v3\/teams\/[^/]+\/conversations$/)
      .reply((uri) => {
        const team = decodeURIComponent(uri.split('/')[4]!);
        this.calls.push(`GET channels ${team}`);
        return [200, { conversations: this.channels.get(team) ?? [] }];
      });
  }

  /** the next call (of any kind) is answered with this status */
  failNext(status: number, headers?: Record<string, string>): void {
    this.#failures.push({ status, ...(headers ? { headers } : {}) });
  }

  /** messages visible in one conversation (a personal chat, a channel), oldest first */
  in(conversationId: string): Posted[] {
    return this.posts.filter((p) => p.conversationId === conversationId);
  }

  /** the Adaptive Card of a message, if it has one */
  static card(activity: Record<string, unknown>): Record<string, unknown> | undefined {
    const a = (activity.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined)?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');
    return a?.content;
  }

  /** all texts of a card's body, depth first (TextBlocks and facts) */
  static texts(card: unknown): string[] {
    const out: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string' && typeof o.value === 'string' && !o.type) out.push(`${o.title}: ${o.value}`);
      for (const [k, child] of Object.entries(o)) if (k !== 'refresh') walk(child);
    };
    walk(card);
    return out;
  }

  /** every element of a card (body, actions, show-cards), depth first */
  static elements(card: unknown): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string') out.push(o);
      for (const [k, child] of Object.entries(o)) if (k !== 'refresh') walk(child);
    };
    walk(card);
    return out;
  }

  close(): void {
    this.#scope.persist(false);
    nock.cleanAll();
  }

  #fail(): [number, unknown, Record<string, string>] | undefined {
    const f = this.#failures.shift();
    return f ? [f.status, { error: { code: 'Failure', message: `status ${f.status}` } }, f.headers ?? {}] : undefined;
  }

  #post(uri: string, body: Record<string, unknown>, auth: string | undefined): [number, unknown, Record<string, string>] | [number, unknown] {
    const conversation = decodeURIComponent(uri.split('/')[4]!);
    this.calls.push(`POST ${conversation}`);
    this.authorizations.push(auth);
    const failed = this.#fail();
    if (failed) return failed;
    const [channel, root] = conversation.split(';messageid=');
    if (root) {
      let parent = this.posts.find((p) => p.id === root && p.conversationId === channel);
      if (!parent) {
        // a thread someone else started (a person's message): Teams has it, we only see replies
        if (root.startsWith('act-')) return [404, { error: { code: 'ConversationNotFound', message: 'no such thread' } }];
        parent = { id: root, conversationId: channel!, activity: {}, current: {}, updates: 0, replies: [] };
        this.posts.push(parent);
      }
      parent.replies.push(body);
      return [201, { id: `reply-${++this.#seq}` }];
    }
    const id = `act-${++this.#seq}`;
    this.posts.push({ id, conversationId: conversation, activity: body, current: body, updates: 0, replies: [] });
    return [201, { id }];
  }

  #put(uri: string, body: Record<string, unknown>, auth: string | undefined): [number, unknown, Record<string, string>] | [number, unknown] {
    const parts = uri.split('/');
    const conversation = decodeURIComponent(parts[4]!);
    const id = decodeURIComponent(parts[6]!);
    this.calls.push(`PUT ${conversation}/${id}`);
    this.authorizations.push(auth);
    const failed = this.#fail();
    if (failed) return failed;
    const post = this.posts.find((p) => p.id === id && p.conversationId === conversation);
    if (!post) return [404, { error: { code: 'NotFound', message: 'activity not found' } }];
    post.current = body;
    post.updates++;
    return [200, { id }];
  }

  #member(uri: string): [number, unknown] {
    const user = decodeURIComponent(uri.split('/')[6]!);
    this.calls.push(`GET member ${user}`);
    const m = this.members.get(user);
    return m ? [200, { id: user, name: m.name ?? user, ...m }] : [404, { error: { code: 'MemberNotFoundInConversation', message: 'not a member' } }];
  }
}
