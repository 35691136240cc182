import type { Rng } from '@recsearch/core';
import type { TensorArena } from './arena';
import { BatchNorm } from './batch-norm';
import { DenseLayer } from './dense';
import { fillDropoutMask } from './dropout';
import { reluDropoutGradientSimd, reluDropoutSimd } from './layer-kernels';
import { ensureLength, type NativeTensor } from './tensor';

export interface TowerOptions {
  /** Prefix of tensor names, e.g. `mlp` gives `mlp.dense1.kernel`. */
  name: string;
  inputs: number;
  hidden: readonly number[];
  /** Layer group of each hidden layer. */
  groups: readonly number[];
  batchNorm: boolean;
  dropout: number;
  /** Where the layers' tensors live (planned with `Tower.shapes`), for in-place optimiser updates. */
  arena?: TensorArena;
}

interface HiddenLayer {
  dense: DenseLayer;
  norm: BatchNorm | undefined;
  /** Dense output, then (in place) batch-norm output. */
  linear: Float32Array;
  /** After ReLU (written only without dropout; with it, the ReLU gate is read from `linear`). */
  active: Float32Array;
  /** After dropout: the layer's output. */
  output: Float32Array;
  mask: Float32Array;
  gradient: Float32Array;
}

/**
 * Hidden layers Dense → [BatchNorm] → ReLU → [Dropout], with buffers reused across batches.
 * A dense layer followed by batch norm has no bias: batch norm removes it, so its gradient is
 * 0 up to float noise, which Adam would turn into steps of ±η.
 */
export class Tower {
  private readonly layers: HiddenLayer[];
  private input: Float32Array = new Float32Array(0);
  private inputGradient: Float32Array = new Float32Array(0);
  private dropoutActive = false;
  private readonly scratch: Float32Array[] = [];

  constructor(readonly options: TowerOptions, private readonly rng: Rng) {
    let inputs = options.inputs;
    this.layers = options.hidden.map((width, index) => {
      const name = `${options.name}.dense${index + 1}`;
      const layer: HiddenLayer = {
        dense: new DenseLayer(name, inputs, width, options.groups[index], !options.batchNorm, options.arena),
        norm: options.batchNorm ? new BatchNorm(`${options.name}.norm${index + 1}`, width, options.groups[index], options.arena) : undefined,
        linear: new Float32Array(0),
        active: new Float32Array(0),
        output: new Float32Array(0),
        mask: new Float32Array(0),
        gradient: new Float32Array(0),
      };
      layer.dense.denseGradient = options.batchNorm;
      inputs = width;
      return layer;
    });
  }

  /** Arena room for the layers' tensors (see ArenaPlan.tensors). */
  static shapes(options: Pick<TowerOptions, 'inputs' | 'hidden' | 'batchNorm'>): Array<{ size: number; rows: number }> {
    let inputs = options.inputs;
    return options.hidden.flatMap((width) => {
      const shapes = DenseLayer.shapes(inputs, width);
      if (options.batchNorm) shapes.push({ size: width, rows: 0 }, { size: width, rows: 0 });
      inputs = width;
      return shapes;
    });
  }

  get outputs(): number {
    return this.options.hidden.length === 0 ? this.options.inputs : this.options.hidden[this.options.hidden.length - 1];
  }

  tensors(): NativeTensor[] {
    return this.layers.flatMap(({ dense, norm }) => (norm === undefined ? dense.tensors : [...dense.tensors, norm.gamma, norm.beta]));
  }

  state(): Record<string, Float32Array> {
    return Object.assign({}, ...this.layers.map(({ norm }) => norm?.state() ?? {}));
  }

  initialise(): void {
    for (const layer of this.layers) layer.dense.initialise(this.rng);
  }

  /** Input buffer of at least n rows, to be filled by the caller before `forward`. */
  inputBuffer(n: number): Float32Array {
    this.input = ensureLength(this.input, n * this.options.inputs);
    return this.input;
  }

