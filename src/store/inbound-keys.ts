// Dedup keys of inbound hooks (migrations/011_api.ts): (hook, key) → the case opened for it.
import type { InboundKeys } from '../ports/inbound.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { ConflictError } from '../ports/store.ts';
import { SqlStore, trxOf } from './sql-store.ts';
import { isUniqueViolation } from './sql-util.ts';

// the key is the sender's text; compileInbound caps it at 500 characters
export class SqlInboundKeys implements InboundKeys {
  within(tx: StoreTx) {
    const trx = trxOf(tx);
    return {
      async find(hook: string, key: string): Promise<string | undefined> {
        const row = (await trx('case_inbound_keys').select('case_id').where({ hook, dedup_key: key }).first()) as { case_id: string } | undefined;
        return row?.case_id;
      },
      async set(hook: string, key: string, caseId: string, at: string, previous: string | undefined): Promise<void> {
        if (previous === undefined) {
          try {
            await trx('case_inbound_keys').insert({ hook, dedup_key: key, case_id: caseId, updated_at: at });
          } catch (err) {
            if (isUniqueViolation(err)) throw new ConflictError(`inbound key ${hook}/${key} was taken by another transaction`);
            throw err;
          }
          return;
        }
        // a resolved case's key is taken over by the new case, unless someone else took it first
        const n = await trx('case_inbound_keys').where({ hook, dedup_key: key, case_id: previous }).update({ case_id: caseId, updated_at: at });
        if (n === 0) throw new ConflictError(`inbound key ${hook}/${key} moved meanwhile`);
      },
    };
  }
}

export function inboundKeysOf(store: Store): InboundKeys {
  if (!(store instanceof SqlStore)) throw new Error('inbound keys need a store opened by openStore()');
  return new SqlInboundKeys();
}
