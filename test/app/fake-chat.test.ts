// The in-memory chat platform used by the dispatcher's tests passes the ChatPort contract that
// the Slack and Teams adapters pass, so what the tests prove with it holds for them.
import { DeliveryError } from '../../src/ports/chat.ts';
import { chatPortContract } from '../support/chat-contract.ts';
import { FakeChat } from '../support/fake-chat.ts';

chatPortContract('in-memory fake', async () => {
  const chat = new FakeChat('slack', { reaches: (t) => !(t.kind === 'person' && t.email === 'stranger@example.com') });
  return {
    port: chat,
    person: { kind: 'person', email: 'ann@example.com' },
    channel: { kind: 'channel', channel: { name: '#ops', slack: 'C0OPS' } },
    stranger: { kind: 'person', email: 'stranger@example.com' },
    missingRef: { id: 'm-gone' },
    seen: async (target) => chat.seenBy(target).map((p) => ({ ...(p.text !== undefined ? { text: p.text } : {}), ...(p.kind === 'card' && p.card ? { title: p.card.title } : {}), replies: p.replies })),
    failNext: (failure, retryAfterSeconds) => {
      const error =
        failure === 'rate_limited' ? new DeliveryError('retryable', 'ratelimited', (retryAfterSeconds ?? 1) * 1000)
        : failure === 'server_error' ? new DeliveryError('retryable', 'internal_error')
        : new DeliveryError('permanent', 'channel_not_found');
      chat.failNext('any', error);
    },
    dedupesByKey: true,
  };
});
