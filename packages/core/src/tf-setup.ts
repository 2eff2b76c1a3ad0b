// tfjs-core ships op gradients separately from ops; training needs them, so the engine
// registers them once wherever it is loaded (Node or browser).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
