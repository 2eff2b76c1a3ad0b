/**
 * FNV-1a, 64 bits as two 32-bit lanes (different offsets), for cache keys: fast, dependency
 * free, identical in Node and browsers. Not cryptographic — a key only has to change when
 * what it describes changes.
 */
export class Fnv64 {
  private h1 = 0x811c9dc5;
  private h2 = 0x050c5d1f;

  bytes(data: Uint8Array): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < data.length; i++) {
      const b = data[i]!;
      h1 = Math.imul(h1 ^ b, 0x01000193);
      h2 = Math.imul(h2 ^ b, 0x01000193) ^ (h1 >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  string(s: string): this {
    return this.bytes(new TextEncoder().encode(s));
  }

  /** The bytes of a typed array, as stored (little-endian on every platform we run on). */
  array(a: Float32Array | Int32Array): this {
    return this.bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}
