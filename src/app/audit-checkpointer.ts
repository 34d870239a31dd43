// Writes a signed checkpoint of the audit log now and then, and exports each one (a log line,
// and a JSON line appended to a file) so that a copy lives outside the database: an auditor
// holding an exported checkpoint can prove later that the log was not rewritten or cut short.
// Every replica runs one; the database lets only one write each checkpoint.
import { appendFile } from 'node:fs/promises';
import type { Logger } from '../log.ts';
import type { AuditCheckpoint, Store } from '../ports/store.ts';
import { PollLoop } from './poll-loop.ts';

export interface CheckpointerDeps {
  store: Store;
  now: () => Date;
  signingKey?: string;
  exportFile?: string;
  log?: Logger;
}

export class AuditCheckpointer {
  readonly #loop: PollLoop;

  constructor(private readonly deps: CheckpointerDeps) {
    this.#loop = new PollLoop('audit checkpoints', () => this.runOnce(), deps.log);
  }

  /** writes and exports one checkpoint if any subject changed since the last one */
  async runOnce(): Promise<AuditCheckpoint | undefined> {
    const checkpoint = await this.deps.store.checkpointAudit(this.deps.now().toISOString(), this.deps.signingKey);
    if (!checkpoint) return undefined;
    this.deps.log?.info('audit checkpoint', { checkpoint });
    if (this.deps.exportFile) await appendFile(this.deps.exportFile, JSON.stringify(checkpoint) + '\n', { mode: 0o640 });
    return checkpoint;
  }

  start(intervalMs: number): void {
    this.#loop.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }
}
