// Byte helpers for the fuzz targets and the seed extractor. Bytes are Uint8Array; hex at the edges.

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
    throw new TypeError(`not hex: ${hex.slice(0, 40)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Zero-pads `bytes` to a multiple of `multiple` bytes, and to at least `min` bytes. */
export function padTo(bytes: Uint8Array, multiple: number, min = 0): Uint8Array {
  const length = Math.max(min, Math.ceil(bytes.length / multiple) * multiple);
  if (length === bytes.length) return bytes;
  const out = new Uint8Array(length);
  out.set(bytes);
  return out;
}

export function uint32LE(value: number): Uint8Array {
  return new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]);
}

/** A big-endian unsigned number as exactly `length` bytes. */
export function bigToBytes(value: bigint, length: number): Uint8Array {
  return fromHex(value.toString(16).padStart(2 * length, '0'));
}

export function bytesToBig(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/**
 * Reads a fuzz input front to back. Reading past the end yields zeros / short slices, never throws:
 * every byte string is a valid program for the targets that parse their input with it.
 */
export class ByteReader {
  private at = 0;
  constructor(private readonly data: Uint8Array) {}

  get remaining(): number {
    return this.data.length - this.at;
  }

  u8(): number {
    return this.at < this.data.length ? this.data[this.at++]! : 0;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  /** Up to `n` bytes (fewer at the end of the input), as a copy. */
  take(n: number): Uint8Array {
    const out = this.data.slice(this.at, this.at + n);
    this.at += out.length;
    return out;
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }
}
