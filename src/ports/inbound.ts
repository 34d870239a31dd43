// Which open case an inbound hook's dedup key points at, so a repeating alert updates that case
// instead of opening another. Written in the engine's transaction with the case it names.
import type { StoreTx } from './store.ts';

export interface InboundKeys {
  within(tx: StoreTx): {
    /** the case last opened for this hook and key, if any (it may be resolved since) */
    find(hook: string, key: string): Promise<string | undefined>;
    /**
     * points the key at a new case: `previous` is the case it pointed at when read (undefined
     * when there was none). Compare-and-set: throws ConflictError when another transaction
     * moved the key meanwhile, so of two alerts arriving together one opens the case and the
     * other, run again, updates it.
     */
    set(hook: string, key: string, caseId: string, at: string, previous: string | undefined): Promise<void>;
  };
}
