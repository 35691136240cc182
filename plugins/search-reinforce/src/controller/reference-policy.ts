import type { Rng } from '@recsearch/core';
import * as tf from '@tensorflow/tfjs';
import type { Decisions, SearchSpace } from '../search-space';
import { Categorical, clipLogits } from './categorical';
import { lstmStep, rowTimesMatrix, tensorLstmStep, zeroState, type LstmState, type TensorLstmState } from './lstm';
import type { Policy, Sample, Scored } from './policy';
import { referenceBackward, type ReferenceNode, type ReferenceTrace } from './reference-backward';
import { ControllerWeights, type Gradients, type WeightTensors } from './weights';

export interface ReferencePolicySettings {
  hiddenSize: number;
  initRange: number;
  tanhConstant: number;
}

const MASKED = -1e9;

/**
 * The authors' controller (autolossgen-reference.md, "Controller"): one LSTM layer; per node,
 * an LSTM step gives the operator logits (sampled at the initial variables' nodes too, then
 * ignored); a second step on the operator's embedding, whose state is thrown away, gives the
 * node's anchor; an operator node picks its operands by attention over the earlier anchors
 * (distinct operands by rejection, log-probabilities not renormalised), and the next input is
 * the mean of the anchors not chosen (divided by 1 + their count).
 */
export class ReferencePolicy implements Policy {
  readonly weights: ControllerWeights;
  private readonly hidden: number;

  constructor(private readonly space: SearchSpace, private readonly settings: ReferencePolicySettings, rng: Rng) {
    const h = settings.hiddenSize;
    const k = space.operators.length;
    const range = settings.initRange;
    this.weights = new ControllerWeights(
      [
        { name: 'start', shape: [1, h], range },
        { name: 'operatorEmbedding', shape: [k, h], range },
        { name: 'operatorHead', shape: [h, k], range },
        { name: 'attentionEarlier', shape: [h, h], range },
        { name: 'attentionQuery', shape: [h, h], range },
        { name: 'attentionScore', shape: [h, 1], range },
        { name: 'lstm0.kernel', shape: [2 * h, 4 * h], range },
        // PyTorch's default LSTM bias init, which the reference code keeps.
        { name: 'lstm0.bias', shape: [4 * h], range: 1 / Math.sqrt(h) },
      ],
      rng,
    );
    this.hidden = h;
  }

  private get nodes(): number {
    return this.space.initial.length + this.space.rounds;
  }

  private operatorValid(node: number, op: number): boolean {
    return node < this.space.initial.length || this.space.operators[op].arity <= node;
  }

  sample(rng: Rng): Sample {
    const nodes: ReferenceNode[] = [];
    const sample = this.unroll(
      (distribution) => distribution.sample(rng),
      (distribution, arity, earlier) => {
        // The reference code redraws until the operands differ (when they can).
        const chosen: number[] = [];
        while (chosen.length < arity) {
          const i = distribution.sample(rng);
          if (!chosen.includes(i) || arity > earlier) chosen.push(i);
        }
        return chosen.sort((a, b) => a - b);
      },
      nodes,
    );
    return { ...sample, trace: { nodes, logProb: sample.logProb, entropy: sample.entropy } satisfies ReferenceTrace };
  }

  gradient(batch: readonly Scored[], advantages: readonly number[], entropyGradient: number): Gradients {
    const grads = this.weights.zeros();
    batch.forEach(({ decisions, trace }, b) => {
      let unrolled = trace as ReferenceTrace | undefined;
      if (!unrolled) {
        const nodes: ReferenceNode[] = [];
        const leaves = this.space.initial.length;
        const { logProb, entropy } = this.unroll(
          (_, node) => (node < leaves ? (decisions.leafOps ?? [])[node] : decisions.ops[node - leaves]),
          (_, __, node) => decisions.operands[node - leaves],
          nodes,
        );
        unrolled = { nodes, logProb, entropy };
      }
      const alpha = -(advantages[b] + entropyGradient * unrolled.entropy) / batch.length;
      const beta = (-entropyGradient * unrolled.logProb) / batch.length;
      referenceBackward(unrolled.nodes, alpha, beta, this.weights, grads, this.settings.tanhConstant);
    });
    return grads;
  }

