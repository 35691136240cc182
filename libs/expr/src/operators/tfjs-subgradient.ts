import * as tf from '@tensorflow/tfjs';

type TensorFn = (...xs: tf.Tensor[]) => tf.Tensor;

/**
 * A tfjs op whose gradient is given explicitly (∂/∂x_i as tensors), so that tfjs agrees with
 * the documented subgradients at kinks instead of tfjs's own conventions.
 */
export function withPartials(value: TensorFn, partials: (...xs: tf.Tensor[]) => tf.Tensor[]): TensorFn {
  const op = tf.customGrad((...inputs: Array<tf.Tensor | ((save: tf.Tensor[]) => void)>) => {
    const save = inputs[inputs.length - 1] as (save: tf.Tensor[]) => void;
    const xs = inputs.slice(0, -1) as tf.Tensor[];
    save(xs);
    return {
      value: value(...xs),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => partials(...saved).map((partial) => tf.mul(dy, partial)),
    };
  });
  return (...xs) => op(...xs);
}

/** 1 where a > b, ½ where a = b, 0 where a < b. */
export function tieTensor(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const ones = tf.onesLike(a);
  return tf.where(tf.greater(a, b), ones, tf.where(tf.less(a, b), tf.zerosLike(a), tf.mul(ones, 0.5)));
}

export function gtTensor(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.cast(tf.greater(a, b), 'float32');
}
