// Slack's Web API as a real HTTP server on 127.0.0.1, for benchmarks that run Docket as real
// processes (SLACK_API_URL points at it) and kill them. It counts every call, keeps what each
// channel shows (root messages with their edits, metadata and thread replies), answers
// conversations.history/replies with include_all_metadata as Slack does, accepts response_url
// posts under /hooks/, and can be made slow (a delay before each chat.* answer) to reproduce a
// sluggish Slack. The state is read in-process by the harness that started it.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Metadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}
export interface Reply {
  ts: string;
  text: string;
  metadata?: Metadata;
}
export interface Message {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  metadata?: Metadata;
  replies: Reply[];
  updates: number;
}
export interface SlackUser {
  id: string;
  email: string;
}

export class FakeSlackApi {
  readonly calls = new Map<string, number>();
  readonly messages: Message[] = [];
  /** chat.update arrivals: when each card copy changed, for latency measurements */
  readonly updates: { channel: string; ts: string; at: number }[] = [];
  #seq = 0;
  #server: Server | undefined;
  /** milliseconds before chat.postMessage and chat.update answer */
  delayMs = 0;

  constructor(private readonly users: readonly SlackUser[]) {}

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(
        (body) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  }

  stop(): Promise<void> {
    this.#server?.closeAllConnections();
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  count(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  dmOf(userId: string): string {
    return `D${userId}`;
  }

  async #handle(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    if (url.startsWith('/hooks/')) {
      this.calls.set('response_url', this.count('response_url') + 1);
      return { ok: true };
    }
    const method = url.replace(/^\/api\//, '').replace(/\?.*$/, '');
    this.calls.set(method, this.count(method) + 1);
    const args = (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(text || '{}') as Record<string, unknown>) : parseForm(text);
    if (this.delayMs > 0 && method.startsWith('chat.')) await new Promise((r) => setTimeout(r, this.delayMs));
    return this.#answer(method, args);
  }

  #nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.#seq % 1_000_000).padStart(6, '0')}`;
  }

  #answer(method: string, args: Record<string, any>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: 'T0DOCKET01', user_id: 'U0DOCKETBOT', bot_id: 'B0DOCKET', team: 'Docket', user: 'docket' };
      case 'users.info': {
        const u = this.users.find((x) => x.id === args.user);
        return u ? { ok: true, user: { id: u.id, team_id: 'T0DOCKET01', profile: { email: u.email } } } : { ok: false, error: 'user_not_found' };
      }
      case 'users.lookupByEmail': {
        const u = this.users.find((x) => x.email === String(args.email).toLowerCase());
        return u ? { ok: true, user: { id: u.id, team_id: 'T0DOCKET01', profile: { email: u.email } } } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.open':
        return this.users.some((u) => u.id === args.users) ? { ok: true, channel: { id: this.dmOf(String(args.users)) } } : { ok: false, error: 'user_not_found' };
      case 'chat.postMessage': {
        const ts = this.#nextTs();
        const channel = String(args.channel);
        const metadata = typeof args.metadata === 'string' ? (JSON.parse(args.metadata) as Metadata) : (args.metadata as Metadata | undefined);
        if (args.thread_ts) {
          const root = this.messages.find((m) => m.channel === channel && m.ts === args.thread_ts);
          if (!root) return { ok: false, error: 'thread_not_found' };
          root.replies.push({ ts, text: String(args.text ?? ''), ...(metadata ? { metadata } : {}) });
        } else {
          this.messages.push({ channel, ts, text: String(args.text ?? ''), blocks: (args.blocks as unknown[]) ?? [], replies: [], updates: 0, ...(metadata ? { metadata } : {}) });
        }
        return { ok: true, channel, ts };
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === args.channel && x.ts === args.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = String(args.text ?? '');
        m.blocks = (args.blocks as unknown[]) ?? [];
        m.updates++;
        this.updates.push({ channel: m.channel, ts: m.ts, at: Date.now() });
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const withMetadata = String(args.include_all_metadata) === 'true';
        const listed = (m: { ts: string; text: string; metadata?: Metadata }) => ({ type: 'message', ts: m.ts, text: m.text, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) });
        let all: ReturnType<typeof listed>[];
        if (method === 'conversations.history') {
          all = this.messages.filter((m) => m.channel === args.channel).sort((a, b) => Number(b.ts) - Number(a.ts)).map(listed);
        } else {
          const root = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
          if (!root) return { ok: false, error: 'thread_not_found' };
          all = [listed(root), ...root.replies.map(listed)];
        }
        const oldest = args.oldest === undefined ? -Infinity : Number(args.oldest);
        const latest = args.latest === undefined ? Infinity : Number(args.latest);
        // inclusive, as Docket asks for it
        const inRange = all.filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest);
        const from = args.cursor ? Number(String(args.cursor)) : 0;
        const limit = Number(args.limit ?? 100);
        const more = from + limit < inRange.length;
        return { ok: true, messages: inRange.slice(from, from + limit), has_more: more, response_metadata: { next_cursor: more ? String(from + limit) : '' } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.#nextTs() };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
      case 'views.push':
        return { ok: true, view: { id: `V${++this.#seq}` } };
      default:
        return { ok: true };
    }
  }
}

function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = (k === 'blocks' || k === 'view' || k === 'attachments') && (v.startsWith('[') || v.startsWith('{')) ? JSON.parse(v) : v;
  }
  return out;
}
