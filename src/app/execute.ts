// Runs one command as one transaction: load, decide (pure engine), write state + audit events +
// outbox rows together, or nothing at all. Conflicts with a concurrent writer are retried on
// fresh state, so of two simultaneous clicks exactly one wins and the other is told who won.
import type { Change } from '../core/change.ts';
import type { EngineContext } from '../core/context.ts';
import type { Delivery } from '../core/delivery.ts';
import type { Where } from '../core/permissions/where.ts';
import type { Guard } from '../core/may-run.ts';
import type { Refusal } from '../core/result.ts';
import type { FlowRegistry } from '../flows/registry.ts';
import type { Platform } from '../ports/chat.ts';
import type { Directory } from '../ports/directory.ts';
import { ConflictError, type Store, type StoreTx } from '../ports/store.ts';
import type { TimerStore } from '../ports/timers.ts';
import type { InboundKeys } from '../ports/inbound.ts';
import type { Subscription, WebhookOutbox } from '../ports/webhooks.ts';
import type { Envelope } from './commands.ts';
import { dispatch } from './dispatch.ts';

export interface Accepted {
  ok: true;
  /** "request:R-12" or "case:C-3" */
  subject: string;
  /** the deliveries queued in the outbox by this command */
  deliveries: Delivery[];
  /** true when the client key was seen before: nothing changed this time */
  duplicate: boolean;
}
export type Outcome = Accepted | Refusal;

export interface EngineDeps {
  store: Store;
  flows: FlowRegistry;
  directory: Directory;
  now: () => Date;
  /** pause between conflict retries; tests may pass a no-op */
  sleep?: (ms: number) => Promise<void>;
  /** the timer table; without it no timers are written and none can fire */
  timers?: TimerStore;
  /**
   * the chat platforms deliveries are queued for, one outbox row each; [] (local console only)
   * queues nothing; absent, one row per delivery for no platform in particular
   */
  platforms?: readonly Platform[];
  /** outbound webhooks: the subscriptions now, and their outbox; absent, none are queued */
  webhooks?: { outbox: WebhookOutbox; subscriptions(): readonly Subscription[] };
  /** inbound hooks' dedup keys; without them case.ingest cannot run */
  inbound?: InboundKeys;
  /**
   * rules beyond the base ones that refuse commands (permissions, segregation of duties): every
   * context the engine makes carries them, so the engine's checks and the cards it draws agree
   */
  guards?: readonly Guard[];
}

const MAX_ATTEMPTS = 30;

/** Carries a refusal out of the transaction so that it rolls back. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
    this.name = 'Refused';
  }
}

/** What a command handler gives back to be written. */
export interface Written {
  subject: string;
  deliveries: Delivery[];
}

export class Engine {
  readonly #queued: (() => void)[] = [];

  constructor(readonly deps: EngineDeps) {}

  /** `listener` runs after each commit that queued deliveries: the dispatcher wakes on it */
  onQueued(listener: () => void): void {
    this.#queued.push(listener);
  }

  context(actor: string, now = this.deps.now(), where?: Where, via?: string): EngineContext {
    return {
      now,
      actor: actor.toLowerCase(),
      ...(via ? { via } : {}),
      directory: this.deps.directory,
      flows: this.deps.flows,
      ...(where ? { where } : {}),
      // permissions and segregation of duties are in every guard already (may-run.ts); the deps may add more
      ...(this.deps.guards ? { guards: this.deps.guards } : {}),
    };
  }

  async execute(envelope: Envelope): Promise<Outcome> {
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.deps.store.transaction(async (tx) => {
          const outcome = await this.#attempt(tx, envelope);
          // A refused command writes nothing, not even the number it drew. The clock's refusals
          // are the exception: they record that a timer became moot or failed.
          if (!outcome.ok && envelope.command.type !== 'clock.fire') throw new Refused(outcome);
          return outcome;
        });
        // after the commit, never inside it: a dispatcher woken earlier would find nothing
        if (outcome.ok && outcome.deliveries.length > 0) for (const listener of this.#queued) listener();
        return outcome;
      } catch (err) {
        if (err instanceof Refused) return err.refusal;
        if (!(err instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw err;
        // back off a little, with jitter, so a crowd of losers does not collide again in step
        await sleep(Math.min(50, 2 ** Math.min(attempt, 5)) * Math.random());
      }
    }
  }

  async #attempt(tx: StoreTx, envelope: Envelope): Promise<Outcome> {
    if (envelope.key) {
      const seen = await tx.findIdempotent(envelope.key);
      if (seen !== undefined) {
        const prior = seen as { subject: string };
        return { ok: true, subject: prior.subject, deliveries: [], duplicate: true };
      }
    }
    const ctx = this.context(envelope.actor, undefined, envelope.where, envelope.via);
    const result = await dispatch(tx, envelope.command, ctx, this.deps);
    if (!result.ok) return result;
    if (envelope.key) await tx.rememberIdempotent(envelope.key, { subject: result.value.subject }, ctx.now.toISOString());
    return { ok: true, subject: result.value.subject, deliveries: result.value.deliveries, duplicate: false };
  }
}

/** Bumps the version and timestamp of a changed item; inserts start at version 1. */
export function stamp<S extends { version: number; updatedAt: string }>(change: Change<S>, before: S | undefined, ctx: EngineContext): void {
  change.state.version = before ? before.version + 1 : 1;
  change.state.updatedAt = ctx.now.toISOString();
}
