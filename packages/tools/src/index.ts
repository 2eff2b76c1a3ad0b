export * from './eigen.js'; export * from './frechet.js'; export * from './classifier.js'; export * from './train-classifier.js'; export * from './labelled-images.js';
