// Fuzz target: decodeTl on arbitrary bytes (§7.1, R3.7 step 6).
//
// Allowed exceptions: none. Every call passes a Uint8Array and valid options, so by §7.1 and
// tl-decode.ts ("Any byte string yields a value") the outcome is `{ ok: true }` or `{ ok: false, error }`
// and nothing is thrown — not even TypeError/RangeError, which decodeTl keeps for misuse of the options.
//
// Properties checked (documented in tl-decode.ts and tl-error.ts):
// - a rejection has one of the stable TlErrorCode values and an offset inside the input;
// - `consumed` is the whole input unless allowTrailingBytes (D5, R3.7 step 6);
// - decoding is canonical: encodeTl(object) reproduces the consumed bytes exactly (and never throws
//   on a decoded object).
import { decodeTl, encodeTl, type TlDecodeOptions, type TlErrorCode } from '@conform/reference';
import { equal, toHex } from '../bytes.js';
import { check, expectOutcome } from '../finding.js';

export const TARGET = 'tl-decode';

const CODES: ReadonlySet<TlErrorCode> = new Set<TlErrorCode>([
  'truncated',
  'unknown_constructor',
  'unexpected_constructor',
  'trailing_bytes',
  'bad_length',
  'non_canonical',
  'bad_utf8',
  'bad_bool',
  'bad_double',
  'unknown_flags',
  'too_deep',
  'too_large',
]);

/** The option sets every input is decoded with: as a receiver does (R3.7 step 6) and leniently. */
const OPTION_SETS: readonly TlDecodeOptions[] = [
  {},
  { type: 'DecryptedMessageLayer' },
  { allowTrailingBytes: true, maxDepth: 4 },
];

export function fuzz(input: Uint8Array): void {
  const bytes = Uint8Array.from(input);
  for (const options of OPTION_SETS) {
    const result = expectOutcome(TARGET, 'none', () => decodeTl(bytes, options))!;
    if (!result.ok) {
      const { code, offset } = result.error;
      check(TARGET, CODES.has(code), () => `unknown error code ${JSON.stringify(code)}`);
      check(TARGET, offset >= 0 && offset <= bytes.length, () => `error offset ${offset} outside the input`);
      continue;
    }
    const { object, consumed } = result;
    check(
      TARGET,
      options.allowTrailingBytes === true ? consumed <= bytes.length : consumed === bytes.length,
      () => `consumed ${consumed} of ${bytes.length} bytes without allowTrailingBytes`,
    );
    if (options.type !== undefined) check(TARGET, object._ === 'decryptedMessageLayer', () => object._);
    // §7.1 strictness: only canonical encodings decode, so re-encoding gives the same bytes.
    const encoded = expectOutcome(TARGET, 'none', () => encodeTl(object))!;
    const original = bytes.subarray(0, consumed);
    check(
      TARGET,
      equal(encoded, original),
      () => `re-encoding ${object._} differs: decoded ${toHex(original)}, encoded ${toHex(encoded)}`,
    );
  }
}
