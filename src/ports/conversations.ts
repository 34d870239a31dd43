// Where a chat platform lets the bot speak without being spoken to first. Teams only allows a
// proactive message into a conversation the bot already knows (a stored ConversationReference):
// adapters remember one when the bot is installed or a person first talks to it, and the
// dispatcher's chat port reads it back. Also the small facts a chat port needs to post exactly
// once and to recognise its own threads.
import type { Platform, PostedRef } from './chat.ts';

export interface StoredConversation {
  platform: Platform;
  /** targetKey() of what it reaches: "person:ann@example.com", or "channel:<platform channel id>" */
  key: string;
  /** the platform's own reference, as JSON; only the adapter that wrote it reads it */
  ref: Record<string, unknown>;
  /** the endpoint the platform told us to call back (Teams serviceUrl) */
  serviceUrl: string;
  updatedAt: string;
}

export interface ConversationStore {
  find(platform: Platform, key: string): Promise<StoredConversation | undefined>;
  /** inserts or replaces */
  remember(conversation: StoredConversation): Promise<void>;
  /** what a post made under this idempotency key returned, if it was made */
  findPost(platform: Platform, postKey: string): Promise<PostedRef | undefined>;
  rememberPost(platform: Platform, postKey: string, ref: PostedRef, at: string): Promise<void>;
  /** the card ("case:C-3") whose root message starts this thread */
  cardOfThread(platform: Platform, threadId: string): Promise<string | undefined>;
  rememberThread(platform: Platform, threadId: string, cardKey: string, at: string): Promise<void>;
}
