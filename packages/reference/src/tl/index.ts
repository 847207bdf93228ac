// Public API of the secret-chat TL codec (§7.1) and its TL-JSON mapping (docs/design.md §3.6).
export { encodeTl } from './tl-encode.js';
export { decodeTl, TL_DEFAULT_MAX_DEPTH, type TlDecodeOptions } from './tl-decode.js';
export type { TlDecodeResult, TlError, TlErrorCode } from './tl-error.js';
export type { TlObject, TlValue } from './tl-json.js';
export { TL_MAX_BYTES_LENGTH } from './tl-writer.js';
export { API_TL_LINES, apiTlSchema, SECRET_TL_LINES, TL_BUILTIN_LINES, secretTlSchema } from './schema.js';
export {
  parseTlSchema,
  type TlCondition,
  type TlConstructor,
  type TlField,
  type TlPrimitive,
  type TlSchema,
  type TlTypeRef,
} from './schema-parse.js';
