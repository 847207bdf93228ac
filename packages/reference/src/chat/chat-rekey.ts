// Re-keying of one chat (§5): the two key slots (R5.9), the counters that trigger a re-key (R5.1)
// and the exchange RequestKey → AcceptKey → CommitKey, or AbortKey (R5.2–R5.8). The chat keeps the
// session; it lends this a narrow host for DH, sending and the clock.
import { computeKeyFingerprint } from '../key-fingerprint.js';
import type { Rng } from '../rng.js';
import type { TlObject } from '../tl/index.js';
import { bytesToJson } from '../tl/tl-json.js';
import { Closed } from './_closed.js';
import type { ChatDh } from './chat-dh.js';
import * as msg from './chat-messages.js';
import type { ChatProfile } from './chat-profile.js';

export interface KeySlot {
  readonly key: Uint8Array;
  readonly fingerprint: Uint8Array;
}

type Rekey =
  | { readonly state: 'idle' }
  | { readonly state: 'requesting'; readonly exchangeId: string; readonly secret: Uint8Array }
  | { readonly state: 'accepted'; readonly exchangeId: string; readonly slot: KeySlot };

/** What a re-key needs of its chat. */
export interface RekeyHost {
  /** The chat's (p, g) and R4.3 checks (R5.2: a re-key uses the same group). */
  readonly dh: ChatDh;
  readonly rng: Rng;
  readonly profile: ChatProfile;
  /** Whether the chat is ready (R5.1 starts a re-key only then). */
  isReady(): boolean;
  /** Unix seconds as the chat last saw them. */
  now(): number;
  /** Sends a service message under the current key. */
  sendAction(action: TlObject): void;
}

export class ChatRekey {
  private currentSlot: KeySlot | undefined;
  /** R5.9: the second slot — a pending key (before CommitKey) or the previous key (after a switch). */
  private otherSlot: (KeySlot & { kind: 'pending' | 'old' }) | undefined;
  private initial: Uint8Array | undefined;
  private rekeyState: Rekey = { state: 'idle' };
  /** R5.5: the exchange we switched to on a new-key message before its CommitKey arrived. */
  private adoptedExchangeId: string | undefined;
  /** R5.1 counters for the key in use: messages in + out, messages encrypted, and since when. */
  private messagesUnderKey = 0;
  private encryptedUnderKey = 0;
  private receivedUnderKey = 0;
  private keySince = 0;

  constructor(private readonly host: RekeyHost) {}

  /** The key messages are sent under, once the handshake made one. */
  get current(): KeySlot | undefined {
    return this.currentSlot;
  }

  /** R5.9: the second key slot, if any. */
  get other(): (KeySlot & { readonly kind: 'pending' | 'old' }) | undefined {
    return this.otherSlot;
  }

  /** The key of the handshake, kept across re-keys (R8.1). */
  get initialKey(): Uint8Array | undefined {
    return this.initial;
  }

  get state(): Rekey['state'] {
    return this.rekeyState.state;
  }

  get exchangeId(): string | null {
    const rk = this.rekeyState;
    return rk.state === 'idle' ? null : rk.exchangeId;
  }

  /** The handshake's key becomes current. */
  install(key: Uint8Array): void {
    this.currentSlot = { key, fingerprint: computeKeyFingerprint(key) };
    this.initial = key;
    this.keySince = this.host.now();
  }

  /** R5.1: one message encrypted under the current key. */
  countSent(): void {
    this.messagesUnderKey++;
    this.encryptedUnderKey++;
  }

  /** R5.1: one message received and processed in order. */
  countReceived(): void {
    this.messagesUnderKey++;
    this.receivedUnderKey++;
  }

  /** The chat closed: an unfinished exchange is forgotten. */
  reset(): void {
    this.rekeyState = { state: 'idle' };
  }

  /** R5.1: after more than 100 messages or a week under one key, provided it encrypted something. */
  maybeStart(): void {
    if (!this.host.isReady() || this.rekeyState.state !== 'idle' || this.otherSlot !== undefined) return;
    const { rekeyAfterSent, rekeyAfterReceived } = this.host.profile;
    if (rekeyAfterSent !== undefined && rekeyAfterReceived !== undefined) {
      // D6 (Android): separate counts for sent and received messages, and no "encrypted at least one" proviso.
      const byCount = this.encryptedUnderKey >= rekeyAfterSent || this.receivedUnderKey >= rekeyAfterReceived;
      if (byCount || this.host.now() - this.keySince > this.host.profile.rekeyAfterSeconds)
        this.start(undefined, undefined);
      return;
    }
    if (this.encryptedUnderKey === 0) return; // R5.1: "provided the key has been used to encrypt at least one message"
    const byCount = this.messagesUnderKey > this.host.profile.rekeyAfterMessages;
    const byTime = this.host.now() - this.keySince > this.host.profile.rekeyAfterSeconds;
    if (byCount || byTime) this.start(undefined, undefined);
  }

  start(secret: Uint8Array | undefined, exchangeId: string | undefined): void {
    const a = secret ?? this.host.rng(256);
    const gA = this.host.dh.ownPublic(a); // R5.2: same (p, g) as the chat
    const id = exchangeId ?? msg.randomLong(this.host.rng);
    this.rekeyState = { state: 'requesting', exchangeId: id, secret: a };
    this.host.sendAction(msg.requestKey(id, gA));
  }

