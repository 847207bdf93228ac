// Correctness before timing (as SUPERCOP and noble's benchmarks do): an answer is compared with the
// reference's, field by field, byte by byte. The first difference is what a refusal reports.

/** Where an answer first departs from the reference's. */
export interface Mismatch {
  /** The result field (`data`, `msg_key`, `key`, …). */
  readonly field: string;
  /** The first differing byte, or the length of the shorter value when one is a prefix of the other. */
  readonly offset: number;
  readonly expected_length: number;
  /** Null when the field is missing or not hex. */
  readonly actual_length: number | null;
  /** Up to 16 bytes from `offset` (hex), for humans. */
  readonly expected_excerpt: string;
  readonly actual_excerpt: string;
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const EXCERPT = 16;

/** Compares the hex result fields of an answer with the reference's (case-insensitively, PROTOCOL.md §3). */
export function compareResult(
  expected: Readonly<Record<string, string>>,
  actual: Readonly<Record<string, unknown>>,
): Mismatch | undefined {
  for (const [field, want] of Object.entries(expected)) {
    const value = actual[field];
    if (typeof value !== 'string' || !HEX.test(value)) {
      return {
        field,
        offset: 0,
        expected_length: want.length / 2,
        actual_length: null,
        expected_excerpt: want.slice(0, 2 * EXCERPT),
        actual_excerpt: typeof value === 'string' ? value.slice(0, 2 * EXCERPT) : String(value),
      };
    }
    const got = value.toLowerCase();
    if (got === want) continue;
    const offset = firstDifference(want, got);
    return {
      field,
      offset,
      expected_length: want.length / 2,
      actual_length: got.length / 2,
      expected_excerpt: want.slice(2 * offset, 2 * (offset + EXCERPT)),
      actual_excerpt: got.slice(2 * offset, 2 * (offset + EXCERPT)),
    };
  }
  return undefined;
}

/** The index of the first byte where two hex strings differ (or the shorter length). */
function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return Math.floor(i / 2);
}

/** `data differs from the reference at byte 5 of 1024 (expected 3fa1…, got 00c2…)`. */
export function describeMismatch(m: Mismatch): string {
  if (m.actual_length === null)
    return `"${m.field}" is missing or not hex (expected ${m.expected_length} bytes)`;
  const lengths =
    m.actual_length === m.expected_length
      ? `of ${m.expected_length}`
      : `(length ${m.actual_length}, expected ${m.expected_length})`;
  return `${m.field} differs from the reference at byte ${m.offset} ${lengths}: expected ${m.expected_excerpt || '(end)'}, got ${m.actual_excerpt || '(end)'}`;
}
