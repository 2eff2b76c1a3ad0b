/** Help text of `style.vgg19` (markdown), kept apart from the node's code. */
export const VGG19_DOCS = `
VGG-19's 16 convolutions (3×3, stride 1, 'same', each followed by ReLU) in five blocks, each
block closed by 2×2/2 max pooling: block1 (2×64), block2 (2×128), block3 (4×256),
block4 (4×512), block5 (4×512). Layer names are Keras's: \`block3_conv1\` is the output of the
first conv of block 3 after its ReLU (Gatys's relu3_1). \`vgg19Definition()\` in this package
gives the same network as a document network definition of \`layers.conv2d\`, \`layers.relu\`
and \`layers.maxPool2d\` nodes, so it can be opened and edited like any other network.

**Weights** are frozen (never trained, not checkpointed) and read at build time from a
TensorFlow.js layers model: \`model.json\` (Keras topology + \`weightsManifest\`) and its shard
files. Weights are matched to layers by name (\`block1_conv1/kernel\`, \`…/bias\`); the file's
topology is checked (classes, filter counts, 3×3 kernels). Only layers up to the deepest tap
are read, so a full VGG-19 with its classifier head loads unchanged.

**One-time conversion** of the usual Keras ImageNet weights (on a machine with TensorFlow):

    pip install tensorflow tensorflowjs
    python -c "from tensorflow.keras.applications import VGG19; VGG19(weights='imagenet', include_top=False).save('vgg19.h5')"
    tensorflowjs_converter --input_format keras vgg19.h5 models/vgg19

then set \`weights\` to \`models/vgg19\` (or pass \`ganvas stylize --weights models/vgg19\`).
\`include_top=True\` works too (the head is ignored; 548 MB instead of 80 MB).
\`ganvas stylize --list-layers --weights <dir>\` lists the layers a model file offers.

**Input**: RGB images in [0, 1]; with \`preprocess: 'caffe'\` (default) the node converts them
to what the Caffe-trained weights expect: BGR, 0–255, ImageNet mean (103.939, 116.779, 123.68)
subtracted.
`.trim();
