import * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs's Tanh and Sigmoid gradients read the op's saved output, and the tape does not connect
 * that saved copy back to the input, so a gradient of the gradient (gradient penalty) comes out
 * silently wrong (tfjs#3252). These versions recompute the derivative from the input instead,
 * which the tape follows correctly.
 */
function withInputGrad(f: (x: tf.Tensor) => tf.Tensor, df: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    // Save the input rather than closing over it: the engine disposes forward intermediates
    // before the backward pass, and the saved copy is linked to x on the tape.
    save([x]);
    return { value: f(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, df(saved[0]!)) };
  });
  return (x) => op(x);
}

export const tanhInputGrad = withInputGrad(tf.tanh, (x) => tf.sub(1, tf.square(tf.tanh(x))));

export const sigmoidInputGrad = withInputGrad(tf.sigmoid, (x) => {
  const s = tf.sigmoid(x);
  return tf.mul(s, tf.sub(1, s));
});
