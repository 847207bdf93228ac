// Big-integer helpers for the DH code (R4.2, R4.3, R4.5, R4.7). Big numbers travel as big-endian
// unsigned byte strings (spec §0.1); inside we use native BigInt.
//
// Not side-channel hardened: BigInt arithmetic is variable-time. This is a conformance reference,
// not a production DH; secrets here are test secrets.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** Parses big-endian unsigned bytes of any length (empty → 0n). Leading zero bytes are allowed. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + bytesToHex(bytes));
}

/** Big-endian unsigned encoding of `n`, left-padded with zeros to exactly `length` bytes (R4.7). */
export function bigIntToBytes(n: bigint, length: number): Uint8Array {
  if (n < 0n) throw new RangeError(`expected a non-negative integer, got ${n}`);
  const hex = n.toString(16);
  if (hex.length > 2 * length) {
    throw new RangeError(`integer of ${bitLength(n)} bits does not fit in ${length} bytes`);
  }
  return hexToBytes(hex.padStart(2 * length, '0'));
}

/** Number of significant bits of a non-negative integer (0n → 0). */
export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

// Fixed 5-bit window: 2^5 precomputed powers, then per 5 exponent bits five squarings and at most
// one multiplication. For a 2048-bit exponent that is 2048 squarings + ≤ 410 multiplications,
// against ~1024 multiplications for plain square-and-multiply.
const WINDOW = 5;

/** `base^exp mod mod` for exp ≥ 0 and mod ≥ 1. */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod < 1n) throw new RangeError(`modulus must be positive, got ${mod}`);
  if (exp < 0n) throw new RangeError(`exponent must be non-negative, got ${exp}`);
  if (mod === 1n) return 0n;
  let b = base % mod;
  if (b < 0n) b += mod;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 1 << WINDOW; i++) table.push((table[i - 1]! * b) % mod);
  const bits = exp.toString(2);
  // Left-pad to a whole number of windows so every window has exactly WINDOW bits.
  const padded = bits.padStart(Math.ceil(bits.length / WINDOW) * WINDOW, '0');
  let result = 1n;
  for (let i = 0; i < padded.length; i += WINDOW) {
    for (let j = 0; j < WINDOW; j++) result = (result * result) % mod;
    const digit = parseInt(padded.slice(i, i + WINDOW), 2);
    if (digit !== 0) result = (result * table[digit]!) % mod;
  }
  return result;
}
