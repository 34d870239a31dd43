// `docket audit verify|checkpoint|keygen`: the auditor's and the operator's tools for the
// audit log (design in README "Audit trail").
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { AuditCheckpoint, Store } from '../ports/store.ts';
import { generateAuditKeys } from '../store/audit-signing.ts';
import { openStore } from '../store/open.ts';

const Exported = z.object({
  id: z.number().int().positive(),
  at: z.string(),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  root: z.string().regex(/^[0-9a-f]{64}$/),
  heads: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().optional(),
  keyId: z.string().optional(),
});

/** the last checkpoint in a file of JSON lines (DOCKET_AUDIT_EXPORT_FILE) or one JSON document */
export async function readExported(file: string): Promise<AuditCheckpoint> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const last = lines.at(-1);
  if (!last) throw new Error(`${file} holds no checkpoint`);
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    // one pretty-printed document rather than JSON lines
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${file}: neither its last line nor the whole file is JSON`);
    }
  }
  const parsed = Exported.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: not a Docket audit checkpoint (${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')})`);
  const { signature, keyId, ...rest } = parsed.data;
  return { ...rest, ...(signature ? { signature } : {}), ...(keyId ? { keyId } : {}) };
}

/** 0 when every chain and checkpoint holds, 1 when something is broken or could not be read */
export async function runAuditVerify(url: string, out: (line: string) => void, options: { publicKey?: string; checkpointFile?: string } = {}): Promise<number> {
  let store: Store | undefined;
  try {
    const exported = options.checkpointFile ? await readExported(options.checkpointFile) : undefined;
    // no migrate: verifying must not change the database it inspects
    store = await openStore(url, { migrate: false });
    const verdict = await store.verifyAudit({ ...(options.publicKey ? { publicKey: options.publicKey } : {}), ...(exported ? { exported } : {}) });
    if (verdict.ok) {
      const signatures = { checked: 'signatures checked', unsigned: 'no signatures', unchecked: 'signatures NOT checked (set DOCKET_AUDIT_PUBLIC_KEY)' }[verdict.signatures];
      out(`audit ok: ${verdict.rows} rows in ${verdict.subjects} subjects, ${verdict.checkpoints} checkpoints, ${signatures}${exported ? `, matches exported checkpoint ${exported.id}` : ''}`);
      return 0;
    }
    out(`audit broken at seq ${verdict.seq}${verdict.subject ? ` (${verdict.subject})` : ''}: ${verdict.problem}`);
    return 1;
  } catch (err) {
    out(`audit verify failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await store?.close();
  }
}

/** writes a checkpoint now (as the server does every DOCKET_AUDIT_CHECKPOINT_SECONDS) and prints it */
export async function runAuditCheckpoint(url: string, out: (line: string) => void, signingKey?: string): Promise<number> {
  let store: Store | undefined;
  try {
    store = await openStore(url, { migrate: false });
    const checkpoint = await store.checkpointAudit(new Date().toISOString(), signingKey);
    const latest = checkpoint ?? (await store.auditCheckpoints(1))[0];
    if (!latest) {
      out('audit checkpoint: nothing to record yet (the log is empty)');
      return 0;
    }
    out(JSON.stringify(latest));
    return 0;
  } catch (err) {
    out(`audit checkpoint failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await store?.close();
  }
}

export function runAuditKeygen(out: (line: string) => void): number {
  const keys = generateAuditKeys();
  out('# Ed25519 key pair for signing audit checkpoints (key id ' + keys.keyId + ')');
  out('# the server (keep it secret, outside the database):');
  out(`DOCKET_AUDIT_SIGNING_KEY=${keys.privateKey}`);
  out('# auditors, for `docket audit verify`:');
  out(`DOCKET_AUDIT_PUBLIC_KEY=${keys.publicKey}`);
  return 0;
}
