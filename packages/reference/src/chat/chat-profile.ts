// Where real clients differ on the chat (docs/spec.md §12), the reference follows the documented,
// strict behaviour by default; the TDLib and Android profiles reproduce those clients so that
// vectors can mark their behaviour `acceptable` by name rather than by accident.
import {
  ANDROID_ENVELOPE_POLICY,
  STRICT_ENVELOPE_POLICY,
  TDLIB_ENVELOPE_POLICY,
  type EnvelopePolicy,
} from '../envelope-decrypt.js';
import { INITIAL_PEER_LAYER } from './chat-constants.js';

export interface ChatProfile {
  readonly name: 'strict' | 'tdlib' | 'android';
  /** D3, D4: how the envelope is checked. */
  readonly envelope: EnvelopePolicy;
  /** D2, R3.11: on a message that fails the envelope, TL or content checks, `drop` it (docs, Android) or `close` the chat (TDLib). */
  readonly onBadMessage: 'drop' | 'close';
  /** D1, R3.5: ignore messages with fewer than 15 random bytes (docs, Android) or not check (TDLib). */
  readonly checkRandomBytes: boolean;
  /** Random bytes this side puts in each decryptedMessageLayer (R3.5: at least 15; TDLib 31, Android 15). */
  readonly randomBytesLength: number;
  /** R6.5 (TDLib): close the chat when the peer's layer goes down. */
  readonly closeOnLayerDecrease: boolean;
  /** D7, R6.8: close when a message arrives behind a gap while this many already wait (Android: 4, `arr.size() >= 4`). */
  readonly maxQueued: number;
  /** R6.7: the largest Resend range served; more closes the chat (TDLib MAX_RESEND_COUNT = 1000). */
  readonly maxResend: number;
  /** D9, R7.3: which layer to write into decryptedMessageLayer. */
  readonly layerFormula: 'tdlib' | 'android';
  /** D6, R5.1: start a re-key after more than this many messages (in + out) under the current key... */
  readonly rekeyAfterMessages: number;
  /** D6 (Android): instead count separately — re-key once this many were sent or `rekeyAfterReceived` received. */
  readonly rekeyAfterSent?: number;
  readonly rekeyAfterReceived?: number;
  /** D12, R4.3: the range public values are held to ('recommended': with the 2^1984 margin; 'required': 1 < v < p − 1). */
  readonly publicRange: 'recommended' | 'required';
  /** ...or when the key has been in use this many seconds (one week). */
  readonly rekeyAfterSeconds: number;
  /** R5.8: after switching keys on CommitKey, send Noop so the peer can retire the old key (docs: SHOULD). */
  readonly noopAfterCommit: boolean;
}

const WEEK = 7 * 24 * 3600;

/** The documented behaviour, strictest where the documents allow a choice. */
export const STRICT_CHAT_PROFILE: ChatProfile = {
  name: 'strict',
  envelope: STRICT_ENVELOPE_POLICY,
  onBadMessage: 'drop',
  checkRandomBytes: true,
  randomBytesLength: 15,
  closeOnLayerDecrease: false,
  maxQueued: 1000,
  maxResend: 1000,
  layerFormula: 'tdlib',
  rekeyAfterMessages: 100,
  publicRange: 'recommended',
  rekeyAfterSeconds: WEEK,
  noopAfterCommit: true,
};

/** TDLib (td/telegram/SecretChatActor.cpp) as read at the snapshot cited in docs/spec.md. */
export const TDLIB_CHAT_PROFILE: ChatProfile = {
  ...STRICT_CHAT_PROFILE,
  name: 'tdlib',
  envelope: TDLIB_ENVELOPE_POLICY,
  onBadMessage: 'close',
  checkRandomBytes: false,
  randomBytesLength: 31,
  closeOnLayerDecrease: true,
  maxQueued: Number.POSITIVE_INFINITY, // D7: TDLib's pending map has no bound
};

/** Telegram for Android (SecretChatHelper.java) as read at the snapshot cited in docs/spec.md. */
export const ANDROID_CHAT_PROFILE: ChatProfile = {
  ...STRICT_CHAT_PROFILE,
  name: 'android',
  envelope: ANDROID_ENVELOPE_POLICY,
  maxQueued: 4,
  layerFormula: 'android',
  rekeyAfterSent: 100, // key_use_count_out >= 100
  rekeyAfterReceived: 120, // key_use_count_in >= 120
  publicRange: 'required', // Utilities.isGoodGaAndGb: 1 < v < p - 1 only
};

export const CHAT_PROFILES = {
  strict: STRICT_CHAT_PROFILE,
  tdlib: TDLIB_CHAT_PROFILE,
  android: ANDROID_CHAT_PROFILE,
} as const;

/** R7.3: TDLib writes max(73, min(ours, peer)); Android min(max(46, ours), max(46, peer)). */
export function layerToWrite(profile: ChatProfile, ours: number, peer: number): number {
  if (profile.layerFormula === 'android') {
    return Math.min(Math.max(INITIAL_PEER_LAYER, ours), Math.max(INITIAL_PEER_LAYER, peer));
  }
  return Math.max(73, Math.min(ours, peer));
}
