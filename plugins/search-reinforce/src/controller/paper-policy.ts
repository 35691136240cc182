import type { Rng } from '@recsearch/core';
import * as tf from '@tensorflow/tfjs';
import type { Decisions, SearchSpace } from '../search-space';
import { Categorical, clipLogits } from './categorical';
import { PaperBackward, type DecisionTrace, type Head } from './paper-backward';
import { Float64Arena } from '@recsearch/compute';
import { jsKernelProducts, WasmKernelProducts, type KernelProducts } from './kernel-products';
import { lstmStepWith, rowTimesMatrix, tensorLstmStep, zeroState, type LstmState, type LstmStep, type TensorLstmState } from './lstm';
import type { Policy, Sample, Scored } from './policy';
import { ControllerWeights, type Gradients, type WeightSpec, type WeightTensors } from './weights';

export interface PaperPolicySettings {
  hiddenSize: number;
  layers: number;
  initRange: number;
  tanhConstant: number;
}

// Invalid choices get this added to their logit (|clipped logits| ≤ c, so exp() is exactly 0).
const MASKED = -1e9;

interface PaperTrace {
  steps: DecisionTrace[];
  logProb: number;
  entropy: number;
}

/**
 * The paper's controller (§3.3, §5.1.4): a stacked LSTM makes one decision per step — the
 * round's operator, then each operand from the current S (distinct within a round) — each a
 * softmax over the choices valid at that step, from the previous step's output; the chosen
 * token's embedding is the next input.
 */
export class PaperPolicy implements Policy {
  readonly weights: ControllerWeights;
  private readonly hidden: number;
  /** Each token's embedding times the first layer's input rows, plus its bias (for the current weights). */
  private projections = { version: -1, rows: new Map<string, Float64Array>() };
  private backward?: PaperBackward;
  private products: { version: number; layers: KernelProducts[] } = { version: -1, layers: [] };
  /** Float64 memory for the wasm SIMD products, where the runtime has it. */
  private readonly arena = Float64Arena.create();
  /** The kernels' products on wasm SIMD (made once, loaded per weight change). */
  private readonly wasmProducts: WasmKernelProducts[] | undefined;

  constructor(private readonly space: SearchSpace, private readonly settings: PaperPolicySettings, rng: Rng) {
    const h = settings.hiddenSize;
    const k = space.operators.length;
    const v = space.maxChoices;
    const range = settings.initRange;
    const specs: WeightSpec[] = [
      { name: 'start', shape: [1, h], range },
      { name: 'operatorEmbedding', shape: [k, h], range },
      { name: 'operandEmbedding', shape: [v, h], range },
    ];
    for (let l = 0; l < settings.layers; l++) {
      specs.push({ name: `lstm${l}.kernel`, shape: [2 * h, 4 * h], range }, { name: `lstm${l}.bias`, shape: [4 * h], range });
    }
    specs.push({ name: 'operatorHead', shape: [h, k], range }, { name: 'operandHead', shape: [h, v], range });
    this.weights = new ControllerWeights(specs, rng);
    this.hidden = h;
    const arena = this.arena;
    this.wasmProducts = arena && Array.from({ length: settings.layers }, () => new WasmKernelProducts(arena, 2 * h, 4 * h));
  }

  sample(rng: Rng): Sample {
    const steps: DecisionTrace[] = [];
    const sample = this.unroll((distribution) => distribution.sample(rng), steps);
    return { ...sample, trace: { steps, logProb: sample.logProb, entropy: sample.entropy } satisfies PaperTrace };
  }

