import type { CandidateKind, CandidateValue, Json } from '../contracts/candidate';
import type { EvaluatedCandidate, SearchStrategy } from '../contracts/search-strategy';

/** The passed candidates of a phase, best reward first, each distinct candidate once. */
export function survivorsOf(results: readonly EvaluatedCandidate[]): CandidateValue[] {
  const seen = new Set<string>();
  const distinct: EvaluatedCandidate[] = [];
  for (const result of [...results].filter(({ verdict }) => verdict.pass).sort((a, b) => b.verdict.reward - a.verdict.reward)) {
    const { candidate } = result;
    const key = candidate.kind === 'expression' ? (candidate.key ?? candidate.expression) : JSON.stringify(candidate.params);
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(result);
  }
  return distinct.map(({ candidate }) => {
    const { id: _id, index: _index, ...value } = candidate;
    return value as CandidateValue;
  });
}

/** The strategy of a later phase: proposes the earlier phase's survivors in order, then is done. */
export class SurvivorList implements SearchStrategy {
  private next = 0;

  constructor(readonly candidateKind: CandidateKind, private readonly survivors: readonly CandidateValue[]) {}

  ask(count: number): CandidateValue[] {
    const batch = this.survivors.slice(this.next, this.next + count);
    this.next += batch.length;
    return batch;
  }

  tell(): void {
    // A fixed list learns nothing.
  }

  isDone(): boolean {
    return this.next >= this.survivors.length;
  }

  snapshot(): Json {
    return { next: this.next };
  }

  restore(snapshot: Json): void {
    this.next = (snapshot as { next: number }).next;
  }
}
