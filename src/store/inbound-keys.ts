// Dedup keys of inbound hooks (migrations/006_api.ts): (hook, key) → the case opened for it.
import type { InboundKeys } from '../ports/inbound.ts';
import type { Store, StoreTx } from '../ports/store.ts';
import { SqlStore, trxOf } from './sql-store.ts';

// the key is the sender's text (an Alertmanager group key can be long): store a bounded prefix
// plus nothing else; compileInbound caps it at 500 characters already
export class SqlInboundKeys implements InboundKeys {
  within(tx: StoreTx) {
    const trx = trxOf(tx);
    return {
      async find(hook: string, key: string): Promise<string | undefined> {
        const row = (await trx('case_inbound_keys').select('case_id').where({ hook, dedup_key: key }).first()) as { case_id: string } | undefined;
        return row?.case_id;
      },
      async set(hook: string, key: string, caseId: string, at: string): Promise<void> {
        // a resolved case's key is taken over by the new case: one row per (hook, key)
        await trx('case_inbound_keys').insert({ hook, dedup_key: key, case_id: caseId, updated_at: at }).onConflict(['hook', 'dedup_key']).merge(['case_id', 'updated_at']);
      },
    };
  }
}

export function inboundKeysOf(store: Store): InboundKeys {
  if (!(store instanceof SqlStore)) throw new Error('inbound keys need a store opened by openStore()');
  return new SqlInboundKeys();
}
