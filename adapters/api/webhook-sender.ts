// Posting one webhook: signed per Standard Webhooks (webhook-id, webhook-timestamp,
// webhook-signature = v1,base64(HMAC-SHA256(secret, id.timestamp.body)), by the `standardwebhooks`
// package), through request-filtering-agent so a subscription cannot make Docket call into the
// private network (loopback, RFC 1918, link-local, cloud metadata) unless the operator allows
// those addresses. Redirects are never followed: a 3xx is a failed attempt, so a public
// endpoint cannot bounce a delivery to a private one.
import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { Webhook } from 'standardwebhooks';
import type { SendResult, Subscription, WebhookSender } from '../../src/ports/webhooks.ts';

export interface SenderOptions {
  /** IPs or CIDRs that may be called although private (DOCKET_WEBHOOK_ALLOW_IPS) */
  allowIps?: readonly string[];
  /** a receiver that has not answered by then has failed this attempt */
  timeoutMs?: number;
  userAgent?: string;
}

const FORBIDDEN = /is not allowed\. Because/;

export class HttpWebhookSender implements WebhookSender {
  readonly #http: http.Agent;
  readonly #https: https.Agent;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor(options: SenderOptions = {}) {
    const filter = { allowIPAddressList: [...(options.allowIps ?? [])], keepAlive: false };
    this.#http = new RequestFilteringHttpAgent(filter);
    this.#https = new RequestFilteringHttpsAgent(filter);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#userAgent = options.userAgent ?? 'Docket-Webhooks';
  }

  send(subscription: Subscription, msgId: string, payload: string, at: Date): Promise<SendResult> {
    let url: URL;
    try {
      url = new URL(subscription.url);
    } catch {
      return Promise.resolve({ ok: false, retry: false, reason: 'bad_url', error: `not a URL: ${subscription.url.slice(0, 200)}` });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return Promise.resolve({ ok: false, retry: false, reason: 'bad_url', error: `only http and https URLs, got ${url.protocol}` });
    // an empty secret would still "sign": refuse, so an unset variable never sends unsigned calls
    if (!subscription.secret) return Promise.resolve({ ok: false, retry: false, reason: 'bad_secret', error: `no signing secret for ${subscription.name}: set its environment variable` });
    let signature: string;
    try {
      signature = new Webhook(subscription.secret).sign(msgId, at, payload);
    } catch (err) {
      return Promise.resolve({ ok: false, retry: false, reason: 'bad_secret', error: (err as Error).message });
    }
    const headers = {
      'content-type': 'application/json',
      'user-agent': this.#userAgent,
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    };
    const lib = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.#https : this.#http;
    return new Promise<SendResult>((resolve) => {
      const req = lib.request(url, { method: 'POST', headers, agent, timeout: this.#timeoutMs }, (res) => {
        res.resume(); // the body is not ours to read; drain it so the socket closes
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve({ ok: true, status });
        if (status === 410) return resolve({ ok: false, retry: false, reason: 'gone', error: 'HTTP 410 Gone: the receiver asked for no more deliveries' });
        const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
        resolve({ ok: false, retry: true, error: `HTTP ${status}${redirect}` });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)));
      req.on('error', (err) => {
        if (FORBIDDEN.test(err.message)) resolve({ ok: false, retry: false, reason: 'target_forbidden', error: `${url.hostname}: a private, loopback or link-local address; set DOCKET_WEBHOOK_ALLOW_IPS to allow it (${err.message})` });
        else resolve({ ok: false, retry: true, error: err.message });
      });
      req.end(payload);
    });
  }
}
