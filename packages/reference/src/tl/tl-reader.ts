// Reads TL primitives (§7.1) from untrusted bytes. Every read checks the bytes remaining first, so
// nothing is ever read past the end. A failure throws TlReadFailure, which only tl-decode.ts catches
// and turns into a TlError value; nothing escapes decodeTl.
import type { TlErrorCode } from './tl-error.js';

/** Internal control flow for a rejected input; never leaves decodeTl. */
export class TlReadFailure {
  constructor(
    readonly code: TlErrorCode,
    readonly offset: number,
    readonly message: string,
  ) {}
}

export class TlReader {
  private readonly view: DataView;
  offset = 0;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  fail(code: TlErrorCode, message: string, offset = this.offset): never {
    throw new TlReadFailure(code, offset, message);
  }

  /** `#` flags words and constructor ids. */
  uint32(): number {
    const at = this.need(4, 'a 32-bit word');
    return this.view.getUint32(at, true);
  }

  /** `int`: signed 32-bit little-endian. */
  int32(): number {
    const at = this.need(4, 'an int');
    return this.view.getInt32(at, true);
  }

  /** `long`: signed 64-bit little-endian. */
  int64(): bigint {
    const at = this.need(8, 'a long');
    return this.view.getBigInt64(at, true);
  }

  /** `double`: IEEE 754 binary64 little-endian. */
  double(): number {
    const at = this.need(8, 'a double');
    return this.view.getFloat64(at, true);
  }

  /** `int128`/`int256`: `n` raw bytes. */
  raw(n: number): Uint8Array {
    const at = this.need(n, `${n} raw bytes`);
    return this.data.subarray(at, at + n);
  }

  /**
   * `bytes`/`string` (§7.1). Stricter than TDLib, which accepts all three deviations below: a reference
   * decoder accepts exactly the canonical encodings, so decode→encode reproduces the input byte for byte.
   *  - long form (0xFE) for a length ≤ 253 → 'non_canonical';
   *  - nonzero padding bytes → 'non_canonical';
   *  - a 0xFF first byte (not in the TL docs; TDLib reads a 7-byte length) → 'bad_length'.
   */
  bytes(): Uint8Array {
    const start = this.offset;
    if (this.remaining < 1) this.fail('truncated', 'expected a length byte, got end of input');
    const first = this.data[start]!;
    let header = 1;
    let length = first;
    if (first === 0xff) this.fail('bad_length', 'length prefix 0xFF is not defined by TL');
    if (first === 0xfe) {
      if (this.remaining < 4) this.fail('truncated', 'expected a 4-byte length, got end of input');
      header = 4;
      length = this.data[start + 1]! | (this.data[start + 2]! << 8) | (this.data[start + 3]! << 16);
      if (length <= 253) this.fail('non_canonical', `long length form used for length ${length} ≤ 253`);
    }
    const total = (header + length + 3) & ~3;
    if (total > this.remaining) {
      this.fail(
        'truncated',
        `expected ${total} bytes for a string of length ${length}, got ${this.remaining}`,
      );
    }
    for (let i = start + header + length; i < start + total; i++) {
      if (this.data[i] !== 0) this.fail('non_canonical', 'nonzero padding byte after a string', i);
    }
    this.offset = start + total;
    return this.data.subarray(start + header, start + header + length);
  }

  /** Reserves `n` bytes at the current offset, or fails with 'truncated'. Returns their offset. */
  private need(n: number, what: string): number {
    if (n > this.remaining) {
      this.fail('truncated', `expected ${what} (${n} bytes), got ${this.remaining} bytes`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }
}
