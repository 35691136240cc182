import { Rng } from './rng';

/** FNV-1a over the name, mixed with the seed: a stream's seed depends only on (seed, name). */
function streamSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * The run's one seed, split into independent named streams (one per component, e.g.
 * `search`, `evaluators/0`). Streams are derived from (seed, name), so adding a component
 * never shifts another's numbers. All stream states checkpoint and restore together.
 */
export class RngStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number) {}

  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = Rng.fromSeed(streamSeed(this.seed, name));
      this.streams.set(name, rng);
    }
    return rng;
  }

  snapshot(): Record<string, number[]> {
    return Object.fromEntries([...this.streams].map(([name, rng]) => [name, rng.state()]));
  }

  restore(states: Record<string, number[]>): void {
    for (const [name, state] of Object.entries(states)) this.stream(name).setState(state);
  }
}
