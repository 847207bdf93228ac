// Byte helpers of the fuzzer. Hex is how bytes cross the protocol (PROTOCOL.md §3: the runner
// sends lowercase); inside, bytes are Uint8Array.
import { createHash } from 'node:crypto';

export const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

export const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * `length` pseudo-random bytes expanded from a small seed (SHA-256 in counter mode). Big random
 * inputs (keys, ciphertexts) are drawn as a seed rather than byte by byte: fast-check then shrinks
 * one integer instead of 256 bytes, and generation stays cheap enough for the implementation to be
 * the bottleneck.
 */
export function expand(seed: number, length: number, salt = ''): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 0, at = 0; at < length; block++, at += 32) {
    const digest = createHash('sha256').update(`${salt}:${seed}:${block}`).digest();
    out.set(digest.subarray(0, Math.min(32, length - at)), at);
  }
  return out;
}

export const concat = (...parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const le32 = (n: number): Uint8Array => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
};

/** Big-endian unsigned bytes of `n`, exactly `length` long (n must fit). */
export function bigToBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Big-endian unsigned bytes of `n` without leading zeros (`0` is one zero byte). */
export function bigToMinimalBytes(n: bigint): Uint8Array {
  let length = 1;
  while (n >> BigInt(8 * length) > 0n) length++;
  return bigToBytes(n, length);
}

export const bytesToBig = (bytes: Uint8Array): bigint =>
  bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
