import * as tf from '@tensorflow/tfjs';
import type { GroupSettings } from '@recsearch/core';
import type { ResolvedOptimizerOptions } from '../native/optimizer';

export interface TrainableVariable {
  name: string;
  group: number;
  variable: tf.Variable;
}

/**
 * The native optimiser's update rules in tfjs ops. `rowMask` (rows × 1, 1 for rows touched by the
 * batch) makes embedding tables follow the native sparse rules: decay and Adam moments move on
 * touched rows only.
 */
export class TfjsOptimizer {
  private step = 0;
  readonly first = new Map<string, tf.Variable>();
  readonly second = new Map<string, tf.Variable>();
  readonly secondMax = new Map<string, tf.Variable>();

  constructor(readonly options: ResolvedOptimizerOptions, variables: readonly TrainableVariable[]) {
    if (options.kind === 'sgd') return;
    for (const { name, variable } of variables) {
      const zeros = (): tf.Variable => tf.tidy(() => tf.variable(tf.zerosLike(variable), false));
      this.first.set(name, zeros());
      this.second.set(name, zeros());
      if (options.kind === 'amsgrad') this.secondMax.set(name, zeros());
    }
  }

  get stepCount(): number {
    return this.step;
  }

  set stepCount(step: number) {
    this.step = step;
  }

  apply(
    variables: readonly TrainableVariable[],
    gradients: ReadonlyMap<string, tf.Tensor>,
    rowMasks: ReadonlyMap<string, tf.Tensor>,
    settings: readonly GroupSettings[],
  ): void {
    this.step++;
    const { kind, beta1, beta2, epsilon, clipValue } = this.options;
    for (const { name, group, variable } of variables) {
      const { learningRate, l2 } = settings[group];
      tf.tidy(() => {
        let gradient = gradients.get(name) ?? tf.zerosLike(variable);
        if (Number.isFinite(clipValue)) gradient = tf.clipByValue(gradient, -clipValue, clipValue);
        const mask = rowMasks.get(name);
        const decay = mask === undefined ? tf.mul(variable, l2) : tf.mul(tf.mul(variable, l2), mask);
        const full = tf.add(gradient, decay);
        if (kind === 'sgd') {
          // Masked too: a term added to every row's gradient (explicit ℓ2) moves only touched rows.
          variable.assign(tf.sub(variable, tf.mul(mask === undefined ? full : tf.mul(full, mask), learningRate)));
          return;
        }
        const moving = (old: tf.Tensor, next: tf.Tensor): tf.Tensor =>
          mask === undefined ? next : tf.add(old, tf.mul(tf.sub(next, old), mask));
        const m = this.first.get(name) as tf.Variable;
        const v = this.second.get(name) as tf.Variable;
        m.assign(moving(m, tf.add(tf.mul(m, beta1), tf.mul(full, 1 - beta1))));
        v.assign(moving(v, tf.add(tf.mul(v, beta2), tf.mul(tf.square(full), 1 - beta2))));
        let second: tf.Tensor = v;
        const vMax = this.secondMax.get(name);
        if (vMax !== undefined) {
          vMax.assign(tf.maximum(vMax, v));
          second = vMax;
        }
        const correction1 = 1 - Math.pow(beta1, this.step);
        const correction2 = 1 - Math.pow(beta2, this.step);
        let change = tf.div(tf.mul(m, learningRate / correction1), tf.add(tf.sqrt(tf.div(second, correction2)), epsilon));
        if (mask !== undefined) change = tf.mul(change, mask);
        variable.assign(tf.sub(variable, change));
      });
    }
  }

  dispose(): void {
    for (const moments of [this.first, this.second, this.secondMax]) for (const variable of moments.values()) variable.dispose();
  }
}
