// Slack request signing (https://docs.slack.dev/authentication/verifying-requests-from-slack):
// HMAC-SHA256 over `v0:{X-Slack-Request-Timestamp}:{raw body}` with the signing secret, hex, as
// `X-Slack-Signature: v0=…`. The HMAC, its constant-time compare and the "older than five
// minutes" rule are Bolt's own verifier (verifySlackRequest). Ours around it:
// - the headers' shapes first, so a garbled request is `malformed` rather than a Bolt exception;
// - a timestamp more than five minutes in the FUTURE is refused too: Bolt only refuses stale ones,
//   and a far-future timestamp would let a captured request be replayed for as long as it likes;
// - the body must be valid UTF-8: Bolt signs the body as a string, so bytes that do not decode
//   would be compared as replacement characters instead of as the bytes received.
import { createHmac } from 'node:crypto';
import { verifySlackRequest } from '@slack/bolt';

export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch';

export type SignatureVerdict = { ok: true } | { ok: false; problem: SignatureProblem };

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
}

/** what Slack would send for this body: for tests and fakes of Slack */
export function signatureFor(secret: string, timestamp: string, body: Buffer | string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function verifySignature(request: SignedRequest, secret: string, nowMs: number): SignatureVerdict {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) return { ok: false, problem: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, problem: 'malformed' };
  if (Number(timestamp) - Math.floor(nowMs / 1000) > SIGNATURE_WINDOW_SECONDS) return { ok: false, problem: 'future' };
  let body: string;
  try {
    body = utf8.decode(request.body);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  try {
    verifySlackRequest({ signingSecret: secret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) }, nowMilliseconds: nowMs });
    return { ok: true };
  } catch (err) {
    // Bolt says why only in its message: "… or request is stale", "… signature mismatch"
    return { ok: false, problem: /stale/.test((err as Error).message) ? 'stale' : 'mismatch' };
  }
}
