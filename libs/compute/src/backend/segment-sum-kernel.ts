import * as tf from '@tensorflow/tfjs';

interface ReadableBackend {
  readSync(dataId: object): unknown;
  /** cpu backend. */
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: Float32Array | Int32Array): tf.TensorInfo;
  /** wasm backend. */
  makeOutput?(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: Float32Array | Int32Array): tf.TensorInfo;
}

/**
 * out[segmentIds[r]] += x[r] in one pass, O(rows × width). tfjs's cpu kernel is
 * O(segments × rows) and wasm has none, and it is the gradient of `gather`, i.e. of every
 * embedding lookup; ids outside [0, numSegments) are dropped, as TensorFlow does.
 */
const unsortedSegmentSum: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const host = backend as ReadableBackend;
  const values = host.readSync(x.dataId) as Float32Array | Int32Array;
  const ids = host.readSync(segmentIds.dataId) as Int32Array;
  const rows = tf.util.sizeFromShape(segmentIds.shape);
  const width = rows === 0 ? 0 : tf.util.sizeFromShape(x.shape) / rows;
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * width) : new Float32Array(numSegments * width);
  for (let r = 0; r < rows; r++) {
    const segment = ids[r];
    if (segment < 0 || segment >= numSegments) continue;
    const to = segment * width;
    const from = r * width;
    for (let k = 0; k < width; k++) out[to + k] += values[from + k];
  }
  if (host.makeTensorInfo !== undefined) return host.makeTensorInfo(shape, x.dtype, out);
  if (host.makeOutput !== undefined) return host.makeOutput(shape, x.dtype, undefined, out);
  throw new Error('UnsortedSegmentSum: backend can neither make tensors from values (cpu) nor outputs (wasm)');
};

/** The backends whose tensors live in host memory, where a host loop is the fast kernel. */
export const hostBackends = ['cpu', 'wasm'] as const;

/** Registers the fast UnsortedSegmentSum for the cpu and wasm backends (idempotent). */
export function registerSegmentSumKernels(): void {
  for (const backendName of hostBackends) {
    const existing = tf.getKernel('UnsortedSegmentSum', backendName);
    if (existing?.kernelFunc === unsortedSegmentSum) continue;
    if (existing !== undefined) tf.unregisterKernel('UnsortedSegmentSum', backendName);
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: unsortedSegmentSum });
  }
}
