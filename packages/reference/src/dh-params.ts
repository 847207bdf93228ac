// Validation of the DH configuration received from messages.getDhConfig (R4.1, R4.2), in TDLib's
// order (DhHandshake::check_config): size of p, then g and its residue rule, then p prime, then
// (p − 1)/2 prime. A bad configuration is a protocol rejection, so it is a value, never thrown.
import { assertBytes, assertInteger } from './_assert.js';
import { bytesToBigInt } from './_bigint.js';
import { classifySafePrime } from './_prime.js';

/** Why a (p, g) pair was rejected, one reason per R4.2 step. */
export type DhParamsRejection = 'p_size' | 'g_range' | 'g_residue' | 'p_not_prime' | 'p_not_safe_prime';

/** Outcome of {@link checkDhParams}. */
export type DhCheckResult = { ok: true } | { ok: false; reason: DhParamsRejection };

/** Byte length of a valid p as carried in TL `bytes` (R4.2 step 1: a 2048-bit number). */
export const DH_PRIME_LENGTH = 256;

/**
 * Checks p (big-endian bytes exactly as on the wire) and g against R4.2.
 *
 * p must be exactly 256 bytes with the top bit set. A 257-byte p with a leading zero byte is
 * rejected with 'p_size' even though its value has 2048 bits: we check the wire form, as Android's
 * `isGoodPrime` does (`prime.length != 256 || prime[0] >= 0`); TDLib parses first and counts bits,
 * so it would accept that encoding (an implementation-defined leniency).
 *
 * g is a TL `int`: a non-integer or a value outside int32 is caller misuse and throws. Every other
 * value outside 2..7 is a rejection ('g_range').
 */
export function checkDhParams(p: Uint8Array, g: number): DhCheckResult {
  assertBytes('p', p);
  assertInteger('g', g, -0x80000000, 0x7fffffff);
  // R4.2 step 1: 2^2047 < p < 2^2048 (TDLib: exactly 2048 significant bits).
  if (p.length !== DH_PRIME_LENGTH || (p[0]! & 0x80) === 0) return reject('p_size');
  const n = bytesToBigInt(p);
  // R4.2 step 2: g ∈ {2..7} and g must generate the subgroup of order (p − 1)/2, i.e. be a
  // quadratic residue mod p. For a safe prime that is decided by p modulo 4g (Legendre symbols).
  if (g < 2 || g > 7) return reject('g_range');
  if (!isResidueRuleMet(n, g)) return reject('g_residue');
  // R4.2 step 3: p prime, then (p − 1)/2 prime (safe prime); the verdict is memoized by p.
  const verdict = classifySafePrime(n);
  if (verdict === 'not_prime') return reject('p_not_prime');
  if (verdict === 'not_safe_prime') return reject('p_not_safe_prime');
  return { ok: true };
}

// R4.2 step 2, the table from D-e2e / TDLib check_config.
function isResidueRuleMet(p: bigint, g: number): boolean {
  switch (g) {
    case 2:
      return p % 8n === 7n;
    case 3:
      return p % 3n === 2n;
    case 4:
      return true; // 4 = 2², always a quadratic residue
    case 5:
      return [1n, 4n].includes(p % 5n);
    case 6:
      return [19n, 23n].includes(p % 24n);
    case 7:
      return [3n, 5n, 6n].includes(p % 7n);
    default:
      return false;
  }
}

function reject(reason: DhParamsRejection): DhCheckResult {
  return { ok: false, reason };
}
