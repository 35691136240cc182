import type { Categorical } from './categorical';
import { decisionGradient, linearBackward } from './decision-gradient';
import { ArenaKernelGradientLog, KernelGradientLog, type GradientLog } from './kernel-gradient';
import type { Float64Arena } from '@recsearch/compute';
import type { KernelProducts } from './kernel-products';
import { lstmBackwardInto, type LstmGradients, type LstmStep } from './lstm';
import type { ControllerWeights, Gradients } from './weights';

export type Head = 'operatorHead' | 'operandHead';
export type Embedding = 'start' | 'operatorEmbedding' | 'operandEmbedding';

/** One decision of the paper's controller as the backward pass needs it. */
export interface DecisionTrace {
  input: { embedding: Embedding; row: number };
  layers: LstmStep[];
  head: Head;
  /** Pre-clip logits (h · head) over the first `columns` columns. */
  raw: Float64Array;
  distribution: Categorical;
  chosen: number;
}

/** One unrolled sample and the weights of its log π (α) and entropy (β) in the objective. */
export interface WeightedTrace {
  steps: readonly DecisionTrace[];
  alpha: number;
  beta: number;
}

const EMBEDDINGS: readonly Embedding[] = ['start', 'operatorEmbedding', 'operandEmbedding'];

/** What one gradient() call accumulates into, and the layers' kernels it reads. */
interface GradientPass {
  grads: Gradients;
  /** dL/dz of the first layer, summed per input token: the input rows' share is added once per token. */
  dzByToken: Map<number, { token: DecisionTrace['input']; dz: Float64Array }>;
  kernels: readonly KernelProducts[];
  dBiases: Float64Array[];
}

/**
 * The native backward pass of the paper's stacked LSTM controller. Its buffers are reused
 * between samples and updates; each kernel's gradient is logged per step and added as one
 * product at the end (see KernelGradientLog), which sums every entry in the same order as
 * step-by-step accumulation would.
 */
export class PaperBackward {
  private readonly dh: Float64Array[];
  private readonly dc: Float64Array[];
  private readonly dOut: Float64Array;
  private readonly dInput: Float64Array;
  private readonly dz: Float64Array;
  private readonly kernelLogs: GradientLog[];

  constructor(
    private readonly weights: ControllerWeights,
    private readonly hidden: number,
    private readonly layers: number,
    private readonly tanhConstant: number,
    /** The layers' kernel products for the current weights. */
    private readonly kernelProducts: () => readonly KernelProducts[],
    private readonly headWidth: Readonly<Record<Head, number>>,
    /** Where the kernel gradients are logged and multiplied on wasm SIMD (absent: JS loops). */
    arena?: Float64Arena,
  ) {
    this.dh = Array.from({ length: layers }, () => new Float64Array(hidden));
    this.dc = Array.from({ length: layers }, () => new Float64Array(hidden));
    this.dOut = new Float64Array(hidden);
    this.dInput = new Float64Array(hidden);
    this.dz = new Float64Array(4 * hidden);
    // Layer 0's input rows go by token (see gradient); its recurrent rows and every row above are logged per step.
    const log = (firstRow: number, rows: number): GradientLog =>
      arena ? new ArenaKernelGradientLog(arena, firstRow, rows, 4 * hidden) : new KernelGradientLog(firstRow, rows, 4 * hidden);
    this.kernelLogs = Array.from({ length: layers }, (_, l) => (l === 0 ? log(hidden, hidden) : log(0, 2 * hidden)));
  }

  /** ∇ of Σ_b (α_b·Σ log p(chosen) + β_b·Σ H) over the samples. */
  gradient(samples: readonly WeightedTrace[]): Gradients {
    const { weights, hidden, layers } = this;
    const grads = weights.zeros();
    for (const log of this.kernelLogs) log.clear();
    const dzByToken: GradientPass['dzByToken'] = new Map();
    const pass: GradientPass = {
      grads,
      dzByToken,
      kernels: this.kernelProducts(),
      dBiases: Array.from({ length: layers }, (_, l) => grads.get(`lstm${l}.bias`) as Float64Array),
    };
    for (const { steps, alpha, beta } of samples) this.backward(steps, alpha, beta, pass);
    this.kernelLogs.forEach((log, l) => log.addInto(grads.get(`lstm${l}.kernel`) as Float64Array));
    const kernel = weights.values('lstm0.kernel');
    const dKernel = grads.get('lstm0.kernel') as Float64Array;
    for (const { token, dz } of dzByToken.values()) {
      const embedding = weights.values(token.embedding).subarray(token.row * hidden, (token.row + 1) * hidden);
      const dEmbedding = (grads.get(token.embedding) as Float64Array).subarray(token.row * hidden, (token.row + 1) * hidden);
      for (let r = 0; r < hidden; r++) {
        let back = 0;
        for (let k = 0, offset = r * dz.length; k < dz.length; k++, offset++) {
          dKernel[offset] += embedding[r] * dz[k];
          back += kernel[offset] * dz[k];
        }
        dEmbedding[r] += back;
      }
    }
    return grads;
  }

  /** Adds one sample's share to `pass.grads` (the kernels' share to the logs, layer 0's input rows' to `pass.dzByToken`). */
  private backward(trace: readonly DecisionTrace[], alpha: number, beta: number, pass: GradientPass): void {
    const { hidden, weights, layers, dh, dc, dOut, dz, kernelLogs } = this;
    const { grads, dzByToken, kernels, dBiases } = pass;
    // Gradients flowing into each layer's h and c from the step after.
    for (let l = 0; l < layers; l++) {
      dh[l].fill(0);
      dc[l].fill(0);
    }
    const out: LstmGradients = { dz, dInput: null, dh: dh[0], dc: dc[0] };
    for (let t = trace.length - 1; t >= 0; t--) {
      const { input, layers: steps, head, raw, distribution, chosen } = trace[t];
      const dRaw = decisionGradient(distribution, raw, (k) => (k === chosen ? 1 : 0), 1, alpha, beta, this.tanhConstant);
      let dAbove = linearBackward(steps[layers - 1].h, dRaw, weights.values(head), grads.get(head) as Float64Array, this.headWidth[head]);
      for (let l = layers - 1; l >= 0; l--) {
        const dhl = dh[l];
        for (let r = 0; r < hidden; r++) dOut[r] = dAbove[r] + dhl[r];
        // In place: dh[l] and dc[l] become those of the previous step.
        out.dInput = l === 0 ? null : this.dInput;
        out.dh = dhl;
        out.dc = dc[l];
        const step = steps[l];
        lstmBackwardInto(step, dOut, dc[l], kernels[l], dBiases[l], out);
        if (l > 0) {
          kernelLogs[l].record(step.input, step.previous.h, dz);
          dAbove = this.dInput;
          continue;
        }
        kernelLogs[0].record(step.previous.h, null, dz);
        const key = EMBEDDINGS.indexOf(input.embedding) * 2 ** 20 + input.row;
        let sum = dzByToken.get(key);
        if (!sum) {
          sum = { token: input, dz: new Float64Array(dz.length) };
          dzByToken.set(key, sum);
        }
        for (let k = 0; k < dz.length; k++) sum.dz[k] += dz[k];
      }
    }
  }
}
