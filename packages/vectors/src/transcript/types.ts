// Chat transcripts (docs/design.md §4.2): a script of steps that the runner plays against an
// implementation, with the reference playing the other participant and the network between them.
// What each step makes observable is recorded as an Observation with no randomness left in it, so
// the expected observations the generator records hold for any RNG on either side.
import type { TlObject } from '@conform/reference';

/** A step the implementation takes: one chat op, then `chat.state` for the checkpoint. */
export type ImplStep =
  | { readonly do: 'impl.create' }
  /**
   * `server_random`: hex, the random bytes of messages.getDhConfig, passed as chat.request's `random`
   * (R4.4); the observation then says whether g_a is g raised to those bytes alone.
   */
  | { readonly do: 'impl.request'; readonly server_random?: string }
  /** `g_a`: hex that replaces the peer's g_a (a value at or across an R4.3 bound). `server_random`: as for impl.request. */
  | {
      readonly do: 'impl.accept';
      readonly g_a?: string;
      readonly server_random?: string;
      readonly now?: number;
    }
  /** Creator: g_b and fingerprint from peer.accept; participant: the peer's fingerprint. Either may be replaced. */
  | {
      readonly do: 'impl.confirm';
      readonly g_b?: string;
      readonly fingerprint?: string;
      readonly now?: number;
    }
  | { readonly do: 'impl.send'; readonly message: TlObject; readonly now?: number }
  /** Delivers message `m` of the peer→implementation queue (any order, any number of times). */
  | { readonly do: 'impl.receive'; readonly m: number; readonly now?: number }
  /** `exchange_id`: injected (a decimal TL long), for the R5.7 collisions; otherwise the implementation picks. */
  /** Delivers every message of the peer never delivered so far, in the order they were made. */
  | { readonly do: 'impl.flush'; readonly reverse?: boolean; readonly now?: number }
  | { readonly do: 'impl.rekey'; readonly exchange_id?: string; readonly now?: number }
  | { readonly do: 'impl.close' };

/** A step of the peer (the reference, strict profile) or of the network. */
export type PeerStep =
  | { readonly do: 'peer.request' }
  | { readonly do: 'peer.accept'; readonly g_a?: string }
  | { readonly do: 'peer.confirm'; readonly g_b?: string }
  | { readonly do: 'peer.send'; readonly message: TlObject; readonly now?: number }
  /**
   * A message the peer's state machine would never send: its decryptedMessageLayer fields are the
   * peer's next ones unless given here (raw wire seq_no values), sealed under the current key or
   * the other slot; `corrupt: "msg_key"` flips a bit of the msg_key after sealing.
   */
  | {
      readonly do: 'peer.forge';
      readonly message: TlObject;
      readonly in_seq_no?: number;
      readonly out_seq_no?: number;
      readonly layer?: number;
      readonly random_bytes_length?: number;
      readonly slot?: 'current' | 'other';
      readonly corrupt?: 'msg_key';
    }
  | { readonly do: 'peer.rekey'; readonly exchange_id?: string; readonly now?: number }
  /** Delivers message `m` of the implementation→peer queue to the peer. */
  | { readonly do: 'peer.receive'; readonly m: number; readonly now?: number }
  /** Delivers every message of the implementation never delivered so far, in order. */
  | { readonly do: 'peer.flush'; readonly reverse?: boolean; readonly now?: number };

export type Step = ImplStep | PeerStep;

/** The fields of a transcript test besides tcId, comment, flags and result. */
export interface TranscriptSpec {
  /** The implementation's role; the peer takes the other. */
  readonly role: 'creator' | 'participant';
  /** The implementation's own layer (chat.create), and the peer's. */
  readonly layer: number;
  readonly peer_layer: number;
  /** The DH group both sides use (R4.1): p as hex, g. */
  readonly p: string;
  readonly g: number;
  /** The creation time (unix seconds) of both sides. */
  readonly now: number;
  /**
   * Whether what the peer sees includes the `layer` written in each decryptedMessageLayer. Only the
   * layer transcripts look at it: clients write different values there (R7.3, D9), and every other
   * transcript would otherwise fail an implementation for that one documented difference.
   */
  readonly observe_layer?: boolean;
  readonly steps: readonly Step[];
}

/** What a message the implementation sent looks like to the peer, randomness removed. */
export type Seen =
  | {
      readonly in_seq_no: number;
      readonly out_seq_no: number;
      /** Only with `observe_layer`. */
      readonly layer?: number;
      /** TL-JSON with random_id, g_a, g_b, exchange_id and key_fingerprint of key actions as "*". */
      readonly message: unknown;
    }
  | { readonly undecryptable: string };

/**
 * The implementation's checkpoint, normalized: fingerprints become key labels (`k0` is the first key
 * the peer held, `k1` the next, …), so that they compare across runs with different randomness.
 */
export interface NormalizedCheckpoint {
  readonly state: unknown;
  readonly fingerprint: unknown;
  readonly in_seq_no: unknown;
  readonly out_seq_no: unknown;
  readonly his_in_seq_no: unknown;
  readonly queued: unknown;
  readonly peer_layer: unknown;
  readonly rekey: unknown;
  readonly layer?: unknown;
  readonly other_key?: unknown;
}

/** One step's observable outcome. Only the fields a step produces are present. */
export interface Observation {
  /** impl steps: whether the op succeeded, and its error code if not. */
  readonly ok?: boolean;
  readonly error?: string;
  /** impl.receive: the receive status and the messages delivered to the user (canonical TL-JSON). */
  readonly status?: unknown;
  readonly delivered?: unknown;
  /** impl.receive: present when chat.receive said `outdated` — the message's layer is above ours (R7.4). */
  readonly outdated?: true;
  /** impl steps: how many messages the implementation sent by itself. */
  readonly outbox?: number;
  /**
   * impl.request / impl.accept with `server_random`: whether the public value the implementation
   * answered is g^server_random mod p — the server's bytes used as the secret on their own (R4.4).
   */
  readonly raw_server_random?: boolean;
  /** impl steps: chat.state afterwards. */
  readonly checkpoint?: NormalizedCheckpoint;
  /** peer.receive: the message as the peer decrypts it, before processing it. */
  readonly seen?: Seen;
  /** peer steps: what the peer did, and its state afterwards. */
  readonly peer?: {
    readonly ok: boolean;
    readonly reason?: string;
    readonly status?: string;
    readonly delivered?: unknown;
    readonly outbox?: number;
    readonly state: string;
    readonly in_seq_no: number;
  };
  /** impl.flush, peer.flush: one observation per message delivered. */
  readonly receives?: readonly Observation[];
  /** The step could not be played: a value it needs was never produced (an earlier step failed). */
  readonly unplayable?: string;
}

/** Another outcome real clients produce for the same transcript (docs/spec.md §12). */
export interface TranscriptAlternative {
  /** The client that behaves so (`tdlib`, `android`). */
  readonly profile: string;
  /** The divergence flag that names the behaviour. */
  readonly divergence: string;
  readonly expect: readonly Observation[];
}
