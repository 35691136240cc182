import * as tf from '@tensorflow/tfjs';
import { BatchNorm } from '../native/batch-norm';

/** What one forward pass needs besides parameters: mode, dropout masks, and where batch moments go. */
export interface ForwardPass {
  training: boolean;
  /** One mask per hidden layer (training with dropout only). */
  masks: readonly tf.Tensor2D[];
  /** Receives each batch-norm layer's batch mean and biased variance (training only). */
  moments: { name: string; mean: tf.Tensor1D; variance: tf.Tensor1D }[];
}

export type Tensors = Readonly<Record<string, tf.Tensor>>;

/** ŷ for a batch, written once against tfjs; the tensor names are those of the native model. */
export type Graph = (params: Tensors, state: Tensors, users: tf.Tensor1D, items: tf.Tensor1D, pass: ForwardPass) => tf.Tensor1D;

export interface TowerShape {
  prefix: string;
  layers: number;
  batchNorm: boolean;
}

function tower(params: Tensors, state: Tensors, input: tf.Tensor2D, shape: TowerShape, pass: ForwardPass): tf.Tensor2D {
  let x = input;
  for (let index = 1; index <= shape.layers; index++) {
    const dense = `${shape.prefix}.dense${index}`;
    let z: tf.Tensor2D = tf.matMul(x, params[`${dense}.kernel`] as tf.Tensor2D);
    const bias = params[`${dense}.bias`];
    if (bias !== undefined) z = tf.add(z, bias) as tf.Tensor2D;
    if (shape.batchNorm) {
      const norm = `${shape.prefix}.norm${index}`;
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (pass.training) {
        ({ mean, variance } = tf.moments(z, 0));
        pass.moments.push({ name: norm, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D });
      } else {
        mean = state[`${norm}.runningMean`];
        variance = state[`${norm}.runningVariance`];
      }
      const normalised = tf.mul(tf.sub(z, mean), tf.rsqrt(tf.add(variance, BatchNorm.epsilon)));
      z = tf.add(tf.mul(normalised, params[`${norm}.gamma`]), params[`${norm}.beta`]) as tf.Tensor2D;
    }
    x = tf.relu(z);
    if (pass.training && pass.masks.length > 0) x = tf.mul(x, pass.masks[index - 1]);
  }
  return x;
}

function output(params: Tensors, x: tf.Tensor2D): tf.Tensor1D {
  const logit = tf.add(tf.matMul(x, params['output.kernel'] as tf.Tensor2D), params['output.bias']);
  return tf.sigmoid(tf.reshape(logit, [-1])) as tf.Tensor1D;
}

/** ŷ = σ(e_u·e_i + b_u + b_i + b_g). */
export const mfGraph: Graph = (params, _state, users, items) => {
  const dot = tf.sum(tf.mul(tf.gather(params['user.embedding'], users), tf.gather(params['item.embedding'], items)), 1);
  const biases = tf.add(
    tf.reshape(tf.gather(params['user.bias'], users), [-1]),
    tf.reshape(tf.gather(params['item.bias'], items), [-1]),
  );
  return tf.sigmoid(tf.add(tf.add(dot, biases), params['global.bias'])) as tf.Tensor1D;
};

export function mlpGraph(layers: number, batchNorm: boolean): Graph {
  return (params, state, users, items, pass) => {
    const input = tf.concat([tf.gather(params['user.embedding'], users), tf.gather(params['item.embedding'], items)], 1) as tf.Tensor2D;
    return output(params, tower(params, state, input, { prefix: 'mlp', layers, batchNorm }, pass));
  };
}

export function neumfGraph(layers: number): Graph {
  return (params, state, users, items, pass) => {
    const gmf = tf.mul(tf.gather(params['gmf.user.embedding'], users), tf.gather(params['gmf.item.embedding'], items));
    const input = tf.concat(
      [tf.gather(params['mlp.user.embedding'], users), tf.gather(params['mlp.item.embedding'], items)],
      1,
    ) as tf.Tensor2D;
    const hidden = tower(params, state, input, { prefix: 'mlp', layers, batchNorm: false }, pass);
    return output(params, tf.concat([gmf, hidden], 1) as tf.Tensor2D);
  };
}
