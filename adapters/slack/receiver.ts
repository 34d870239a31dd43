// Bolt's Receiver for our own HTTP server: POST /slack/events is verified here (signature and
// five-minute window) before Bolt sees a byte, then handed to App.processEvent. The HTTP answer
// goes out as soon as a listener acks, so the engine work after the ack does not hold Slack's
// three seconds; that work is tracked, so tests and shutdown can wait for it. If no listener
// acked by the deadline, an empty 200 goes out and a later ack resolves to `false`, so the
// listener knows the person saw none of its answer (on-view.ts then tells them by DM).
import type { App, Receiver } from '@slack/bolt';
import type { HttpContext } from '../http/server.ts';
import type { Logger } from '../../src/log.ts';
import { parseInbound } from './inbound.ts';
import { verifySignature } from './signature.ts';

/** Slack gives up after 3 s; answer a little before that if no listener acked (and log it) */
export const ACK_DEADLINE_MS = 2_500;

export interface HttpReceiverOptions {
  signingSecret: string;
  log: Logger;
  /** the wall clock for the signature window (not the engine's clock, which tests move) */
  nowMs?: () => number;
  /** when to answer empty if no listener acked (ACK_DEADLINE_MS) */
  ackDeadlineMs?: number;
}

export class HttpReceiver implements Receiver {
  #app: App | undefined;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #nowMs: () => number;
  /** when to answer empty if no listener acked; tests shorten it to reach a late ack */
  ackDeadlineMs: number;

  constructor(private readonly options: HttpReceiverOptions) {
    this.#nowMs = options.nowMs ?? Date.now;
    this.ackDeadlineMs = options.ackDeadlineMs ?? ACK_DEADLINE_MS;
  }

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.idle();
  }

  /** resolves once every event handed to Bolt has finished, including work after its ack */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** the route handler for POST /slack/events */
  readonly handle = async (ctx: HttpContext): Promise<void> => {
    const raw = await ctx.readBody();
    const header = (name: string) => {
      const v = ctx.req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const verdict = verifySignature({ timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature'), body: raw }, this.options.signingSecret, this.#nowMs());
    if (!verdict.ok) {
      ctx.log.warn('slack request refused: signature', { problem: verdict.problem });
      return ctx.json(401, { error: 'invalid_signature', message: `The request is not signed by Slack (${verdict.problem}).` });
    }
    const parsed = parseInbound(raw, header('content-type'));
    if (!parsed.ok) return ctx.json(400, { error: 'bad_request', message: parsed.message });
    const { inbound } = parsed;
    if (inbound.kind === 'url_verification') return ctx.json(200, { challenge: inbound.challenge });
    if (inbound.kind === 'ssl_check') return ctx.send(200, '');
    const app = this.#app;
    if (!app) throw new Error('HttpReceiver used before App.init');

    let acked = false;
    let answer!: (body: unknown) => void;
    const response = new Promise<unknown>((resolve) => (answer = resolve));
    const retryNum = Number(header('x-slack-retry-num'));
    const retryReason = header('x-slack-retry-reason');
    // true when this answer went out; false when one had already (a second ack, or the deadline's)
    const ack = async (body?: unknown): Promise<boolean> => {
      if (acked) {
        ctx.log.warn('slack: an ack after the answer went out ignored');
        return false;
      }
      acked = true;
      answer(body);
      return true;
    };
    const work = app
      .processEvent({
        body: inbound.body,
        // Bolt types an ack as resolving to nothing and hands ours to the listener unchanged
        ack: ack as unknown as (body?: unknown) => Promise<void>,
        ...(Number.isInteger(retryNum) ? { retryNum } : {}),
        ...(retryReason ? { retryReason } : {}),
      })
      .catch((err: unknown) => ctx.log.error('slack event failed', { err }))
      .finally(() => {
        this.#pending.delete(work);
        // nothing acked: Slack still wants its 200, or it retries and shows an error
        if (!acked) {
          acked = true;
          answer(undefined);
        }
      });
    this.#pending.add(work);
    const deadlineMs = this.ackDeadlineMs;
    const deadline = setTimeout(() => {
      if (acked) return;
      ctx.log.warn('slack: no ack within the deadline; answered empty', { ms: deadlineMs });
      acked = true;
      answer(undefined);
    }, deadlineMs);
    deadline.unref();
    const body = await response;
    clearTimeout(deadline);
    if (body === undefined || body === '') return ctx.send(200, '');
    if (typeof body === 'string') return ctx.send(200, body, { 'Content-Type': 'text/plain; charset=utf-8' });
    return ctx.json(200, body);
  };
}