  onRequestKey(exchangeId: string, gA: Uint8Array): void {
    if (this.rekeyState.state === 'requesting') {
      // R5.7: concurrent requests; the larger signed exchange_id wins, equal ones cancel both.
      const order = msg.compareLongs(this.rekeyState.exchangeId, exchangeId);
      if (order > 0) return;
      this.rekeyState = { state: 'idle' };
      if (order === 0) return;
    } else if (this.rekeyState.state === 'accepted') {
      throw new Closed('unexpected_request_key');
    }
    if (this.otherSlot !== undefined) throw new Closed('unexpected_request_key'); // R5.3 (TDLib: old key in use)
    if (!this.host.dh.publicOk(gA)) throw new Closed('bad_rekey_public'); // R5.3 → R4.3
    const b = this.host.rng(256);
    const gB = this.host.dh.ownPublic(b);
    const { key, fingerprint } = this.host.dh.key(gA, b);
    const slot = { key, fingerprint };
    this.rekeyState = { state: 'accepted', exchangeId, slot };
    this.otherSlot = { ...slot, kind: 'pending' };
    this.host.sendAction(msg.acceptKey(exchangeId, gB, fingerprint));
  }

  onAcceptKey(exchangeId: string, gB: Uint8Array, fingerprint: string): void {
    const pending = this.rekeyState;
    if (pending.state !== 'requesting') throw new Closed('unexpected_accept_key'); // R5.4
    if (msg.compareLongs(pending.exchangeId, exchangeId) !== 0) throw new Closed('rekey_exchange_mismatch');
    if (!this.host.dh.publicOk(gB)) throw new Closed('bad_rekey_public');
    const slot = this.host.dh.key(gB, pending.secret);
    if (msg.compareLongs(msg.fingerprintToLong(slot.fingerprint), fingerprint) !== 0) {
      throw new Closed('rekey_fingerprint_mismatch');
    }
    // R5.4: CommitKey still goes under the old key; everything after it under the new one.
    this.host.sendAction(msg.commitKey(exchangeId, slot.fingerprint));
    this.switchKey(slot);
  }

  onCommitKey(exchangeId: string, fingerprint: string): void {
    const pending = this.rekeyState;
    // R5.5: we already switched on a message under the new key; the CommitKey that follows it
    // (a peer may send it under either key) confirms the same exchange and changes nothing.
    const adopted = this.adoptedExchangeId;
    this.adoptedExchangeId = undefined;
    if (
      pending.state === 'idle' &&
      adopted !== undefined &&
      msg.compareLongs(adopted, exchangeId) === 0 &&
      msg.compareLongs(msg.fingerprintToLong(this.currentSlot!.fingerprint), fingerprint) === 0
    ) {
      return;
    }
    if (pending.state !== 'accepted') throw new Closed('unexpected_commit_key'); // R5.5
    if (msg.compareLongs(pending.exchangeId, exchangeId) !== 0) throw new Closed('rekey_exchange_mismatch');
    if (msg.compareLongs(msg.fingerprintToLong(pending.slot.fingerprint), fingerprint) !== 0) {
      throw new Closed('rekey_fingerprint_mismatch');
    }
    this.switchKey(pending.slot);
    // R5.8: B may drop the previous key after CommitKey if there are no gaps. CommitKey is processed
    // in order, so every message the peer sent under the old key has arrived; anything queued behind
    // a gap was sent after it, under the new key.
    this.otherSlot = undefined;
    if (this.host.profile.noopAfterCommit) this.host.sendAction(msg.noop()); // R5.8: lets the peer retire the old key
  }

  onAbortKey(exchangeId: string): void {
    const pending = this.rekeyState;
    if (pending.state === 'idle' || msg.compareLongs(pending.exchangeId, exchangeId) !== 0) return; // R5.6
    if (pending.state === 'accepted') throw new Closed('unexpected_abort_key'); // too late: we sent AcceptKey
    this.rekeyState = { state: 'idle' };
  }

  /** R5.5, R5.8, R5.9: switch on the first message under the pending key; retire the old key once no gaps remain. */
  retireOrAdoptKeys(fingerprint: string): void {
    if (this.otherSlot?.kind === 'pending' && bytesToJson(this.otherSlot.fingerprint) === fingerprint) {
      if (this.rekeyState.state === 'accepted') {
        this.adoptedExchangeId = this.rekeyState.exchangeId;
        this.switchKey(this.rekeyState.slot);
        this.otherSlot = undefined; // R5.8: processed in order, so nothing sent under the old key is missing
      }
      return;
    }
    // Processed in order, a message under the current key proves every earlier message (all those
    // sent under the old key) has arrived; later ones waiting in the queue were sent under this key.
    if (this.otherSlot?.kind === 'old' && bytesToJson(this.currentSlot!.fingerprint) === fingerprint) {
      this.otherSlot = undefined;
    }
  }

  /** R5.4/R5.5: the new key becomes current; the old one stays in the second slot for gaps (R5.8). */
  private switchKey(slot: KeySlot): void {
    this.otherSlot = { ...this.currentSlot!, kind: 'old' };
    this.currentSlot = slot;
    this.rekeyState = { state: 'idle' };
    this.messagesUnderKey = 0;
    this.encryptedUnderKey = 0;
    this.receivedUnderKey = 0;
    this.keySince = this.host.now();
  }
}
