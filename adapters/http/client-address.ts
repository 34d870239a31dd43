// Who is on the other end of a request. Behind a reverse proxy the socket's peer is the proxy;
// the client is in X-Forwarded-For, which anyone can also write, so it is believed only for as
// many hops as DOCKET_TRUST_PROXY says there are proxies of ours in front (Express's rule for a
// numeric `trust proxy`: the nth address from the right, counting the socket's peer as 0).
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (::ffff:127.0.0.1) */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  if (isIP(a) === 4) return a.startsWith('127.');
  return a === '::1' || a === '0:0:0:0:0:0:0:1';
}

export interface Client {
  /** the client's address as far as trusted proxies vouch for it; the socket's peer with none */
  address: string | undefined;
  /** the request carries forwarding headers that no trusted proxy accounts for */
  forwardedUntrusted: boolean;
  /** https as the client saw it: the socket's own TLS, or X-Forwarded-Proto from a trusted proxy */
  https: boolean;
}

export function clientOf(req: IncomingMessage, trustProxy: number, encrypted: boolean): Client {
  const peer = req.socket.remoteAddress;
  const xff = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(xff) ? xff.join(',') : (xff ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const hasForwarding = forwarded.length > 0 || req.headers.forwarded !== undefined;
  if (trustProxy <= 0) return { address: peer, forwardedUntrusted: hasForwarding, https: encrypted };
  // peer, then the forwarded list from the right: each trusted proxy appended the one before it
  const chain = [peer, ...forwarded.reverse()];
  const address = chain[Math.min(trustProxy, chain.length - 1)];
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  return { address, forwardedUntrusted: false, https: encrypted || proto === 'https' };
}
