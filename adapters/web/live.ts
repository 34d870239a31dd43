// Live updates over server-sent events. While anyone is connected, the audit log's head is
// polled about once a second; every change by anyone (this console, Slack, Teams, the clock,
// another replica) appends to the audit log, so the poll sees it. A change is pushed as
//   event: changed
//   data: {"subjects":["request:R-1"]}
// and console.js refetches the parts of the page that show those subjects. After a command
// of its own the console pokes the poll, so its own changes show at once.
import type { ServerResponse } from 'node:http';
import type { Logger } from '../../src/log.ts';
import type { AuditFeed } from '../../src/ports/console.ts';
import type { HttpContext } from '../http/server.ts';

const MAX_SUBJECTS = 200;
const HEARTBEAT_MS = 15_000;

export class LiveFeed {
  readonly #clients = new Set<ServerResponse>();
  #seq: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  #lastWrite = 0;

  constructor(
    private readonly feed: AuditFeed,
    /** false once the HTTP server is closing: open streams are ended so it can finish */
    private readonly serverOpen: () => boolean,
    private readonly log: Logger,
    private readonly intervalMs = 1_000,
  ) {}

  get clients(): number {
    return this.#clients.size;
  }

  /** the head has been read: any change from now on will be pushed */
  get watching(): boolean {
    return this.#seq !== undefined;
  }

  /** takes over the response: headers now, events until the client goes away */
  attach(ctx: HttpContext, headers: Record<string, string>): void {
    const res = ctx.res;
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
      // the socket serves this stream only: when the stream ends (the server is closing), it
      // closes too instead of idling in keep-alive and holding the server's close() open
      Connection: 'close',
    });
    // reconnect quickly after a restart; the page then refreshes once to catch up
    res.write('retry: 2000\nevent: hello\ndata: {}\n\n');
    this.#clients.add(res);
    ctx.req.socket.setTimeout(0);
    res.once('close', () => this.#clients.delete(res));
    this.#schedule(0);
  }

  /** poll now (after a command of our own) rather than within the second */
  poke(): void {
    if (this.#clients.size > 0) this.#schedule(0);
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #schedule(ms: number): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    if (!this.serverOpen()) return this.close();
    if (this.#clients.size === 0) {
      // nobody listening: stop polling, and start from the head again when someone comes
      this.#seq = undefined;
      return;
    }
    this.#running = true;
    try {
      const head = await this.feed.head();
      if (this.#seq === undefined) this.#seq = head;
      else if (head > this.#seq) {
        const { subjects, more } = await this.feed.subjectsBetween(this.#seq, head, MAX_SUBJECTS);
        this.#seq = head;
        this.#broadcast('changed', { subjects, all: more });
      }
      if (Date.now() - this.#lastWrite > HEARTBEAT_MS) this.#write(': ping\n\n');
    } catch (err) {
      this.log.warn('live updates: polling the audit log failed', { err });
    } finally {
      this.#running = false;
    }
    const again = this.#again;
    this.#again = false;
    if (this.#clients.size > 0 || again) this.#schedule(again ? 0 : this.intervalMs);
  }

  #broadcast(event: string, data: unknown): void {
    this.#write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  #write(chunk: string): void {
    this.#lastWrite = Date.now();
    for (const res of this.#clients) res.write(chunk);
  }
}
