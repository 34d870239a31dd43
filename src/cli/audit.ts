// `docket audit verify`: walks the audit log's hash chain and names the first broken row.
import type { Store } from '../ports/store.ts';
import { openStore } from '../store/open.ts';

/** 0 when the chain is intact, 1 when it is broken or could not be read */
export async function runAuditVerify(url: string, out: (line: string) => void): Promise<number> {
  let store: Store | undefined;
  try {
    // no migrate: verifying must not change the database it inspects
    store = await openStore(url, { migrate: false });
    const verdict = await store.verifyAudit();
    if (verdict.ok) {
      out(`audit ok: ${verdict.rows} rows`);
      return 0;
    }
    out(`audit broken at seq ${verdict.seq}: ${verdict.problem}`);
    return 1;
  } catch (err) {
    out(`audit verify failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await store?.close();
  }
}
