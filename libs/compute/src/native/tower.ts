import type { Rng } from '@recsearch/core';
import type { ArenaPlan, TensorArena } from './arena';
import { BatchNorm } from './batch-norm';
import { DenseLayer } from './dense';
import { fillDropoutMask } from './dropout';
import { dropoutRoomWords } from './dropout-wasm';
import { reluDropoutGradientSimd, reluDropoutSimd } from './layer-kernels';
import { BatchBuffer, type NativeTensor } from './tensor';

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
  /**
   * With an arena: batches of up to this many rows keep their activations there too (planned
   * with `Tower.plan`), so every kernel of a step runs in place, with no copies.
   */
  rows?: number;
}

/** A hidden layer's batch buffers; `views` holds the last batch's. */
interface LayerBuffers<T> {
  /** Dense output, then (in place) batch-norm output. */
  linear: T;
  /** After ReLU (written only without dropout; with it, the ReLU gate is read from `linear`). */
  active: T;
  /** After dropout: the layer's output. */
  output: T;
  mask: T;
  gradient: T;
  /** ∂/∂(the layer's input). */
  inputGradient: T;
}

interface HiddenLayer {
  dense: DenseLayer;
  norm: BatchNorm | undefined;
  buffers: LayerBuffers<BatchBuffer>;
  views: LayerBuffers<Float32Array>;
}

/**
 * Hidden layers Dense → [BatchNorm] → ReLU → [Dropout], with buffers reused across batches.
 * A dense layer followed by batch norm has no bias: batch norm removes it, so its gradient is
 * 0 up to float noise, which Adam would turn into steps of ±η.
 */
export class Tower {
  private readonly layers: HiddenLayer[];
  private readonly input: BatchBuffer;
  private inputView: Float32Array = new Float32Array(0);
  private dropoutActive = false;
  /** The arena its activations live in, and dropout's generator room there. */
  private readonly home: { arena: TensorArena; room: Int32Array } | undefined;

  constructor(readonly options: TowerOptions, private readonly rng: Rng) {
    const rows = options.rows ?? 0;
    const arena = rows > 0 ? options.arena : undefined;
    this.home = arena === undefined ? undefined : { arena, room: arena.ints(dropoutRoomWords) };
    let inputs = options.inputs;
    this.input = new BatchBuffer(inputs, arena?.floats(rows * inputs));
    this.layers = options.hidden.map((width, index) => {
      const name = `${options.name}.dense${index + 1}`;
      const dense = new DenseLayer(name, inputs, width, options.groups[index], !options.batchNorm, options.arena);
      dense.denseGradient = options.batchNorm;
      if (arena !== undefined) dense.space = { transposed: arena.floats(inputs * width), list: arena.ints(listWords(inputs, width, rows)) };
      const buffer = (perRow: number): BatchBuffer => new BatchBuffer(perRow, arena?.floats(rows * perRow));
      const buffers = { linear: buffer(width), active: buffer(width), output: buffer(width), mask: buffer(width), gradient: buffer(width), inputGradient: buffer(inputs) };
      const none = new Float32Array(0);
      const views = { linear: none, active: none, output: none, mask: none, gradient: none, inputGradient: none };
      const norm = options.batchNorm ? new BatchNorm(`${options.name}.norm${index + 1}`, width, options.groups[index], options.arena, arena === undefined ? 0 : rows) : undefined;
      inputs = width;
      return { dense, norm, buffers, views };
    });
  }

  /** Arena room for the activations of a tower made with `rows` (see the constructor; its tensors are `shapes`). */
  static plan(plan: ArenaPlan, options: Pick<TowerOptions, 'inputs' | 'hidden' | 'batchNorm'>, rows: number): ArenaPlan {
    plan.ints(dropoutRoomWords).floats(rows * options.inputs);
    let inputs = options.inputs;
    for (const width of options.hidden) {
      plan.floats(inputs * width).ints(listWords(inputs, width, rows));
      for (let buffer = 0; buffer < 5; buffer++) plan.floats(rows * width);
      plan.floats(rows * inputs);
      if (options.batchNorm) BatchNorm.plan(plan, width, rows);
      inputs = width;
    }
    return plan;
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
    this.inputView = this.input.forRows(n);
    return this.inputView;
  }

