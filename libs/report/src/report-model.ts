/** The report of one run, as plain data: what the HTML and Markdown show and `--json` prints. */

/** One evaluated candidate, in the order the run evaluated them. */
export interface CandidatePoint {
  /** 1-based position over the whole run (all phases). */
  n: number;
  phase: number;
  id: string;
  /** Position within its phase, from 0 (the runner's candidate index). */
  index: number;
  reward: number;
  pass: boolean;
  /** The stage that gave the final verdict, and its reason when it failed. */
  stage: string | null;
  reason: string | null;
  isBest: boolean;
  /** Best reward of a passing candidate in the phase so far (null before the first pass). */
  bestSoFar: number | null;
  /** Seconds since the run started (wall clock of the events). */
  seconds: number;
  /** The live model's validation score the reward filter compared with, when it did. */
  liveScore: number | null;
}

export interface PhaseReport {
  index: number;
  name: string;
  candidates: number;
  passed: number;
  bestReward: number | null;
  bestCandidate: string | null;
  seconds: number;
}

/** Verdicts per stage and outcome (`passed` or the reason, with candidate ids cut off). */
export interface StageOutcome {
  phase: number;
  stage: string;
  outcome: string;
  count: number;
}

export interface ThroughputBin {
  /** Start of the bin, seconds since the run started. */
  seconds: number;
  candidatesPerSecond: number;
}

/** One training of a model (a `train` run, or one candidate's training in an effectiveness test). */
export interface TrainingSeries {
  label: string;
  metric: string;
  epochs: Array<{ epoch: number; loss: number; validation: number }>;
  bestEpoch: number | null;
  stopReason: string | null;
}

/** DE-Opt: the best individual's η and λ per layer group, per epoch. */
export interface HyperparameterPoint {
  epoch: number;
  group: string;
  learningRate: number;
  l2: number;
}

export interface GradientPoint {
  yhat: number;
  y: 0 | 1;
  loss: number | null;
  dYhat: number | null;
}

/** A loss the search found or trained, with its formula and ∂loss/∂ŷ curves. */
export interface LossEntry {
  candidate: string;
  /** The named loss it is (BCE, MSE, …), or null for a found one. */
  baseline: string | null;
  expression: string;
  latex: string | null;
  metrics: Record<string, number>;
  curve: GradientPoint[];
  /** Why there is no curve (the expression did not parse with the default operators). */
  curveProblem: string | null;
}

export interface MetricsTable {
  title: string;
  columns: string[];
  rows: Array<{ label: string; values: Array<number | string | null> }>;
}

export interface RunReport {
  runId: string;
  dir: string;
  name: string;
  status: string;
  strategy: string | null;
  seed: number | null;
  config: Record<string, unknown>;
  /** Dataset and split: the config's sections, and the counts when the run logged them. */
  dataset: { config: unknown; data: unknown; counts: Record<string, number | string> | null };
  candidates: CandidatePoint[];
  phases: PhaseReport[];
  outcomes: StageOutcome[];
  throughput: ThroughputBin[];
  training: TrainingSeries[];
  hyperparameters: HyperparameterPoint[];
  losses: LossEntry[];
  tables: MetricsTable[];
  elapsedSeconds: number | null;
}
