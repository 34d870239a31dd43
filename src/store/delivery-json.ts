// An outbox row's payload read back: checked for the shape the dispatcher relies on (house
// style 1). Cards are checked for their key and version; the adapters escape every string anyway.
import { z } from 'zod';
import type { Card } from '../core/card.ts';
import type { Delivery } from '../core/delivery.ts';
import type { PostedRef } from '../ports/chat.ts';
import { parseStored } from './stored-json.ts';

const ChannelRef = z.object({ name: z.string(), slack: z.string().optional(), teams: z.string().optional() });
const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), email: z.string() }),
  z.object({ kind: z.literal('channel'), channel: ChannelRef }),
]);
const CardShape = z.looseObject({ key: z.string(), title: z.string(), version: z.number().int() });
const DeliveryShape = z.discriminatedUnion('type', [
  z.object({ type: z.literal('card.upsert'), target: Target, card: CardShape }),
  z.object({ type: z.literal('thread.reply'), target: Target, cardKey: z.string(), text: z.string() }),
  z.object({ type: z.literal('message.post'), target: Target, text: z.string(), card: CardShape.optional() }),
]);
const Ref = z.record(z.string(), z.string());

export function parseDelivery(id: number, text: string): Delivery {
  const d = parseStored(DeliveryShape, 'outbox payload', String(id), text);
  // the loose card keeps every field it was written with; the check above covers what we read
  switch (d.type) {
    case 'card.upsert':
      return { type: d.type, target: d.target, card: d.card as unknown as Card };
    case 'thread.reply':
      return d;
    case 'message.post':
      return { type: d.type, target: d.target, text: d.text, ...(d.card ? { card: d.card as unknown as Card } : {}) };
  }
}

export function parseRef(what: string, id: string, text: string): PostedRef {
  return parseStored(Ref, what, id, text);
}
