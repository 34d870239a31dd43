// Proactive calls to the Bot Framework connector of one conversation, and what their failures
// mean to the outbox. The outbox owns retries (backoff with jitter, Retry-After, a record of
// every attempt), so the SDK's own retry policy is taken off the clients used here: it would
// sleep through a 429 while holding the outbox lease and hide it from the dispatcher.
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { DeliveryError } from '../../src/ports/chat.ts';

export interface ConversationsApi {
  sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
  updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<unknown>;
}

interface Pipelined {
  conversations: ConversationsApi;
  client?: { pipeline?: { removePolicy(policy: { name: string }): unknown } };
}

export class Connector {
  constructor(
    private readonly adapter: CloudAdapter,
    /** the bot's app id; '' in local mode */
    private readonly appId: string,
  ) {}

  /** runs `work` against the connector of the conversation `reference` names */
  async call<T>(reference: Partial<ConversationReference>, what: string, work: (api: ConversationsApi) => Promise<T>): Promise<T> {
    let result: T | undefined;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context: TurnContext) => {
        const client = context.turnState.get<Pipelined>(context.adapter.ConnectorClientKey);
        client.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
        result = await work(client.conversations);
      });
    } catch (err) {
      throw classify(err, what);
    }
    return result as T;
  }
}

/** HTTP status and Retry-After of a connector error, wherever the SDK put them */
function statusOf(err: unknown): { status?: number; retryAfter?: string | null } {
  if (err === null || typeof err !== 'object') return {};
  const e = err as { statusCode?: unknown; response?: { status?: unknown; headers?: { get?(name: string): string | null | undefined } } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.response?.status === 'number' ? e.response.status : undefined;
  return { status, retryAfter: e.response?.headers?.get?.('retry-after') ?? undefined };
}

/** Retry-After is seconds or an HTTP date */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function classify(err: unknown, what: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const { status, retryAfter } = statusOf(err);
  const reason = `${what}: ${status ? `Teams answered ${status}` : (err as Error)?.message ?? String(err)}`;
  if (status === 429) return new DeliveryError('retryable', reason, retryAfterMs(retryAfter));
  // 401: a token the connector refused may be fixed by the next token; 408 a timeout
  if (status === undefined || status >= 500 || status === 401 || status === 408) return new DeliveryError('retryable', reason);
  // 403 the bot was removed or blocked, 404 the conversation or message is gone, 400/413 the
  // card itself is wrong: sending it again changes nothing
  return new DeliveryError('permanent', reason);
}
