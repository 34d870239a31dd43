// Slack's request signature, checked on the exact bytes: v0:{timestamp}:{body}, HMAC-SHA256,
// constant-time compare, five minutes either way.
import { describe, expect, it } from 'vitest';
import { signatureFor, verifySignature } from '../../adapters/slack/signature.ts';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const body = Buffer.from('token=xyz&team_id=T1&command=%2Frequest&text=purchase');
const at = 1_718_000_000;
const ms = (s: number) => s * 1000;

describe('verifySignature', () => {
  it('matches Slack\'s documented example', () => {
    // https://docs.slack.dev/authentication/verifying-requests-from-slack (the worked example)
    const example = Buffer.from('token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c');
    expect(signatureFor(secret, '1531420618', example)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    expect(verifySignature({ timestamp: '1531420618', signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503', body: example }, secret, ms(1531420618))).toEqual({ ok: true });
  });

  it('accepts up to five minutes either way, and refuses a second more', () => {
    const signed = (ts: number) => ({ timestamp: String(ts), signature: signatureFor(secret, String(ts), body), body });
    expect(verifySignature(signed(at - 300), secret, ms(at))).toEqual({ ok: true });
    expect(verifySignature(signed(at + 300), secret, ms(at))).toEqual({ ok: true });
    expect(verifySignature(signed(at - 301), secret, ms(at))).toEqual({ ok: false, problem: 'stale' });
    expect(verifySignature(signed(at + 301), secret, ms(at))).toEqual({ ok: false, problem: 'future' });
  });

  it('refuses a changed body, another secret, and missing or malformed headers', () => {
    const sig = signatureFor(secret, String(at), body);
    expect(verifySignature({ timestamp: String(at), signature: sig, body: body.subarray(0, body.length - 1) }, secret, ms(at))).toEqual({ ok: false, problem: 'mismatch' });
    expect(verifySignature({ timestamp: String(at), signature: sig, body }, 'another-secret', ms(at))).toEqual({ ok: false, problem: 'mismatch' });
    expect(verifySignature({ timestamp: String(at + 1), signature: sig, body }, secret, ms(at))).toEqual({ ok: false, problem: 'mismatch' });
    expect(verifySignature({ timestamp: undefined, signature: sig, body }, secret, ms(at))).toEqual({ ok: false, problem: 'missing' });
    expect(verifySignature({ timestamp: String(at), signature: undefined, body }, secret, ms(at))).toEqual({ ok: false, problem: 'missing' });
    expect(verifySignature({ timestamp: '1e9', signature: sig, body }, secret, ms(at))).toEqual({ ok: false, problem: 'malformed' });
    expect(verifySignature({ timestamp: String(at), signature: sig.toUpperCase(), body }, secret, ms(at))).toEqual({ ok: false, problem: 'malformed' });
    expect(verifySignature({ timestamp: String(at), signature: `v1=${sig.slice(3)}`, body }, secret, ms(at))).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('verifySignature on Bolt', () => {
  it('refuses a body that is not UTF-8 instead of comparing replacement characters', () => {
    const bad = Buffer.from([0x74, 0x3d, 0xff, 0xfe]);
    expect(verifySignature({ timestamp: String(at), signature: signatureFor(secret, String(at), bad), body: bad }, secret, ms(at))).toEqual({ ok: false, problem: 'malformed' });
  });

  it('checks non-ASCII bodies byte for byte (Slack sends UTF-8)', () => {
    const text = Buffer.from('text=Caf%C3%A9 – ünïcödé ✓', 'utf8');
    const sig = signatureFor(secret, String(at), text);
    expect(verifySignature({ timestamp: String(at), signature: sig, body: text }, secret, ms(at))).toEqual({ ok: true });
    expect(verifySignature({ timestamp: String(at), signature: sig, body: Buffer.from('text=Cafe – ünïcödé ✓') }, secret, ms(at))).toEqual({ ok: false, problem: 'mismatch' });
  });
});
