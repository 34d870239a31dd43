// The ChatPort contract: what the outbox dispatcher relies on from every chat platform. The
// in-memory fake passes it (test/app/fake-chat.test.ts); the Slack and Teams adapters run the
// same suite against their HTTP doubles:
//
//   chatPortContract('slack', async () => ({ port, person, channel, stranger, missingRef, seen, failNext, dedupesByKey: … }))
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/card.ts';
import type { Target } from '../../src/core/delivery.ts';
import { DeliveryError, type ChatPort, type PostedRef } from '../../src/ports/chat.ts';

export interface SeenPost {
  /** a standalone message's text */
  text?: string;
  /** a card's title */
  title?: string;
  replies: string[];
}

export interface ChatPortFixture {
  port: ChatPort;
  /** a person and a channel the platform reaches */
  person: Target;
  channel: Target;
  /** a person the platform cannot reach (no account there) */
  stranger: Target;
  /** a reference to a message that does not exist (deleted, or never posted) */
  missingRef: PostedRef;
  /** what is visible in `target` now, oldest first */
  seen(target: Target): Promise<SeenPost[]>;
  /** the platform answers the next call with this failure */
  failNext(failure: 'rate_limited' | 'server_error' | 'channel_not_found', retryAfterSeconds?: number): void;
  /** whether a post repeated with the same key is recognised (otherwise it posts twice) */
  dedupesByKey: boolean;
  close?(): Promise<void>;
}

export function aCard(version: number, title = `Card v${version}`): Card {
  return { key: 'request:R-42', title, subtitle: 'Purchase · R-42', status: { label: 'Waiting', tone: 'info' }, fields: [{ label: 'Item', value: 'Laptop' }], progress: [], actions: [], version };
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

export function chatPortContract(name: string, open: () => Promise<ChatPortFixture>): void {
  describe(`ChatPort contract: ${name}`, () => {
    const withFixture = (test: (f: ChatPortFixture) => Promise<void>) => async () => {
      const f = await open();
      try {
        await test(f);
      } finally {
        await f.close?.();
      }
    };

    it('reaches a known person and channel, and not a stranger', withFixture(async (f) => {
      expect(await f.port.reaches(f.person)).toBe(true);
      expect(await f.port.reaches(f.channel)).toBe(true);
      expect(await f.port.reaches(f.stranger)).toBe(false);
    }));

    it('posts a card once and updates that copy in place', withFixture(async (f) => {
      const ref = await f.port.postCard(f.person, aCard(1));
      await f.port.updateCard(ref, aCard(2, 'Approved'));
      expect(await f.seen(f.person)).toEqual([{ title: 'Approved', replies: [] }]);
    }));

    it('replies in the thread under a posted card', withFixture(async (f) => {
      const ref = await f.port.postCard(f.channel, aCard(1));
      await f.port.reply(ref, 'Bob approved it.');
      expect(await f.seen(f.channel)).toEqual([{ title: 'Card v1', replies: ['Bob approved it.'] }]);
    }));

    it('posts a standalone message', withFixture(async (f) => {
      await f.port.postMessage(f.person, 'Reminder: R-42 is waiting for you.');
      expect(await f.seen(f.person)).toEqual([{ text: 'Reminder: R-42 is waiting for you.', replies: [] }]);
    }));

    it('recognises a repeated post key where the platform can, and says so', withFixture(async (f) => {
      const first = await f.port.postMessage(f.person, 'once', undefined, { id: 'outbox:7' });
      // the retry of an attempt whose outcome nobody heard
      const second = await f.port.postMessage(f.person, 'once', undefined, { id: 'outbox:7', since: new Date(Date.now() - 60_000).toISOString() });
      if (f.dedupesByKey) {
        expect(second).toEqual(first);
        expect(await f.seen(f.person)).toHaveLength(1);
      } else {
        expect(await f.seen(f.person)).toHaveLength(2);
      }
    }));

    it('fails as unreachable for a stranger', withFixture(async (f) => {
      expect((await failure(f.port.postMessage(f.stranger, 'hello'))).kind).toBe('unreachable');
    }));

    it('fails permanently when the copy to update is gone', withFixture(async (f) => {
      expect((await failure(f.port.updateCard(f.missingRef, aCard(3)))).kind).toBe('permanent');
    }));

    it('classifies a rate limit as retryable, with Retry-After in milliseconds', withFixture(async (f) => {
      f.failNext('rate_limited', 3);
      const err = await failure(f.port.postMessage(f.channel, 'busy'));
      expect([err.kind, err.retryAfterMs]).toEqual(['retryable', 3000]);
    }));

    it('classifies a server error as retryable and a missing channel as permanent', withFixture(async (f) => {
      f.failNext('server_error');
      expect((await failure(f.port.postCard(f.channel, aCard(1)))).kind).toBe('retryable');
      f.failNext('channel_not_found');
      expect((await failure(f.port.postCard(f.channel, aCard(1)))).kind).toBe('permanent');
      expect(await f.seen(f.channel)).toEqual([]);
    }));
  });
}
