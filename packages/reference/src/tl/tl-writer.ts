// Serializes TL primitives (§7.1) into a growing buffer. Callers have already validated the values
// (tl-json.ts), so the writer itself only enforces what the wire format cannot carry.

/** Longest `bytes`/`string` the 3-byte length of the long form can carry (§7.1). */
export const TL_MAX_BYTES_LENGTH = 0xffffff;

export class TlWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** `#` flags words and constructor ids: 32 bits, little-endian. */
  uint32(value: number): void {
    this.reserve(4).setUint32(this.length - 4, value >>> 0, true);
  }

  /** `int`: signed 32-bit little-endian. */
  int32(value: number): void {
    this.reserve(4).setInt32(this.length - 4, value, true);
  }

  /** `long`: signed 64-bit little-endian. */
  int64(value: bigint): void {
    this.reserve(8).setBigInt64(this.length - 8, value, true);
  }

  /** `double`: IEEE 754 binary64 little-endian. */
  double(value: number): void {
    this.reserve(8).setFloat64(this.length - 8, value, true);
  }

  /** `int128`/`int256`: raw bytes, no length. */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length - bytes.length);
  }

  /**
   * `bytes`/`string` (§7.1): L ≤ 253 → [L] + data; L ≥ 254 → [0xFE] + le24(L) + data; then zero
   * padding to a multiple of 4. Always the canonical (shortest) form.
   */
  bytes(data: Uint8Array, path: string): void {
    const n = data.length;
    if (n > TL_MAX_BYTES_LENGTH) {
      throw new RangeError(`"${path}" expected at most ${TL_MAX_BYTES_LENGTH} bytes, got length=${n}`);
    }
    const header = n <= 253 ? 1 : 4;
    const total = (header + n + 3) & ~3;
    this.reserve(total); // new space is zero-filled: the padding
    const start = this.length - total;
    if (header === 1) {
      this.buffer[start] = n;
    } else {
      this.view.setUint32(start, 0xfe | (n << 8), true);
    }
    this.buffer.set(data, start + header);
  }

  /** The bytes written so far, as a new array. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** Makes room for `n` more bytes, advances the length and returns the view. */
  private reserve(n: number): DataView {
    const needed = this.length + n;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.buffer.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length = needed;
    return this.view;
  }
}
