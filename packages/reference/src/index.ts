// @conform/reference: a readable, spec-cited reference implementation of Telegram secret-chat
// cryptography (MTProto 2.0 end-to-end). Rule ids (R1.1 …) refer to docs/spec.md at the repo root.
// Pure: no Node APIs, no ambient randomness or clock; randomness is an `Rng` parameter.

export type { Role } from './role.js';
export { ROLES, keyOffsetForSender, senderForKeyOffset, peerOf } from './role.js';
export type { Rng } from './rng.js';
export { equalBytesConstantTime } from './constant-time.js';

// R1: AES-256-IGE
export { igeEncrypt, igeDecrypt, IGE_BLOCK, IGE_KEY_LENGTH, IGE_IV_LENGTH } from './ige.js';

// R2: msg_key and key derivation
export { computeMsgKey, MSG_KEY_LENGTH } from './msg-key.js';
export { deriveMessageKeys, type MessageKeys } from './kdf.js';
export { computeKeyFingerprint, KEY_LENGTH } from './key-fingerprint.js';

// R3: the E2E envelope
export {
  PADDING_MIN,
  PADDING_MAX,
  LENGTH_PREFIX,
  allowedPaddingLengths,
  isAllowedPadding,
  drawPadding,
} from './padding.js';
export { encryptEnvelope, sealPlaintext, type PaddingSource } from './envelope-encrypt.js';
export {
  decryptEnvelope,
  STRICT_ENVELOPE_POLICY,
  TDLIB_ENVELOPE_POLICY,
  ANDROID_ENVELOPE_POLICY,
  type EnvelopePolicy,
  type EnvelopeRejectReason,
  type DecryptEnvelopeResult,
} from './envelope-decrypt.js';

// R4: Diffie–Hellman parameters, public values, key and fingerprint
export { checkDhParams, DH_PRIME_LENGTH, type DhCheckResult, type DhParamsRejection } from './dh-params.js';
export {
  checkDhPublic,
  DH_SAFETY_MARGIN,
  type DhPublicCheckOptions,
  type DhPublicCheckResult,
  type DhPublicRange,
  type DhPublicRejection,
} from './dh-public.js';
export { computeDhPublic, computeDhKey, DH_SECRET_LENGTH, type DhKey } from './dh.js';

// R8: key visualization
export {
  callEmojiIndices,
  CALL_EMOJI_COUNT,
  computeKeyHash,
  keyHashGrid,
  KEY_VISUAL_PALETTE,
  KEY_HASH_LENGTH,
  LEGACY_KEY_HASH_LENGTH,
  type KeyVisualColor,
  type KeyVisualGrid,
} from './key-visual.js';

// R7, §7.3: the TL codec of the secret-chat layer and its TL-JSON mapping
export * from './tl/index.js';

// §4–§7: the secret-chat session
export * from './chat/index.js';
