// The DH shared key (R4.7) on OpenSSL's modular exponentiation: key = public^secret mod p, as
// exactly 256 big-endian bytes (left-padded, never trimmed) with its fingerprint SHA1(key)[12:20].
//
// OpenSSL is asked only where it computes the same function as the reference: p a full 2048-bit
// odd number (Montgomery needs an odd modulus; a p with leading zero bytes is a small number
// OpenSSL may refuse or mishandle), 2 ≤ public ≤ p − 2 and secret ≥ 2 (the reference's rules),
// all checked here. OpenSSL's own range check is not relied on: through Node 20's computeSecret
// it refuses public = p but computes with a 256- or 300-byte public of 0xff…ff (above p) as if
// reduced mod p, where the reference answers bad_input (test/dh-key.test.ts). Everything else
// returns undefined, and the caller answers with the reference, so every answer — error or key —
// is the reference's.
import { createDiffieHellman, type DiffieHellman } from 'node:crypto';
import { computeKeyFingerprint } from './key-fingerprint.js';

const DH_BYTES = 256;

/**
 * createDiffieHellman runs OpenSSL's DH_check on the prime (primality of p and (p − 1)/2: about a
 * third of a second for a safe 2048-bit prime), so one context per prime is kept. A session uses
 * one or two primes; the bound keeps a fuzzer's stream of primes from growing memory.
 */
const contexts = new Map<string, DiffieHellman>();
const MAX_CONTEXTS = 16;

function contextFor(p: Uint8Array): DiffieHellman {
  const id = Buffer.from(p.buffer, p.byteOffset, p.length).toString('hex');
  let dh = contexts.get(id);
  if (dh === undefined) {
    dh = createDiffieHellman(p);
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(id, dh);
  }
  return dh;
}

/** The number big-endian unsigned `bytes` stand for (empty → 0). */
const toBigInt = (bytes: Uint8Array): bigint =>
  bytes.length === 0
    ? 0n
    : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`);

export interface DhKey {
  readonly key: Uint8Array;
  readonly fingerprint: Uint8Array;
}

/**
 * The shared key for a 256-byte `p` and `secret` and the peer's `peerPublic` (any length), or
 * undefined where the reference must answer (see the top of this file).
 */
export function computeDhKey(p: Uint8Array, peerPublic: Uint8Array, secret: Uint8Array): DhKey | undefined {
  if (p.length !== DH_BYTES || secret.length !== DH_BYTES) return undefined;
  if (p[0] === 0 || (p[DH_BYTES - 1]! & 1) === 0) return undefined;
  const peer = toBigInt(peerPublic);
  if (toBigInt(secret) < 2n || peer < 2n || peer > toBigInt(p) - 2n) return undefined; // R4.3's range
  const dh = contextFor(p);
  let shared: Buffer;
  try {
    dh.setPrivateKey(secret);
    shared = dh.computeSecret(peerPublic);
  } catch {
    return undefined;
  }
  if (shared.length > DH_BYTES) return undefined; // cannot happen (p has 256 bytes); never trim
  // R4.7: the key is always 256 bytes, left-padded with zeros.
  const key = new Uint8Array(DH_BYTES);
  key.set(shared, DH_BYTES - shared.length);
  return { key, fingerprint: computeKeyFingerprint(key) };
}
