/**
 * Copies a box of an N-d row-major array into another, block by block. Dims whose box
 * covers the whole extent in both arrays are merged into the contiguous block, so a crop
 * of H and W in NHWC copies whole W·C rows with one `set` each.
 */
export interface Box {
  /** Shape of the copied box. */
  size: number[];
  /** Shape of the source array and where the box starts in it. */
  srcShape: number[];
  srcBegin: number[];
  /** Shape of the destination array and where the box lands in it. */
  dstShape: number[];
  dstBegin: number[];
}

type Floats = Float32Array | Int32Array | Uint8Array;

export function copyBox(src: Floats, dst: Floats, box: Box): void {
  const rank = box.size.length;
  if (box.size.some((d) => d === 0)) return;
  if (rank === 0) {
    dst[0] = src[0]!;
    return;
  }
  // Merge trailing dims that are taken whole on both sides into one contiguous block.
  let inner = rank - 1;
  let block = box.size[inner]!;
  while (inner > 0 && box.size[inner] === box.srcShape[inner] && box.size[inner] === box.dstShape[inner]) {
    inner--;
    block *= box.size[inner]!;
  }
  // Dims 0..inner-1 are iterated; dim `inner` is the outermost one folded into the block.
  const srcStrides = strides(box.srcShape);
  const dstStrides = strides(box.dstShape);
  let srcOff = 0;
  let dstOff = 0;
  for (let d = 0; d < rank; d++) {
    srcOff += box.srcBegin[d]! * srcStrides[d]!;
    dstOff += box.dstBegin[d]! * dstStrides[d]!;
  }
  const outer = box.size.slice(0, inner);
  const idx = new Array<number>(inner).fill(0);
  const count = outer.reduce((a, b) => a * b, 1);
  for (let n = 0; n < count; n++) {
    if (block >= 16) dst.set(src.subarray(srcOff, srcOff + block), dstOff);
    else for (let k = 0; k < block; k++) dst[dstOff + k] = src[srcOff + k]!;
    // Advance the odometer over the outer dims.
    for (let d = inner - 1; d >= 0; d--) {
      idx[d]!++;
      srcOff += srcStrides[d]!;
      dstOff += dstStrides[d]!;
      if (idx[d]! < outer[d]!) break;
      srcOff -= srcStrides[d]! * outer[d]!;
      dstOff -= dstStrides[d]! * outer[d]!;
      idx[d] = 0;
    }
  }
}

function strides(shape: number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d]!;
  }
  return out;
}
