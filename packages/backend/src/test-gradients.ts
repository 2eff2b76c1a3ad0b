/**
 * Registers tfjs gradients for the tests.
 *
 * tfjs-core's Node build registers no gradients at all (they ship only in the
 * `@tensorflow/tfjs` bundle or as ESM files with extensionless imports, which only a
 * bundler such as vite can load). Order matters: the node bundle must create the
 * global engine first, or tensors get the ESM copy's Tensor class, whose chained
 * methods (`cast`, …) are not wired up.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
