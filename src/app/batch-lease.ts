// Keeps the lease of one claimed batch alive while its rows are worked through. A batch is
// leased for `leaseMs` from its claim; when half of that is gone and rows are still waiting,
// every unfinished row is renewed under the claim's token before the next one starts. A row
// whose renewal fails was taken over (the process stalled past its lease): it is skipped, and
// its new holder delivers it. Without this a slow platform lets leases lapse under rows that
// are still queued in the batch, and a second replica claims and posts them too.

export interface BatchLeaseDeps<Id> {
  now: () => Date;
  /** extends the lease of `ids` held under `token` to `until`; returns those still held */
  renew(ids: readonly Id[], token: string, until: string): Promise<Id[]>;
}

export class BatchLease<Id> {
  readonly #open: Set<Id>;
  readonly #lost = new Set<Id>();
  readonly #token: string;
  #leasedAt: number;
  #renewing: Promise<void> | undefined;

  constructor(
    rows: readonly { id: Id; token: string }[],
    private readonly deps: BatchLeaseDeps<Id>,
    private readonly leaseMs: number,
    leasedAt: Date = deps.now(),
  ) {
    this.#open = new Set(rows.map((r) => r.id));
    this.#token = rows[0]?.token ?? '';
    this.#leasedAt = leasedAt.getTime();
  }

  /** whether the row is still ours to work on; renews the batch first when its lease is half gone */
  async keep(id: Id): Promise<boolean> {
    if (this.deps.now().getTime() - this.#leasedAt >= this.leaseMs / 2) {
      this.#renewing ??= this.#renew().finally(() => (this.#renewing = undefined));
      await this.#renewing;
    }
    return this.#open.has(id) && !this.#lost.has(id);
  }

  finished(id: Id): void {
    this.#open.delete(id);
  }

  async #renew(): Promise<void> {
    const at = this.deps.now();
    const ids = [...this.#open].filter((id) => !this.#lost.has(id));
    const held = new Set(await this.deps.renew(ids, this.#token, new Date(at.getTime() + this.leaseMs).toISOString()));
    for (const id of ids) if (!held.has(id)) this.#lost.add(id);
    this.#leasedAt = at.getTime();
  }
}
