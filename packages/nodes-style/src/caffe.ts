import * as tf from '@tensorflow/tfjs-core';

/**
 * ImageNet preprocessing of the Caffe-trained VGG weights (Keras `preprocess_input` with
 * mode 'caffe'): RGB in [0, 1] → BGR in 0–255 with the per-channel ImageNet mean removed.
 */

/** ImageNet mean pixel in B, G, R order (0–255). */
export const IMAGENET_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/** `rgb01` is NHWC RGB in [0, 1]; returns NHWC BGR, 0–255 minus the mean. */
export function caffePreprocess(rgb01: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const bgr = tf.reverse(rgb01, 3);
    return tf.sub(tf.mul(bgr, 255), tf.tensor1d([...IMAGENET_MEAN_BGR])) as tf.Tensor4D;
  });
}
