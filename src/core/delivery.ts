// What the engine owes to chat after a change: written to the outbox in the same transaction
// as the change, delivered later by the dispatcher of each platform.
import type { ChannelRef } from '../flows/model.ts';
import type { Card } from './card.ts';

export type Target = { kind: 'person'; email: string } | { kind: 'channel'; channel: ChannelRef };

export type Delivery =
  /** post the card the first time, update every posted copy in place afterwards */
  | { type: 'card.upsert'; target: Target; card: Card }
  /** a message in the thread under the card `cardKey` posted to the same target */
  | { type: 'thread.reply'; target: Target; cardKey: string; text: string }
  /** a standalone message: a notification, an escalation */
  | { type: 'message.post'; target: Target; text: string; card?: Card };