  /** Runs the layers on `inputBuffer(n)`; returns the last layer's output (n × outputs). */
  forward(n: number, training: boolean): Float32Array {
    let x = this.input;
    const dropout = training && this.options.dropout > 0;
    this.dropoutActive = dropout;
    for (const layer of this.layers) {
      const size = n * layer.dense.outputs;
      layer.linear = ensureLength(layer.linear, size);
      // The dense gemm for every layer: embeddings have no zeros, and after a ReLU (~40 % non-zero) skipping them does not pay.
      layer.dense.forward(x, n, layer.linear, false);
      if (layer.norm !== undefined) layer.norm.forward(layer.linear, n, layer.linear, training);
      if (dropout) {
        layer.mask = ensureLength(layer.mask, size);
        layer.output = ensureLength(layer.output, size);
        fillDropoutMask(this.rng, this.options.dropout, layer.mask, size);
        reluDropout(layer.linear, layer.mask, layer.output, size);
        x = layer.output;
      } else {
        layer.active = ensureLength(layer.active, size);
        relu(layer.linear, layer.active, size);
        x = layer.active;
      }
    }
    return x;
  }

  /** Back-propagates the gradient of the last layer's output; returns ∂/∂input (n × inputs). */
  backward(outputGradient: Float32Array, n: number): Float32Array {
    this.inputGradient = ensureLength(this.inputGradient, n * this.options.inputs);
    let dy = outputGradient;
    for (let index = this.layers.length - 1; index >= 0; index--) {
      const layer = this.layers[index];
      const size = n * layer.dense.outputs;
      layer.gradient = ensureLength(layer.gradient, size);
      const g = layer.gradient;
      if (this.dropoutActive) reluDropoutGradient(layer.linear, layer.mask, dy, g, size);
      else reluGradient(layer.active, dy, g, size);
      if (layer.norm !== undefined) layer.norm.backward(g, n, g);
      const below = index === 0 ? this.input : this.layerOutput(index - 1);
      const dx = index === 0 ? this.inputGradient : this.downstreamBuffer(index - 1, n);
      layer.dense.backward(below, g, n, dx);
      dy = dx;
    }
    return this.layers.length === 0 ? outputGradient : this.inputGradient;
  }

  private layerOutput(index: number): Float32Array {
    const layer = this.layers[index];
    return this.dropoutActive ? layer.output : layer.active;
  }

  /** ∂/∂(output of layer index), written by the layer above it. */
  private downstreamBuffer(index: number, n: number): Float32Array {
    this.scratch[index] = ensureLength(this.scratch[index] ?? new Float32Array(0), n * this.layers[index].dense.outputs);
    return this.scratch[index];
  }
}

function relu(linear: Float32Array, active: Float32Array, size: number): void {
  for (let k = 0; k < size; k++) {
    const value = linear[k];
    active[k] = value > 0 ? value : 0;
  }
}

/** ReLU × mask into `output`; the backward pass reads the ReLU's gate from `linear` itself. */
function reluDropout(linear: Float32Array, mask: Float32Array, output: Float32Array, size: number): void {
  if (reluDropoutSimd(linear, mask, output, size)) return;
  for (let k = 0; k < size; k++) {
    const value = linear[k];
    output[k] = value > 0 ? value * mask[k] : 0;
  }
}

function reluGradient(active: Float32Array, dy: Float32Array, g: Float32Array, size: number): void {
  for (let k = 0; k < size; k++) g[k] = active[k] > 0 ? dy[k] : 0;
}

function reluDropoutGradient(linear: Float32Array, mask: Float32Array, dy: Float32Array, g: Float32Array, size: number): void {
  if (reluDropoutGradientSimd(linear, mask, dy, g, size)) return;
  for (let k = 0; k < size; k++) g[k] = linear[k] > 0 ? dy[k] * mask[k] : 0;
}
