// What happens next in the simulated history: a min-heap of timed actions, earliest first
// (ties in the order they were added, so a run is reproducible).
export interface Entry {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

export class Agenda {
  readonly #heap: Entry[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  add(at: number, run: () => Promise<void>): void {
    this.#heap.push({ at, seq: this.#seq++, run });
    this.#up(this.#heap.length - 1);
  }

  peek(): Entry | undefined {
    return this.#heap[0];
  }

  pop(): Entry | undefined {
    const top = this.#heap[0];
    const last = this.#heap.pop();
    if (top && last && this.#heap.length > 0) {
      this.#heap[0] = last;
      this.#down(0);
    }
    return top;
  }

  #less(a: number, b: number): boolean {
    const x = this.#heap[a]!;
    const y = this.#heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  #swap(a: number, b: number): void {
    [this.#heap[a], this.#heap[b]] = [this.#heap[b]!, this.#heap[a]!];
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.#heap.length && this.#less(l, best)) best = l;
      if (r < this.#heap.length && this.#less(r, best)) best = r;
      if (best === i) return;
      this.#swap(i, best);
      i = best;
    }
  }
}
