// Results and the checkpoint of a secret chat (docs/design.md §3.7). Protocol outcomes are values.
import type { TlObject } from '../tl/index.js';
import type { Role } from '../role.js';

/** R4.9: the creator is `empty` until it requests, then `waiting`; the participant starts `requested`. */
export type ChatState = 'empty' | 'waiting' | 'requested' | 'ready' | 'closed';

/** Why a chat closed: each is a rule that requires (or, with a profile, chooses) closing. */
export type ChatCloseReason =
  | 'local' // the user closed it
  | 'bad_params' // R4.2
  | 'bad_g_a' // R4.3, participant on accept
  | 'bad_g_b' // R4.3, creator on confirm
  | 'bad_own_public' // R4.3: our own value out of range (an injected secret)
  | 'fingerprint_mismatch' // R4.6 step 5
  | 'bad_seq_no' // R6.3: wrong parity or negative
  | 'in_seq_no_decreased' // R6.5
  | 'in_seq_no_too_big' // R6.5
  | 'layer_decreased' // R6.5 (TDLib profile)
  | 'gap_queue_full' // R6.8, D7
  | 'cannot_resend' // R6.7
  | 'resend_too_large' // R6.7 (MAX_RESEND_COUNT)
  | 'bad_rekey_public' // R5.3, R5.4: g_a/g_b of a re-key fails R4.3
  | 'rekey_exchange_mismatch' // R5.4, R5.5
  | 'rekey_fingerprint_mismatch' // R5.4, R5.5
  | 'unexpected_request_key' // R5.3 (TDLib: old key still in use, or we already accepted)
  | 'unexpected_accept_key' // R5.4
  | 'unexpected_commit_key' // R5.5
  | 'unexpected_abort_key' // R5.6: AbortKey after we sent AcceptKey
  | `bad_message:${string}`; // D2 (TDLib profile): an envelope, TL or content check failed

export type ReceiveStatus = 'delivered' | 'queued' | 'duplicate' | 'dropped' | 'closed';

export interface ReceiveResult {
  readonly status: ReceiveStatus;
  /** Messages for the user, in order: decryptedMessage* and services other than the protocol's own. */
  readonly delivered: TlObject[];
  /** Wire messages the chat sent by itself (NotifyLayer, Resend, re-key actions, Noop, re-sent messages). */
  readonly outbox: Uint8Array[];
  /** For `dropped` and `closed`: which check decided it. */
  readonly reason?: string;
  /** R7.4: a message processed here was written at a layer above ours; tell the user to update. */
  readonly outdated?: true;
}

export type SendResult =
  | { readonly ok: true; readonly data: Uint8Array; readonly outbox: Uint8Array[] }
  | { readonly ok: false; readonly reason: 'not_ready' | 'closed' };

/** Everything a session vector compares after each step (JSON-ready; bytes as lowercase hex). */
export interface ChatCheckpoint {
  readonly role: Role;
  readonly state: ChatState;
  readonly close_reason: ChatCloseReason | null;
  /** Fingerprint of the key messages are sent under (R4.7), or null before the key exists. */
  readonly fingerprint: string | null;
  /** The second key slot (R5.9): a new key not yet switched to, or the previous key kept for gaps. */
  readonly other_key: { readonly fingerprint: string; readonly kind: 'pending' | 'old' } | null;
  /** Raw counters (R6.1): messages received in order, messages sent, the peer's last in_seq_no. */
  readonly in_seq_no: number;
  readonly out_seq_no: number;
  readonly his_in_seq_no: number;
  /** Raw out_seq_no values of messages waiting behind a gap (R6.4). */
  readonly queued: readonly number[];
  readonly layer: number;
  readonly peer_layer: number;
  readonly rekey: { readonly state: 'idle' | 'requesting' | 'accepted'; readonly exchange_id: string | null };
  /** R8.1: the key visualization hash of the initial key, kept across re-keys. */
  readonly key_hash: string | null;
}
