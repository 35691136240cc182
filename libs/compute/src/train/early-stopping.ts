export interface StoppingRules {
  /** Stop once the validation metric has fallen at each of this many consecutive epochs. */
  decreasingEpochs?: number;
  /** Stop once the best epoch is more than this many epochs ago. */
  maxEpochsSinceBest?: number;
}

/** AutoLossGen's effectiveness-test rules (algorithms.md §1.5). */
export const autoLossGenStopping: Readonly<Required<StoppingRules>> = { decreasingEpochs: 10, maxEpochsSinceBest: 50 };

/** Plain patience: stop after `epochs` epochs without a new best. */
export function patience(epochs: number): StoppingRules {
  return { maxEpochsSinceBest: epochs - 1 };
}

export type StopReason = 'decreasing' | 'stale' | 'max-epochs';

/** What an `EarlyStopping` has seen, to continue a fit after a restart. */
export interface EarlyStoppingState {
  best: number;
  bestEpoch: number;
  previous: number;
  decreasingRun: number;
  epoch: number;
}

/** Tracks a higher-is-better validation metric epoch by epoch and says when to stop. */
export class EarlyStopping {
  best = -Infinity;
  bestEpoch = -1;
  private previous = NaN;
  private decreasingRun = 0;
  private epoch = -1;

  constructor(private readonly rules: StoppingRules) {}

  /** Records epoch's metric; true when it is a new best. NaN counts as a decrease and never as best. */
  record(epoch: number, metric: number): boolean {
    this.epoch = epoch;
    const decreased = Number.isNaN(metric) || metric < this.previous;
    this.decreasingRun = decreased ? this.decreasingRun + 1 : 0;
    this.previous = metric;
    if (metric > this.best) {
      this.best = metric;
      this.bestEpoch = epoch;
      return true;
    }
    return false;
  }

  state(): EarlyStoppingState {
    return { best: this.best, bestEpoch: this.bestEpoch, previous: this.previous, decreasingRun: this.decreasingRun, epoch: this.epoch };
  }

  setState(state: EarlyStoppingState): void {
    ({ best: this.best, bestEpoch: this.bestEpoch, previous: this.previous, decreasingRun: this.decreasingRun, epoch: this.epoch } = state);
  }

  stopReason(): StopReason | undefined {
    const { decreasingEpochs, maxEpochsSinceBest } = this.rules;
    if (decreasingEpochs !== undefined && this.decreasingRun >= decreasingEpochs) return 'decreasing';
    if (maxEpochsSinceBest !== undefined && this.epoch - this.bestEpoch > maxEpochsSinceBest) return 'stale';
    return undefined;
  }
}