  /** Runs the controller with the given ways of choosing; records each node into `trace`. */
  private unroll(
    chooseOperator: (distribution: Categorical, node: number) => number,
    chooseOperands: (distribution: Categorical, arity: number, node: number) => number[],
    trace: ReferenceNode[],
  ): Sample {
    const { space, weights, hidden } = this;
    const k = space.operators.length;
    const c = this.settings.tanhConstant;
    const kernel = weights.values('lstm0.kernel');
    const bias = weights.values('lstm0.bias');
    const score = weights.values('attentionScore');
    const decisions: Decisions = { ops: [], operands: [], leafOps: [] };
    let logProb = 0;
    let entropy = 0;
    let state: LstmState = zeroState(hidden);
    let x: ArrayLike<number> = weights.values('start');
    for (let node = 0; node < this.nodes; node++) {
      const first = lstmStep(x, state, kernel, bias);
      state = first;
      const opRaw = rowTimesMatrix(first.h, weights.values('operatorHead'), k);
      const opDistribution = new Categorical(clipLogits(Float64Array.from(opRaw), c), (op) => this.operatorValid(node, op));
      const op = chooseOperator(opDistribution, node);
      logProb += opDistribution.logProbabilities[op];
      entropy += opDistribution.entropy();
      // The second step's state is not carried on (the reference code throws it away).
      const second = lstmStep(weights.values('operatorEmbedding').subarray(op * hidden, (op + 1) * hidden), first, kernel, bias);
      const anchor = second.h;
      const record: ReferenceNode = { x, first, opRaw, opDistribution, op, second, projected: rowTimesMatrix(anchor, weights.values('attentionEarlier'), hidden) };
      if (node < space.initial.length) {
        decisions.leafOps?.push(op);
        x = weights.values('start');
      } else {
        const query = rowTimesMatrix(anchor, weights.values('attentionQuery'), hidden);
        const keys = trace.map((earlier) => {
          const u = new Float64Array(hidden);
          for (let d = 0; d < hidden; d++) u[d] = Math.tanh(earlier.projected[d] + query[d]);
          return u;
        });
        const q = keys.map((u) => u.reduce((sum, value, d) => sum + value * score[d], 0));
        const inputs = new Categorical(clipLogits(Float64Array.from(q, (value) => -value), c), () => true);
        entropy += inputs.entropy();
        const chosen = chooseOperands(inputs, space.operators[op].arity, node);
        for (const i of chosen) logProb += inputs.logProbabilities[i];
        decisions.ops.push(op);
        decisions.operands.push(chosen);
        // Next input: the anchors not chosen, summed and divided by 1 + their count.
        const free = node - new Set(chosen).size;
        const next = new Float64Array(hidden);
        trace.forEach((earlier, i) => {
          if (chosen.includes(i)) return;
          for (let d = 0; d < hidden; d++) next[d] += earlier.second.h[d] / (1 + free);
        });
        record.attention = { keys, q, distribution: inputs, chosen, free };
        x = next;
      }
      trace.push(record);
    }
    return { decisions, logProb, entropy };
  }

