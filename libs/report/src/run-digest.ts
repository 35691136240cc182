import type { CandidatePoint, HyperparameterPoint, PhaseReport, StageOutcome, TrainingSeries } from './report-model';
import { forEachEvent, type LoggedEvent, type RunFolder } from './run-folder';

interface VerdictPayload {
  pass: boolean;
  reward: number;
  reason?: string;
  stage?: string;
  metrics: Record<string, number>;
}

interface CandidatePayload {
  id: string;
  index: number;
  kind: string;
  expression?: string;
}

/** What the event log says, gathered in one pass. */
export interface RunDigest {
  name: string | null;
  strategy: string | null;
  seed: number | null;
  candidates: CandidatePoint[];
  phases: PhaseReport[];
  outcomes: StageOutcome[];
  training: TrainingSeries[];
  hyperparameters: HyperparameterPoint[];
  /** Expression of each evaluated expression candidate, by id. */
  expressions: Map<string, string>;
}

/** A failure reason without the candidate it names (`same canonical key as c25` → `same canonical key`). */
export function outcomeOf(verdict: Pick<VerdictPayload, 'pass' | 'reason'>): string {
  if (verdict.pass) return 'passed';
  return (verdict.reason ?? 'failed').replace(/ (as|of) [\w-]*c\d+$| on [\d.]+% .*$/, '').trim();
}

class Digester {
  readonly digest: RunDigest = {
    name: null, strategy: null, seed: null, candidates: [], phases: [], outcomes: [], training: [], hyperparameters: [], expressions: new Map(),
  };
  private startMs: number | null = null;
  private phase: PhaseReport | null = null;
  private phaseStartMs = 0;
  private readonly outcomeCounts = new Map<string, StageOutcome>();
  private currentCandidate: string | null = null;
  private series: TrainingSeries | null = null;

  visit(event: LoggedEvent): void {
    const ms = Date.parse(event.time);
    if (this.startMs === null) this.startMs = ms;
    const p = event.payload;
    switch (event.type) {
      case 'run.started':
        this.digest.name = p['name'] as string;
        this.digest.strategy = p['strategy'] as string;
        this.digest.seed = p['seed'] as number;
        if (!this.phase && this.digest.phases.length === 0) this.openPhase(0, null, ms);
        break;
      case 'phase.started':
        this.openPhase(p['index'] as number, p['name'] as string, ms);
        break;
      case 'phase.finished':
        this.ensurePhase(ms).name = p['name'] as string;
        this.closePhase(ms);
        break;
      case 'candidate.proposed':
        this.currentCandidate = (p['candidate'] as CandidatePayload).id;
        break;
      case 'evaluator.verdict': {
        const verdict = p['verdict'] as VerdictPayload;
        const stage = (p['stage'] as string) ?? verdict.stage ?? 'evaluator';
        const outcome = outcomeOf(verdict);
        const key = `${this.ensurePhase(ms).index}\u0000${stage}\u0000${outcome}`;
        const known = this.outcomeCounts.get(key);
        if (known) known.count++;
        else {
          const entry = { phase: this.ensurePhase(ms).index, stage, outcome, count: 1 };
          this.outcomeCounts.set(key, entry);
          this.digest.outcomes.push(entry);
        }
        break;
      }
      case 'candidate.evaluated':
        this.evaluated(p, ms);
        break;
      case 'training.epoch': {
        if (!this.series) {
          const base = this.currentCandidate ?? 'training';
          const same = this.digest.training.filter((series) => series.label === base || series.label.startsWith(`${base} (`)).length;
          this.series = { label: same ? `${base} (${same + 1})` : base, metric: p['metric'] as string, epochs: [], bestEpoch: null, stopReason: null };
          this.digest.training.push(this.series);
        }
        this.series.epochs.push({ epoch: p['epoch'] as number, loss: p['loss'] as number, validation: p['validation'] as number });
        break;
      }
      case 'training.finished':
        if (this.series) {
          this.series.bestEpoch = p['bestEpoch'] as number;
          this.series.stopReason = p['stopReason'] as string;
        }
        this.series = null;
        break;
      case 'training.deopt-epoch': {
        const settings = (p['settings'] as Array<{ learningRate: number; l2: number }>) ?? [];
        settings.forEach((setting, group) =>
          this.digest.hyperparameters.push({ epoch: p['epoch'] as number, group: `group ${group}`, learningRate: setting.learningRate, l2: setting.l2 }),
        );
        break;
      }
      case 'run.finished':
      case 'run.interrupted':
      case 'run.failed':
        if (this.phase) this.closePhase(ms);
        break;
    }
  }

  private evaluated(p: Record<string, unknown>, ms: number): void {
    const phase = this.ensurePhase(ms);
    const candidate = p['candidate'] as CandidatePayload;
    const verdict = p['verdict'] as VerdictPayload;
    const previous = this.lastOfPhase(phase.index)?.bestSoFar ?? null;
    const bestSoFar = verdict.pass && (previous === null || verdict.reward > previous) ? verdict.reward : previous;
    if (candidate.kind === 'expression' && candidate.expression !== undefined) this.digest.expressions.set(candidate.id, candidate.expression);
    this.digest.candidates.push({
      n: this.digest.candidates.length + 1,
      phase: phase.index,
      id: candidate.id,
      index: candidate.index,
      reward: verdict.reward,
      pass: verdict.pass,
      stage: verdict.stage ?? null,
      reason: verdict.pass ? null : (verdict.reason ?? null),
      isBest: p['isBest'] as boolean,
      bestSoFar,
      seconds: (ms - (this.startMs ?? ms)) / 1000,
      liveScore: verdict.metrics?.['liveScore'] ?? null,
    });
    phase.candidates++;
    if (verdict.pass) phase.passed++;
    if (bestSoFar !== previous) {
      phase.bestReward = bestSoFar;
      phase.bestCandidate = candidate.id;
    }
    this.currentCandidate = null;
  }

  private lastOfPhase(index: number): CandidatePoint | undefined {
    const last = this.digest.candidates[this.digest.candidates.length - 1];
    return last?.phase === index ? last : undefined;
  }

  private ensurePhase(ms: number): PhaseReport {
    return this.phase ?? this.openPhase(this.digest.phases.length === 0 ? 0 : this.digest.phases[this.digest.phases.length - 1].index + 1, null, ms);
  }

  private openPhase(index: number, name: string | null, ms: number): PhaseReport {
    if (this.phase) this.closePhase(ms);
    this.phase = { index, name: name ?? (index === 0 ? 'search' : `phase ${index}`), candidates: 0, passed: 0, bestReward: null, bestCandidate: null, seconds: 0 };
    this.phaseStartMs = ms;
    this.digest.phases.push(this.phase);
    return this.phase;
  }

  private closePhase(ms: number): void {
    if (!this.phase) return;
    this.phase.seconds = (ms - this.phaseStartMs) / 1000;
    this.phase = null;
  }
}

/** Reads the run's event log into its timeline, phases, verdict outcomes and training curves. */
export function digestRun(folder: RunFolder): RunDigest {
  const digester = new Digester();
  forEachEvent(folder, (event) => digester.visit(event));
  return digester.digest;
}
