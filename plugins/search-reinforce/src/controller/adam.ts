import type { Json } from '@recsearch/core';
import type { ControllerWeights, Gradients } from './weights';

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** ℓ2 coefficient: adds l2·w to each gradient (the gradient of ½·l2·Σw²). */
  l2: number;
  /** Global gradient-norm clip, or null. */
  clipNorm: number | null;
}

/** Adam (as PyTorch's: ε added to the bias-corrected √v̂) over the controller's weights. */
export class Adam {
  private step = 0;
  private moments: Map<string, { m: Float64Array; v: Float64Array }>;

  constructor(private readonly settings: AdamSettings, private readonly weights: ControllerWeights) {
    this.moments = new Map(weights.names().map((name) => [name, { m: new Float64Array(weights.values(name).length), v: new Float64Array(weights.values(name).length) }]));
  }

  get steps(): number {
    return this.step;
  }

  /** One step along `gradients` (modified in place). Returns the gradient norm before clipping. */
  apply(gradients: Gradients): number {
    const { learningRate, beta1, beta2, epsilon, l2, clipNorm } = this.settings;
    let squares = 0;
    for (const [name, gradient] of gradients) {
      const w = this.weights.values(name);
      for (let i = 0; i < gradient.length; i++) {
        gradient[i] += l2 * w[i];
        squares += gradient[i] * gradient[i];
      }
    }
    const norm = Math.sqrt(squares);
    const scale = clipNorm !== null && norm > clipNorm ? clipNorm / norm : 1;
    this.step++;
    const firstCorrection = 1 - beta1 ** this.step;
    const secondCorrection = 1 - beta2 ** this.step;
    for (const [name, gradient] of gradients) {
      const w = this.weights.values(name);
      const { m, v } = this.moments.get(name) as { m: Float64Array; v: Float64Array };
      for (let i = 0; i < gradient.length; i++) {
        const g = gradient[i] * scale;
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        w[i] -= (learningRate * (m[i] / firstCorrection)) / (Math.sqrt(v[i] / secondCorrection) + epsilon);
      }
    }
    this.weights.changed();
    return norm;
  }

  snapshot(): Json {
    return {
      step: this.step,
      moments: Object.fromEntries([...this.moments].map(([name, { m, v }]) => [name, { m: Array.from(m), v: Array.from(v) }])),
    };
  }

  restore(snapshot: Json): void {
    const saved = snapshot as { step: number; moments: Record<string, { m: number[]; v: number[] }> };
    this.step = saved.step;
    this.moments = new Map(
      [...this.moments.keys()].map((name) => [name, { m: Float64Array.from(saved.moments[name].m), v: Float64Array.from(saved.moments[name].v) }]),
    );
  }
}
