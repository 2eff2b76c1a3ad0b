import * as tf from '@tensorflow/tfjs-core';
import type { DecodedImage, Host } from '@ganvas/core';

/** Reading image files through the host and turning them into [1, H, W, 3] tensors in [0, 1]. */

/** How an image is brought to the requested size. */
export type Fit = 'cover' | 'stretch';

export async function readImageFile(host: Host, location: string): Promise<DecodedImage> {
  if (!host.decodeImage) {
    throw new Error(`this host cannot decode images (reading ${location}); run it with a host that provides decodeImage, e.g. the ganvas CLI`);
  }
  const bytes = /^https?:\/\//i.test(location)
    ? await (host.fetchUrl ?? (() => Promise.reject(new Error(`this host cannot fetch URLs (${location})`))))(location)
    : await host.readFile(location);
  return host.decodeImage(bytes, location);
}

/**
 * RGB float pixels [1, height, width, 3] in [0, 1]: grey is repeated over the channels, alpha
 * dropped. 'cover' scales the image to cover the target and crops the centre (no distortion);
 * 'stretch' scales each axis independently. Resampling is bilinear.
 */
export function imageTensor(img: DecodedImage, height: number, width: number, fit: Fit): tf.Tensor4D {
  return tf.tidy(() => {
    const px = tf.tensor4d(Float32Array.from(img.pixels), [1, img.height, img.width, img.channels]);
    const rgb = img.channels === 1 ? tf.tile(px, [1, 1, 1, 3]) : img.channels === 4 ? tf.slice(px, [0, 0, 0, 0], [1, img.height, img.width, 3]) : px;
    const scaled = tf.div(rgb, 255) as tf.Tensor4D;
    let box = [0, 0, 1, 1];
    if (fit === 'cover') {
      const scale = Math.max(height / img.height, width / img.width);
      const fh = height / scale / img.height;
      const fw = width / scale / img.width;
      box = [(1 - fh) / 2, (1 - fw) / 2, (1 + fh) / 2, (1 + fw) / 2];
    }
    // Normalised box corners map onto pixel centres 0 … size−1 (TF's crop_and_resize).
    return tf.image.cropAndResize(scaled, tf.tensor2d([box], [1, 4]), [0], [height, width], 'bilinear') as tf.Tensor4D;
  });
}