  /** Runs the controller, each decision made by `decide`; records what backward needs into `trace`. */
  private unroll(decide: (distribution: Categorical, round: number, slot: number) => number, trace?: DecisionTrace[]): Sample {
    const { space, weights, hidden } = this;
    const c = this.settings.tanhConstant;
    const states: LstmState[] = Array.from({ length: this.settings.layers }, () => zeroState(hidden));
    const decisions: Decisions = { ops: [], operands: [] };
    let logProb = 0;
    let entropy = 0;
    let input: DecisionTrace['input'] = { embedding: 'start', row: 0 };
    const kernels = this.kernelProducts();
    const biases = states.map((_, l) => weights.values(`lstm${l}.bias`));
    const step = (head: Head, columns: number, valid: (i: number) => boolean, round: number, slot: number): number => {
      let x = weights.values(input.embedding).subarray(input.row * hidden, (input.row + 1) * hidden);
      const layers: LstmStep[] = [];
      for (let l = 0; l < states.length; l++) {
        const next = lstmStepWith(x, states[l], kernels[l], biases[l], l === 0 ? this.projection(input) : undefined);
        states[l] = next;
        x = next.h;
        layers.push(next);
      }
      const raw = rowTimesMatrix(x, weights.values(head), head === 'operatorHead' ? space.operators.length : space.maxChoices, columns);
      const distribution = new Categorical(clipLogits(Float64Array.from(raw), c), valid);
      const chosen = decide(distribution, round, slot);
      logProb += distribution.logProbabilities[chosen];
      entropy += distribution.entropy();
      trace?.push({ input, layers, head, raw, distribution, chosen });
      return chosen;
    };
    for (let round = 0; round < space.rounds; round++) {
      const size = space.initial.length + round;
      const op = step('operatorHead', space.operators.length, (i) => space.operators[i].arity <= size, round, 0);
      input = { embedding: 'operatorEmbedding', row: op };
      const operands: number[] = [];
      for (let slot = 1; slot <= space.operators[op].arity; slot++) {
        const operand = step('operandHead', size, (i) => !operands.includes(i), round, slot);
        operands.push(operand);
        input = { embedding: 'operandEmbedding', row: operand };
      }
      decisions.ops.push(op);
      decisions.operands.push(operands);
    }
    return { decisions, logProb, entropy };
  }

  /** Each layer's kernel products for the current weights (sampling and the backward pass read them). */
  private kernelProducts(): KernelProducts[] {
    const { weights } = this;
    if (this.products.version !== weights.version) {
      const kernels = Array.from({ length: this.settings.layers }, (_, l) => weights.values(`lstm${l}.kernel`));
      const layers = kernels.map((kernel, l) => this.wasmProducts?.[l].load(kernel) ?? jsKernelProducts(kernel, 2 * this.hidden));
      this.products = { version: weights.version, layers };
    }
    return this.products.layers;
  }

  private projection(token: DecisionTrace['input']): Float64Array {
    const { weights, hidden } = this;
    if (this.projections.version !== weights.version) this.projections = { version: weights.version, rows: new Map() };
    const key = `${token.embedding}:${token.row}`;
    let row = this.projections.rows.get(key);
    if (!row) {
      const kernel = weights.values('lstm0.kernel');
      const embedding = weights.values(token.embedding).subarray(token.row * hidden, (token.row + 1) * hidden);
      row = Float64Array.from(weights.values('lstm0.bias'));
      for (let r = 0; r < hidden; r++) {
        for (let k = 0, offset = r * row.length; k < row.length; k++, offset++) row[k] += embedding[r] * kernel[offset];
      }
      this.projections.rows.set(key, row);
    }
    return row;
  }

  gradient(batch: readonly Scored[], advantages: readonly number[], entropyGradient: number): Gradients {
    const samples = batch.map(({ decisions, trace }, b) => {
      let unrolled = trace as PaperTrace | undefined;
      if (!unrolled) {
        const steps: DecisionTrace[] = [];
        const { logProb, entropy } = this.unroll((_, round, slot) => (slot === 0 ? decisions.ops[round] : decisions.operands[round][slot - 1]), steps);
        unrolled = { steps, logProb, entropy };
      }
      // The objective −mean_b log π_b·(advantage_b + g·H_b), split into its log π and H parts.
      const alpha = -(advantages[b] + entropyGradient * unrolled.entropy) / batch.length;
      const beta = (-entropyGradient * unrolled.logProb) / batch.length;
      return { steps: unrolled.steps, alpha, beta };
    });
    this.backward ??= new PaperBackward(this.weights, this.hidden, this.settings.layers, this.settings.tanhConstant, () => this.kernelProducts(), {
      operatorHead: this.space.operators.length,
      operandHead: this.space.maxChoices,
    }, this.arena);
    return this.backward.gradient(samples);
  }

