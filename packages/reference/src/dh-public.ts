// Range checks on DH public values g_a / g_b (R4.3, divergence D12). Both sides check both their
// own and the peer's value. A failing value is a protocol rejection: a value, never thrown.
import { assertBytes, assertOneOf } from './_assert.js';
import { bytesToBigInt } from './_bigint.js';
import { DH_PRIME_LENGTH } from './dh-params.js';

/** Why a public value was rejected. */
export type DhPublicRejection =
  /** R4.3 MUST (docs): not 1 < value < p − 1. */
  | 'out_of_range'
  /** R4.3 recommended, enforced by TDLib and Android: value < 2^1984 or value > p − 2^1984. */
  | 'outside_safety_margin';

/** Outcome of {@link checkDhPublic}. */
export type DhPublicCheckResult = { ok: true } | { ok: false; reason: DhPublicRejection };

/**
 * Which R4.3 range to enforce:
 * - 'recommended' (default): the docs' MUST plus the 2^(2048−64) margin, inclusive as in TDLib.
 * - 'required': only the docs' MUST, 1 < value < p − 1 (what a minimal client must do).
 */
export type DhPublicRange = 'recommended' | 'required';

/** Options of {@link checkDhPublic}. */
export interface DhPublicCheckOptions {
  range?: DhPublicRange;
}

const RANGES: readonly DhPublicRange[] = ['recommended', 'required'];

/** R4.3: 2^(2048 − 64). */
export const DH_SAFETY_MARGIN = 1n << 1984n;

/**
 * Checks a public value against R4.3. `p` is the (already validated) 256-byte prime; `value` is
 * big-endian unsigned bytes of any length — leading zero bytes are harmless and a valid value may
 * well be shorter than 256 bytes.
 */
export function checkDhPublic(
  p: Uint8Array,
  value: Uint8Array,
  options: DhPublicCheckOptions = {},
): DhPublicCheckResult {
  assertBytes('p', p, DH_PRIME_LENGTH);
  assertBytes('value', value);
  const range = options.range ?? 'recommended';
  assertOneOf('range', range, RANGES);
  const n = bytesToBigInt(p);
  const v = bytesToBigInt(value);
  // R4.3 (docs, MUST): 1 < value < p − 1.
  if (v <= 1n || v >= n - 1n) return { ok: false, reason: 'out_of_range' };
  if (range === 'required') return { ok: true };
  // R4.3 (recommended; D12: TDLib's dh_check enforces it with inclusive bounds): reject iff
  // value < 2^1984 or value > p − 2^1984, so both bounds themselves are accepted.
  if (v < DH_SAFETY_MARGIN || v > n - DH_SAFETY_MARGIN) return { ok: false, reason: 'outside_safety_margin' };
  return { ok: true };
}
