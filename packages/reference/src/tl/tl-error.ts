// Decode rejections are values, not exceptions (docs/design.md, "The reference package"): any byte string maps to either a
// decoded object or one of these errors. The codes are stable; `message` is for humans only.
import type { TlObject } from './tl-json.js';

export type TlErrorCode =
  /** The input ends before the value being read (§7.1). */
  | 'truncated'
  /** A constructor id that the schema does not define. */
  | 'unknown_constructor'
  /** A known constructor, but not of the type the field declares (e.g. an action where media belongs). */
  | 'unexpected_constructor'
  /** Bytes left after the top-level object (R3.7 step 6, D5); see TlDecodeOptions.allowTrailingBytes. */
  | 'trailing_bytes'
  /** A length prefix TL does not define (0xFF) or a negative vector count. */
  | 'bad_length'
  /** A valid-looking but non-canonical encoding: long string form for a length ≤ 253, nonzero padding. */
  | 'non_canonical'
  /** A `string` whose bytes are not well-formed UTF-8. */
  | 'bad_utf8'
  /** A `Bool` that is neither boolTrue#997275b5 nor boolFalse#bc799737. */
  | 'bad_bool'
  /** A `double` that is NaN or ±Infinity: TL-JSON (a JSON number) cannot carry it. */
  | 'bad_double'
  /** A flags word with a bit set that no field of the constructor uses. */
  | 'unknown_flags'
  /** Objects/vectors nested deeper than TlDecodeOptions.maxDepth. */
  | 'too_deep'
  /** A vector count that cannot fit in the bytes remaining (checked before allocating). */
  | 'too_large';

export interface TlError {
  readonly code: TlErrorCode;
  /** Byte offset (into the decoded input) where the offending value starts. */
  readonly offset: number;
  /** TL-JSON path of the offending field, e.g. `message.entities[2].offset`; '' for the top level. */
  readonly path: string;
  readonly message: string;
}

export type TlDecodeResult =
  | { readonly ok: true; readonly object: TlObject; readonly consumed: number }
  | { readonly ok: false; readonly error: TlError };
