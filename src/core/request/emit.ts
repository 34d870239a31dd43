import type { Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { EventType } from '../events.ts';

/** Records an event on the change, stamped with the context's actor and time. */
export function emit(out: Change<unknown>, ctx: EngineContext, type: EventType, subject: string, data: Record<string, unknown> = {}, actor = ctx.actor): void {
  out.events.push({ type, subject, actor, at: ctx.now.toISOString(), data });
}
