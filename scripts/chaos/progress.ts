/** A counter others can wait on: `reached(n)` resolves once it has counted to `n`. */
export class Progress {
  private count = 0;
  private readonly waiting: Array<{ at: number; resolve(): void }> = [];

  get value(): number {
    return this.count;
  }

  add(): void {
    this.count += 1;
    for (const waiter of this.waiting.filter((candidate) => candidate.at <= this.count)) {
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  reached(at: number): Promise<void> {
    if (this.count >= at) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ at, resolve }));
  }
}
