import {
  expandSpace,
  sampleParam,
  type CandidateValue,
  type Json,
  type ParamSpace,
  type ParamSpec,
  type Rng,
  type SearchStrategy,
} from '@recsearch/core';

export interface RandomSearchOptions {
  space: ParamSpace;
}

/** Independent uniform draws from the box: the baseline every numeric strategy must beat. */
export class RandomSearch implements SearchStrategy {
  readonly candidateKind = 'params';
  private readonly params: Array<[string, ParamSpec]>;
  private proposed = 0;

  constructor(options: RandomSearchOptions, private readonly rng: Rng) {
    this.params = expandSpace(options.space);
  }

  ask(count: number): CandidateValue[] {
    this.proposed += count;
    return Array.from({ length: count }, () => ({
      kind: 'params' as const,
      params: Object.fromEntries(this.params.map(([name, spec]) => [name, sampleParam(spec, this.rng)])),
    }));
  }

  tell(): void {
    // Random search learns nothing from verdicts.
  }

  snapshot(): Json {
    return { proposed: this.proposed };
  }

  restore(snapshot: Json): void {
    this.proposed = (snapshot as { proposed: number }).proposed;
  }
}
