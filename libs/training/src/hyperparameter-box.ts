import { ConfigError, type ConfigProblem, type GroupSettings, type LayerGroup } from '@recsearch/core';
import { RealBox } from '@recsearch/evolution';
import type { HyperparameterOptions, Interval } from './hyperparameter-options';
import type { TrainingOptions } from './training-options';

const PATH = '/training/hyperparameters';

/**
 * The search box of per-group (η, λ) as one real vector [η¹…η^N, λ¹…λ^N]: each dimension in
 * [0, amplification × reference] (DE-Opt's "ten-times amplification"), unless the options give
 * the interval for every group or for a named group.
 */
export class HyperparameterBox {
  readonly box: RealBox;

  private constructor(readonly groups: readonly string[], low: number[], high: number[]) {
    this.box = new RealBox(low, high);
  }

  static forModel(layerGroups: readonly LayerGroup[], training: TrainingOptions, options: HyperparameterOptions): HyperparameterBox {
    const problems: ConfigProblem[] = [];
    const names = layerGroups.map((group) => group.name);
    const reference = { learningRate: options.reference?.learningRate ?? training.learningRate, l2: options.reference?.l2 ?? training.l2 };
    const fromReference = (value: number): Interval => [0, options.amplification * value];
    const perGroup = options.box?.groups ?? {};
    for (const name of Object.keys(perGroup)) {
      if (!names.includes(name)) problems.push({ jsonPath: `${PATH}/box/groups/${name}`, message: `the model has no layer group "${name}"`, expected: names.join(', ') });
    }
    const intervalOf = (name: string, kind: 'learningRate' | 'l2'): Interval => perGroup[name]?.[kind] ?? options.box?.[kind] ?? fromReference(reference[kind]);
    const check = (name: string, kind: 'learningRate' | 'l2', [min, max]: Interval) => {
      const jsonPath = perGroup[name]?.[kind] ? `${PATH}/box/groups/${name}/${kind}` : options.box?.[kind] ? `${PATH}/box/${kind}` : `${PATH}/reference/${kind}`;
      if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && min <= max)) problems.push({ jsonPath, message: `the box of ${kind} for group "${name}" is empty or invalid`, found: [min, max] });
    };
    const low: number[] = [];
    const high: number[] = [];
    for (const kind of ['learningRate', 'l2'] as const) {
      for (const name of names) {
        const interval = intervalOf(name, kind);
        check(name, kind, interval);
        low.push(interval[0]);
        high.push(interval[1]);
      }
    }
    if (problems.length) throw new ConfigError(problems, 'invalid hyperparameter box');
    return new HyperparameterBox(names, low, high);
  }

  /** The per-group settings a point of the box stands for. */
  settingsOf(point: readonly number[]): GroupSettings[] {
    const n = this.groups.length;
    return this.groups.map((_, group) => ({ learningRate: point[group], l2: point[n + group] }));
  }

  /** The point of per-group settings. */
  pointOf(settings: readonly GroupSettings[]): number[] {
    return [...settings.map((entry) => entry.learningRate), ...settings.map((entry) => entry.l2)];
  }
}
