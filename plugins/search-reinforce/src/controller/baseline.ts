import type { Json } from '@recsearch/core';

/**
 * How one update's rewards become REINFORCE weights. Each sample's loss term is
 * −log π · (advantage + entropyGradient · H), where H is the sampling entropy as a tensor (so a
 * non-zero entropyGradient lets the entropy bonus carry its own gradient, as the reference code does).
 */
export interface RewardWeights {
  advantages: number[];
  entropyGradient: number;
}

export interface BaselineRule {
  weigh(rewards: readonly number[], entropies: readonly number[]): RewardWeights;
  /** The current baseline (null before the first update). */
  readonly value: number | null;
  snapshot(): Json;
  restore(snapshot: Json): void;
}

/**
 * The paper's rule: reward + w·entropy (a number) minus a moving-average baseline, which is
 * updated once per batch from the batch mean (b ← decay·b + (1 − decay)·mean). The baseline
 * starts at the first batch's mean rather than 0, so early rewards are not all "advantages".
 */
export class MovingAverageBaseline implements BaselineRule {
  private baseline: number | null = null;

  constructor(private readonly decay: number, private readonly entropyWeight: number) {}

  get value(): number | null {
    return this.baseline;
  }

  weigh(rewards: readonly number[], entropies: readonly number[]): RewardWeights {
    const shaped = rewards.map((reward, i) => reward + this.entropyWeight * entropies[i]);
    const mean = shaped.reduce((a, b) => a + b, 0) / shaped.length;
    const baseline = this.baseline ?? mean;
    this.baseline = this.decay * baseline + (1 - this.decay) * mean;
    return { advantages: shaped.map((reward) => reward - baseline), entropyGradient: 0 };
  }

  snapshot(): Json {
    return { baseline: this.baseline };
  }

  restore(snapshot: Json): void {
    this.baseline = (snapshot as { baseline: number | null }).baseline;
  }
}

/**
 * The authors' code, per sample in order: a reward below b − η is replaced by `rejected`
 * and leaves b alone; otherwise b ← b − (1 − decay)·(b − reward) first, and the sample is
 * weighed against the updated b. b starts at 0: our rewards are already "new − live".
 * The entropy bonus keeps its gradient.
 */
export class ReferenceFilterBaseline implements BaselineRule {
  private baseline = 0;

  constructor(
    private readonly decay: number,
    private readonly entropyWeight: number,
    private readonly margin: number,
    private readonly rejected: number,
  ) {}

  get value(): number {
    return this.baseline;
  }

  weigh(rewards: readonly number[], entropies: readonly number[]): RewardWeights {
    const advantages = rewards.map((reward, i) => {
      if (reward < this.baseline - this.margin) return this.rejected - this.baseline;
      this.baseline -= (1 - this.decay) * (this.baseline - (reward + this.entropyWeight * entropies[i]));
      return reward - this.baseline;
    });
    return { advantages, entropyGradient: this.entropyWeight };
  }

  snapshot(): Json {
    return { baseline: this.baseline };
  }

  restore(snapshot: Json): void {
    this.baseline = (snapshot as { baseline: number }).baseline;
  }
}
