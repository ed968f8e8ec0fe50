/**
 * A small seeded generator (mulberry32). Each ticket draws from its own seed, so a ticket's story
 * is the same in every run and does not depend on the tickets generated before it.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    // Spread nearby seeds (consecutive ticket numbers) apart before the first draw.
    this.state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `choices` by weight (weights need not sum to 1). */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [value, weight] of choices) {
      x -= weight;
      if (x < 0) return value;
    }
    return choices.at(-1)![0];
  }

  /** Exponentially distributed with the given mean: waiting times, handling times. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}
