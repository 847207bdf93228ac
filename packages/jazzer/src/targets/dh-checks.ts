// Fuzz target: checkDhParams (R4.2) and checkDhPublic (R4.3) on arbitrary p, g and values.
//
// Input: byte 0 picks the mode (mod 4), the rest are its operands.
//   0  checkDhParams(p, g):  g = int32 LE from bytes 1..4, p = bytes 5.. (any length).
//      Allowed exceptions: none (p is a Uint8Array, g an integer in int32: a TL int).
//   1  checkDhParams(p, g):  g = float64 LE from bytes 1..8 (any double), p = bytes 9...
//      Allowed: TypeError iff g is not an integer; RangeError iff g is an integer outside int32;
//      otherwise none. A misuse that returns instead of throwing is a finding too.
//   2  checkDhPublic(official p, value, range): byte 1 bit 0 picks 'required'/'recommended',
//      value = bytes 2.. (any length, leading zeros allowed). Allowed: none.
//   3  checkDhPublic(p, value): byte 1 < 200 → p = the next 256 bytes (zero-padded at the end of
//      the input); byte 1 ≥ 200 → p = the next (byte 1 − 200) bytes, not 256 long. value = the rest.
//      Allowed: RangeError iff p is not 256 bytes (misuse: "p" is the validated prime); otherwise none.
//
// Properties checked against an independent computation here, from the rules' text:
// - R4.2 steps 1–2: 'p_size' iff p is not 256 bytes with the top bit set; then 'g_range' iff
//   g ∉ 2..7; then 'g_residue' per the table of R4.2 (primality, steps 3–4, is not recomputed);
// - R4.3: 'out_of_range' iff not 1 < v < p − 1; with 'recommended', 'outside_safety_margin' iff
//   v < 2^1984 or v > p − 2^1984; otherwise ok.
import { checkDhParams, checkDhPublic, DH_SAFETY_MARGIN, type DhPublicRange } from '@conform/reference';
import { bytesToBig, ByteReader, padTo } from '../bytes.js';
import { check, expectOutcome, type Allowed } from '../finding.js';
import { OFFICIAL_P } from '../fixtures.js';

export const TARGET = 'dh-checks';

export function fuzz(input: Uint8Array): void {
  const r = new ByteReader(Uint8Array.from(input));
  const mode = r.u8() % 4;
  if (mode === 0 || mode === 1) {
    const width = mode === 0 ? 4 : 8;
    const gBytes = padTo(r.take(width), width, width);
    const view = new DataView(gBytes.buffer);
    const g = mode === 0 ? view.getInt32(0, true) : view.getFloat64(0, true);
    const p = r.rest();
    const allowed: Allowed = !Number.isInteger(g)
      ? 'TypeError'
      : g < -0x80000000 || g > 0x7fffffff
        ? 'RangeError'
        : 'none';
    const result = expectOutcome(TARGET, allowed, () => checkDhParams(p, g));
    if (result === undefined) return;
    const expected = expectedParamsRejection(p, g);
    if (expected !== undefined) {
      check(
        TARGET,
        !result.ok && result.reason === expected,
        () => `checkDhParams: ${JSON.stringify(result)}, expected ${expected}`,
      );
    } else {
      check(
        TARGET,
        result.ok || result.reason === 'p_not_prime' || result.reason === 'p_not_safe_prime',
        () => `checkDhParams: ${JSON.stringify(result)} for a p and g that pass R4.2 steps 1–2`,
      );
    }
    return;
  }
  const rangeByte = r.u8();
  let p = OFFICIAL_P;
  let range: DhPublicRange = rangeByte & 1 ? 'required' : 'recommended';
  if (mode === 3) {
    p = rangeByte < 200 ? padTo(r.take(256), 256, 256) : r.take(rangeByte - 200);
    range = 'recommended';
  }
  const value = r.rest();
  const result = expectOutcome(TARGET, p.length === 256 ? 'none' : 'RangeError', () =>
    checkDhPublic(p, value, { range }),
  );
  if (result === undefined) return;
  const expected = expectedPublicRejection(bytesToBig(p), bytesToBig(value), range);
  check(
    TARGET,
    expected === undefined ? result.ok : !result.ok && result.reason === expected,
    () => `checkDhPublic (${range}): ${JSON.stringify(result)}, expected ${expected ?? 'ok'}`,
  );
}

/** R4.2 steps 1–2 from the spec's text; undefined when only primality (steps 3–4) can decide. */
function expectedParamsRejection(p: Uint8Array, g: number): 'p_size' | 'g_range' | 'g_residue' | undefined {
  if (p.length !== 256 || p[0]! < 0x80) return 'p_size';
  if (g < 2 || g > 7) return 'g_range';
  const n = bytesToBig(p);
  const residue: Record<number, boolean> = {
    2: n % 8n === 7n,
    3: n % 3n === 2n,
    4: true,
    5: n % 5n === 1n || n % 5n === 4n,
    6: n % 24n === 19n || n % 24n === 23n,
    7: n % 7n === 3n || n % 7n === 5n || n % 7n === 6n,
  };
  return residue[g] ? undefined : 'g_residue';
}

/** R4.3 from the spec's text. */
function expectedPublicRejection(
  p: bigint,
  v: bigint,
  range: DhPublicRange,
): 'out_of_range' | 'outside_safety_margin' | undefined {
  if (v <= 1n || v >= p - 1n) return 'out_of_range';
  if (range === 'recommended' && (v < DH_SAFETY_MARGIN || v > p - DH_SAFETY_MARGIN))
    return 'outside_safety_margin';
  return undefined;
}
