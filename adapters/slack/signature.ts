// Slack request signing (https://docs.slack.dev/authentication/verifying-requests-from-slack):
// HMAC-SHA256 over `v0:{X-Slack-Request-Timestamp}:{raw body}` with the signing secret, hex, as
// `X-Slack-Signature: v0=…`. A timestamp more than five minutes off either way is a replay (or a
// broken clock) and is refused like a bad signature. Checked on the exact bytes received, before
// anything is parsed.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch';

export type SignatureVerdict = { ok: true } | { ok: false; problem: SignatureProblem };

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
}

export function signatureFor(secret: string, timestamp: string, body: Buffer | string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

export function verifySignature(request: SignedRequest, secret: string, nowMs: number): SignatureVerdict {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) return { ok: false, problem: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, problem: 'malformed' };
  const skew = Math.floor(nowMs / 1000) - Number(timestamp);
  if (skew > SIGNATURE_WINDOW_SECONDS) return { ok: false, problem: 'stale' };
  if (skew < -SIGNATURE_WINDOW_SECONDS) return { ok: false, problem: 'future' };
  const expected = Buffer.from(signatureFor(secret, timestamp, request.body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // same length by the format check above; timingSafeEqual so the compare leaks no prefix
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, problem: 'mismatch' };
}