  /** Runs the layers on `inputBuffer(n)`; returns the last layer's output (n × outputs). */
  forward(n: number, training: boolean): Float32Array {
    let x = this.inputView;
    const dropout = training && this.options.dropout > 0;
    this.dropoutActive = dropout;
    const arena = this.home?.arena;
    for (const { dense, norm, buffers, views } of this.layers) {
      const size = n * dense.outputs;
      const linear = (views.linear = buffers.linear.forRows(n));
      // The dense gemm for every layer: embeddings have no zeros, and after a ReLU (~40 % non-zero) skipping them does not pay.
      dense.forward(x, n, linear, false);
      if (norm !== undefined) norm.forward(linear, n, linear, training);
      if (dropout) {
        const mask = (views.mask = buffers.mask.forRows(n));
        const output = (views.output = buffers.output.forRows(n));
        fillDropoutMask(this.rng, this.options.dropout, mask, size, this.home);
        reluDropout(linear, mask, output, size, arena);
        x = output;
      } else {
        const active = (views.active = buffers.active.forRows(n));
        relu(linear, active, size);
        x = active;
      }
    }
    return x;
  }

  /** Back-propagates the gradient of the last layer's output; returns ∂/∂input (n × inputs). */
  backward(outputGradient: Float32Array, n: number): Float32Array {
    let dy = outputGradient;
    const arena = this.home?.arena;
    for (let index = this.layers.length - 1; index >= 0; index--) {
      const { dense, norm, buffers, views } = this.layers[index];
      const size = n * dense.outputs;
      const g = (views.gradient = buffers.gradient.forRows(n));
      if (this.dropoutActive) reluDropoutGradient(views.linear, views.mask, dy, g, size, arena);
      else reluGradient(views.active, dy, g, size);
      if (norm !== undefined) norm.backward(g, n, g);
      const below = index === 0 ? this.inputView : this.layerOutput(index - 1);
      const dx = (views.inputGradient = buffers.inputGradient.forRows(n));
      dense.backward(below, g, n, dx);
      dy = dx;
    }
    return dy;
  }

  private layerOutput(index: number): Float32Array {
    const { views } = this.layers[index];
    return this.dropoutActive ? views.output : views.active;
  }
}

/** Words of a layer's in-place product list: twice the deepest product's depth (inputs, outputs or the batch). */
function listWords(inputs: number, outputs: number, rows: number): number {
  return 2 * Math.max(inputs, outputs, rows);
}

function relu(linear: Float32Array, active: Float32Array, size: number): void {
  for (let k = 0; k < size; k++) {
    const value = linear[k];
    active[k] = value > 0 ? value : 0;
  }
}

/** ReLU × mask into `output`; the backward pass reads the ReLU's gate from `linear` itself. */
function reluDropout(linear: Float32Array, mask: Float32Array, output: Float32Array, size: number, arena: TensorArena | undefined): void {
  if (reluDropoutSimd(linear, mask, output, size, arena)) return;
  for (let k = 0; k < size; k++) {
    const value = linear[k];
    output[k] = value > 0 ? value * mask[k] : 0;
  }
}

function reluGradient(active: Float32Array, dy: Float32Array, g: Float32Array, size: number): void {
  for (let k = 0; k < size; k++) g[k] = active[k] > 0 ? dy[k] : 0;
}

function reluDropoutGradient(linear: Float32Array, mask: Float32Array, dy: Float32Array, g: Float32Array, size: number, arena: TensorArena | undefined): void {
  if (reluDropoutGradientSimd(linear, mask, dy, g, size, arena)) return;
  for (let k = 0; k < size; k++) g[k] = linear[k] > 0 ? dy[k] * mask[k] : 0;
}
