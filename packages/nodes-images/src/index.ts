// The public API of @ganvas/nodes-images: image datasets for image-to-image translation.
import type { NodeDefinition } from '@ganvas/core';
import { faces } from './faces.js';
import { maskVector } from './mask-vector.js';
import { attributeFolder } from './attribute-folder.js';
import { pairedFolder } from './paired-folder.js';
import { unpairedFolders } from './unpaired-folders.js';
import { shapes } from './shapes.js';
import { shapesPaired } from './shapes-paired.js';
import { shapesUnpaired } from './shapes-unpaired.js';

export { shapes, shapesPaired, shapesUnpaired, maskVector, faces, pairedFolder, unpairedFolders, attributeFolder };
export { zPairedFolderParams } from './paired-folder.js';
export type { PairedFolderParams } from './paired-folder.js';
export { zUnpairedFoldersParams } from './unpaired-folders.js';
export type { UnpairedFoldersParams } from './unpaired-folders.js';
export { zAttributeFolderParams } from './attribute-folder.js';
export type { AttributeFolderParams } from './attribute-folder.js';
export { parseAttributeList } from './folder/attr-list.js';
export type { AttributeList } from './folder/attr-list.js';
export { resizeBilinear, centerSquare } from './folder/resize.js';
export type { RgbImage } from './folder/decode.js';
export { zShapesParams } from './shapes.js';
export type { ShapesParams } from './shapes.js';
export { zShapesPairedParams } from './shapes-paired.js';
export type { ShapesPairedParams } from './shapes-paired.js';
export { zShapesUnpairedParams, DOMAIN_PAIRS } from './shapes-unpaired.js';
export type { ShapesUnpairedParams, DomainPair } from './shapes-unpaired.js';
export { zFacesParams, faceLabelNames } from './faces.js';
export type { FacesParams } from './faces.js';
export { HAIR_COLOURS, BINARY_ATTRIBUTES, HAIR_RGB, faceAttributes } from './faces/face-attributes.js';
export type { HairColour, BinaryAttribute, FaceAttributes } from './faces/face-attributes.js';
export { cachedFaceCount } from './faces/face-cache.js';
export { zMaskVectorParams } from './mask-vector.js';
export type { MaskVectorParams } from './mask-vector.js';
export { LABEL_SETS, SHAPES, COLOURS, SIZES, BACKGROUNDS, COLOUR_RGB, BACKGROUND_RGB } from './synth/attributes.js';
export type { ShapeSpec, LabelSet, ShapeKind, Colour, SizeClass, Background } from './synth/attributes.js';
export { shapeSpec, STREAM } from './synth/spec.js';
export { render } from './synth/render.js';
export type { Rendering } from './synth/render.js';

/** Every node type of this package, in the order the editor lists them. */
export const nodes: NodeDefinition<any>[] = [
  shapes,
  shapesPaired,
  shapesUnpaired,
  faces,
  maskVector,
  pairedFolder,
  unpairedFolders,
  attributeFolder,
];