  score(weights: WeightTensors, batch: readonly Decisions[], withEntropy: boolean): { logProb: tf.Tensor1D; entropy?: tf.Tensor1D } {
    const { space, hidden } = this;
    const n = batch.length;
    const k = space.operators.length;
    const w = (name: string) => weights[name] as tf.Tensor2D;
    const c = this.settings.tanhConstant;
    const kernel = w('lstm0.kernel');
    const bias = weights['lstm0.bias'];
    const start = tf.tile(w('start'), [n, 1]) as tf.Tensor2D;
    let state: TensorLstmState = { h: tf.zeros([n, hidden]), c: tf.zeros([n, hidden]) };
    let x = start;
    let logProb = tf.zeros([n]) as tf.Tensor1D;
    let entropy = tf.zeros([n]) as tf.Tensor1D;
    let anchors: tf.Tensor3D | undefined;
    let projected: tf.Tensor3D | undefined;
    const addEntropy = (logSoftmax: tf.Tensor2D, valid?: tf.Tensor2D) => {
      if (!withEntropy) return;
      const terms = tf.mul(tf.exp(logSoftmax), logSoftmax);
      entropy = tf.sub(entropy, tf.sum(valid ? tf.mul(terms, valid) : terms, 1));
    };
    for (let node = 0; node < this.nodes; node++) {
      const leaf = node < space.initial.length;
      const round = node - space.initial.length;
      const ops = batch.map((d) => (leaf ? (d.leafOps ?? [])[node] : d.ops[round]));
      const valid = new Float32Array(n * k);
      const chosenOp = new Float32Array(n * k);
      ops.forEach((op, b) => {
        for (let i = 0; i < k; i++) valid[b * k + i] = this.operatorValid(node, i) ? 1 : 0;
        chosenOp[b * k + op] = 1;
      });
      const validOps = tf.tensor2d(valid, [n, k]);
      state = tensorLstmStep(x, state, kernel, bias);
      const opLogits = tf.add(tf.mul(tf.tanh(tf.matMul(state.h, w('operatorHead'))), c), tf.mul(tf.sub(1, validOps), MASKED));
      const opLogSoftmax = tf.logSoftmax(opLogits) as tf.Tensor2D;
      logProb = tf.add(logProb, tf.sum(tf.mul(opLogSoftmax, tf.tensor2d(chosenOp, [n, k])), 1));
      addEntropy(opLogSoftmax, validOps);
      const embedded: tf.Tensor2D = tf.matMul(tf.tensor2d(chosenOp, [n, k]), w('operatorEmbedding'));
      const anchor = tensorLstmStep(embedded, state, kernel, bias).h;
      if (leaf) {
        x = start;
      } else if (anchors && projected) {
        const query = tf.matMul(anchor, w('attentionQuery'));
        const hiddenScores = tf.tanh(tf.add(projected, tf.expandDims(query, 1)));
        const q = tf.reshape(tf.matMul(tf.reshape(hiddenScores, [n * node, hidden]), w('attentionScore')), [n, node]);
        const inputLogSoftmax = tf.logSoftmax(tf.mul(tf.tanh(tf.neg(q)), c)) as tf.Tensor2D;
        const counts = new Float32Array(n * node);
        const unchosen = new Float32Array(n * node);
        batch.forEach((d, b) => {
          const operands = d.operands[round];
          for (const i of operands) counts[b * node + i] += 1;
          const free = node - new Set(operands).size;
          for (let i = 0; i < node; i++) if (!operands.includes(i)) unchosen[b * node + i] = 1 / (1 + free);
        });
        logProb = tf.add(logProb, tf.sum(tf.mul(inputLogSoftmax, tf.tensor2d(counts, [n, node])), 1));
        addEntropy(inputLogSoftmax);
        x = tf.reshape(tf.matMul(tf.tensor3d(unchosen, [n, 1, node]), anchors), [n, hidden]);
      }
      const anchor3 = tf.expandDims(anchor, 1) as tf.Tensor3D;
      const projected3 = tf.expandDims(tf.matMul(anchor, w('attentionEarlier')), 1) as tf.Tensor3D;
      anchors = anchors ? tf.concat([anchors, anchor3], 1) : anchor3;
      projected = projected ? tf.concat([projected, projected3], 1) : projected3;
    }
    return withEntropy ? { logProb, entropy } : { logProb };
  }
}
