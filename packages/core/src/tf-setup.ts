// tfjs-core's Node build ships op gradients separately from ops, in files Node cannot load;
// training needs them, so the engine registers a bundled copy once wherever it is loaded.
// Order matters: tfjs-core's main entry must create the global engine first.
import '@tensorflow/tfjs-core';
import './generated/tf-gradients.js';