  score(weights: WeightTensors, batch: readonly Decisions[], withEntropy: boolean): { logProb: tf.Tensor1D; entropy?: tf.Tensor1D } {
    const { space, hidden } = this;
    const n = batch.length;
    const k = space.operators.length;
    const v = space.maxChoices;
    const c = this.settings.tanhConstant;
    let states: TensorLstmState[] = Array.from({ length: this.settings.layers }, () => ({
      h: tf.zeros([n, hidden]) as tf.Tensor2D,
      c: tf.zeros([n, hidden]) as tf.Tensor2D,
    }));
    let x = tf.tile(weights['start'], [n, 1]) as tf.Tensor2D;
    let logProb = tf.zeros([n]) as tf.Tensor1D;
    let entropy = tf.zeros([n]) as tf.Tensor1D;

    // Samples are aligned by (round, slot): slot 0 picks the operator, slot s the s-th operand.
    // A sample whose operator has fewer operands than s sits that slot out, keeping its state.
    for (let round = 0; round < space.rounds; round++) {
      const size = space.initial.length + round;
      for (let slot = 0; slot <= space.maxArity; slot++) {
        const active = batch.map((d) => slot === 0 || slot <= space.operators[d.ops[round]].arity);
        const activeCount = active.filter(Boolean).length;
        if (activeCount === 0) continue;
        const width = slot === 0 ? k : v;
        const chosen = new Float32Array(n * width);
        const mask = new Float32Array(n * width);
        const valid = new Float32Array(n * width);
        batch.forEach((d, b) => {
          const taken = slot === 0 ? [] : d.operands[round].slice(0, slot - 1);
          for (let i = 0; i < width; i++) {
            const ok = slot === 0 ? space.operators[i].arity <= size : i < size && !taken.includes(i);
            valid[b * width + i] = ok ? 1 : 0;
            mask[b * width + i] = ok ? 0 : MASKED;
          }
          if (active[b]) chosen[b * width + (slot === 0 ? d.ops[round] : d.operands[round][slot - 1])] = 1;
        });
        const next = this.stackStep(weights, x, states);
        const top = next[next.length - 1].h;
        const head = weights[slot === 0 ? 'operatorHead' : 'operandHead'] as tf.Tensor2D;
        const logits = tf.add(tf.mul(tf.tanh(tf.matMul(top, head)), c), tf.tensor2d(mask, [n, width]));
        const logSoftmax = tf.logSoftmax(logits);
        const oneHot = tf.tensor2d(chosen, [n, width]);
        logProb = tf.add(logProb, tf.sum(tf.mul(logSoftmax, oneHot), 1));
        if (withEntropy) {
          const activeRows = tf.tensor2d(active.map((a) => (a ? 1 : 0)), [n, 1]);
          const terms = tf.mul(tf.mul(tf.exp(logSoftmax), logSoftmax), tf.mul(tf.tensor2d(valid, [n, width]), activeRows));
          entropy = tf.sub(entropy, tf.sum(terms, 1));
        }
        // One-hot rows times the embedding table (rows of inactive samples are zero, and blended away).
        const embedded: tf.Tensor2D = tf.matMul(oneHot, weights[slot === 0 ? 'operatorEmbedding' : 'operandEmbedding'] as tf.Tensor2D);
        if (activeCount === n) {
          states = next;
          x = embedded;
        } else {
          const keep = tf.tensor2d(active.map((a) => (a ? 1 : 0)), [n, 1]);
          const blend = <T extends tf.Tensor>(fresh: T, old: T) => tf.add(old, tf.mul(keep, tf.sub(fresh, old))) as T;
          states = next.map((state, l) => ({ h: blend(state.h, states[l].h), c: blend(state.c, states[l].c) }));
          x = blend(embedded, x);
        }
      }
    }
    return withEntropy ? { logProb, entropy } : { logProb };
  }

  private stackStep(weights: WeightTensors, x: tf.Tensor2D, states: readonly TensorLstmState[]): TensorLstmState[] {
    let input = x;
    return states.map((state, l) => {
      const next = tensorLstmStep(input, state, weights[`lstm${l}.kernel`], weights[`lstm${l}.bias`]);
      input = next.h;
      return next;
    });
  }
}
