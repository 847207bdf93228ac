// One side of a secret chat as a deterministic state machine: the handshake (R4.6), sending with
// sequence numbers (R6.1, R6.2), receiving with the checks of R3.7 and §6, re-keying (§5) and layer
// negotiation (§7.2). Randomness is an Rng; time is the `now` argument (unix seconds), never a clock.
// The parts live beside it: chat-dh (§4 DH), chat-receiver (R3.7, §6), chat-gaps (R6.4–R6.7), chat-rekey (§5).
import { assertBytes, assertInteger, assertOneOf } from '../_assert.js';
import { decryptEnvelope } from '../envelope-decrypt.js';
import { encryptEnvelope } from '../envelope-encrypt.js';
import { computeKeyHash } from '../key-visual.js';
import { peerOf, ROLES, type Role } from '../role.js';
import type { Rng } from '../rng.js';
import { decodeTl, encodeTl, type TlObject } from '../tl/index.js';
import { bytesToJson } from '../tl/tl-json.js';
import { Closed } from './_closed.js';
import { CURRENT_LAYER, INITIAL_PEER_LAYER } from './chat-constants.js';
import { ChatDh } from './chat-dh.js';
import { ChatGaps } from './chat-gaps.js';
import * as msg from './chat-messages.js';
import { layerToWrite, STRICT_CHAT_PROFILE, type ChatProfile } from './chat-profile.js';
import type {
  ChatCheckpoint,
  ChatCloseReason,
  ChatState,
  ReceiveResult,
  ReceiveStatus,
  SendResult,
} from './chat-types.js';
import { ChatReceiver } from './chat-receiver.js';
import { ChatRekey } from './chat-rekey.js';
import { wireIn, wireOut } from './seq-no.js';

export { CURRENT_LAYER, INITIAL_PEER_LAYER, MIN_RANDOM_BYTES } from './chat-constants.js';

export interface ChatOptions {
  readonly role: Role;
  /** The DH prime (256 bytes) and generator from messages.getDhConfig (R4.1); checked by R4.2. */
  readonly p: Uint8Array;
  readonly g: number;
  readonly rng: Rng;
  /** Our highest supported layer (R7.5); default 144. */
  readonly layer?: number;
  readonly profile?: ChatProfile;
  /** Unix seconds at creation; later calls may move it forward. Default 0. */
  readonly now?: number;
}

export class SecretChat {
  readonly role: Role;
  readonly peer: Role;
  readonly layer: number;
  readonly profile: ChatProfile;
  /** §4, R5.2: the group (p, g) and the checks of R4.2, R4.3. */
  private readonly dh: ChatDh;
  private readonly rng: Rng;

  private state: ChatState;
  private closeReason: ChatCloseReason | null = null;
  private now: number;
  private handshakeSecret: Uint8Array | undefined;
  /** §5: the key slots, the R5.1 counters and the re-key exchange. */
  private readonly rekeying: ChatRekey;

  // R6.1 raw counter of messages sent.
  private outRaw = 0;
  /** R3.7, §6, R7.1: checks and processes what arrives; keeps the in counters and the peer's layer. */
  private readonly receiver: ChatReceiver;
  /** R6.4, R6.6, R6.7: the gap queue and the messages kept for Resend. */
  private readonly gaps: ChatGaps;
  private outbox: Uint8Array[] = [];

  constructor(options: ChatOptions) {
    assertOneOf('role', options.role, ROLES);
    assertBytes('p', options.p);
    assertInteger('g', options.g, -0x80000000, 0x7fffffff);
    if (typeof options.rng !== 'function') throw new TypeError('"rng" expected a function');
    this.role = options.role;
    this.peer = peerOf(options.role);
    this.rng = options.rng;
    this.layer = options.layer ?? CURRENT_LAYER;
    assertInteger('layer', this.layer, INITIAL_PEER_LAYER, 0x7fffffff);
    this.profile = options.profile ?? STRICT_CHAT_PROFILE;
    this.now = options.now ?? 0;
    assertInteger('now', this.now, 0, Number.MAX_SAFE_INTEGER);
    // R4.9: the participant learns of the chat through encryptedChatRequested.
    this.state = this.role === 'creator' ? 'empty' : 'requested';
    this.dh = new ChatDh(options.p.slice(), options.g, this.profile);
    this.rekeying = new ChatRekey({
      dh: this.dh,
      rng: this.rng,
      profile: this.profile,
      isReady: () => this.state === 'ready',
      now: () => this.now,
      sendAction: (action) => this.sendAction(action),
    });
    this.gaps = new ChatGaps({
      peer: this.peer,
      profile: this.profile,
      inRaw: () => this.receiver.inRaw,
      outRaw: () => this.outRaw,
      sendAction: (action) => this.sendAction(action),
      resendBytes: (data) => this.outbox.push(data),
    });
    this.receiver = new ChatReceiver({
      peer: this.peer,
      profile: this.profile,
      rekeying: this.rekeying,
      gaps: this.gaps,
      outRaw: () => this.outRaw,
      ownLayer: this.layer,
    });
  }

  // ---- Handshake (R4.2–R4.7) ------------------------------------------------------------------

  /** Creator: checks (p, g) and returns g_a for messages.requestEncryption (R4.6 step 1). */
  request(
    options: { secret?: Uint8Array; serverRandom?: Uint8Array } = {},
  ): { ok: true; gA: Uint8Array } | { ok: false; reason: string } {
    this.expectState('empty', 'request');
    if (options.serverRandom !== undefined) assertBytes('serverRandom', options.serverRandom);
    return this.guard(() => {
      this.dh.checkParams();
      const secret = options.secret ?? this.drawSecret(options.serverRandom);
      const gA = this.dh.ownPublic(secret);
      this.handshakeSecret = secret;
      this.state = 'waiting';
      return { ok: true as const, gA };
    });
  }

  /** Participant: checks (p, g) and g_a, computes the key and returns g_b and the fingerprint (R4.6 step 3). */
  accept(options: {
    gA: Uint8Array;
    secret?: Uint8Array;
    serverRandom?: Uint8Array;
    now?: number;
  }):
    | { ok: true; gB: Uint8Array; fingerprint: Uint8Array; outbox: Uint8Array[] }
    | { ok: false; reason: string } {
    this.expectState('requested', 'accept');
    assertBytes('gA', options.gA);
    if (options.serverRandom !== undefined) assertBytes('serverRandom', options.serverRandom);
    this.advanceClock(options.now);
    return this.guard(() => {
      this.dh.checkParams();
      if (!this.dh.publicOk(options.gA)) throw new Closed('bad_g_a'); // R4.3
      const secret = options.secret ?? this.drawSecret(options.serverRandom);
      const gB = this.dh.ownPublic(secret);
      const { key, fingerprint } = this.dh.key(options.gA, secret);
      this.becomeReady(key);
      return { ok: true as const, gB, fingerprint, outbox: this.takeOutbox() };
    });
  }

  /**
   * R4.4: the DH secret is the local draw combined with the server's random bytes from
   * messages.getDhConfig — never the server's bytes alone. XOR byte by byte, as Android does (TDLib
   * seeds its PRNG with them instead; both satisfy the rule). Server bytes shorter than 256 leave the
   * rest of the local draw as it is.
   */
  private drawSecret(serverRandom: Uint8Array | undefined): Uint8Array {
    const secret = this.rng(256);
    if (serverRandom !== undefined) {
      for (let i = 0; i < Math.min(256, serverRandom.length); i++) secret[i]! ^= serverRandom[i]!;
    }
    return secret;
  }

  /**
   * Creator: on encryptedChat, checks g_b, computes the key and compares its fingerprint with the
   * server's (R4.6 step 5). Participant: compares the fingerprint of the encryptedChat returned to it.
   */
  confirm(options: {
    gB?: Uint8Array;
    fingerprint: Uint8Array;
    now?: number;
  }): { ok: true; outbox: Uint8Array[] } | { ok: false; reason: string } {
    assertBytes('fingerprint', options.fingerprint, 8);
    this.advanceClock(options.now);
    if (this.role === 'participant') {
      this.expectState('ready', 'confirm');
      return this.guard(() => {
        if (!sameBytes(this.rekeying.current!.fingerprint, options.fingerprint))
          throw new Closed('fingerprint_mismatch');
        return { ok: true as const, outbox: this.takeOutbox() };
      });
    }
    this.expectState('waiting', 'confirm');
    const gB = options.gB;
    assertBytes('gB', gB);
    return this.guard(() => {
      if (!this.dh.publicOk(gB)) throw new Closed('bad_g_b'); // R4.3
      const { key, fingerprint } = this.dh.key(gB, this.handshakeSecret!);
      this.handshakeSecret = undefined;
      if (!sameBytes(fingerprint, options.fingerprint)) throw new Closed('fingerprint_mismatch'); // R4.6 step 5
      this.becomeReady(key);
      return { ok: true as const, outbox: this.takeOutbox() };
    });
  }

  // ---- Sending (R3.6, R6.1, R6.2) ----------------------------------------------------------------

  /** Sends a DecryptedMessage (or a DecryptedMessageService) to the peer. */
  send(
    message: TlObject,
    options: { randomBytes?: Uint8Array; padding?: Uint8Array; now?: number } = {},
  ): SendResult {
    if (this.state === 'closed') return { ok: false, reason: 'closed' };
    if (this.state !== 'ready') return { ok: false, reason: 'not_ready' };
    this.advanceClock(options.now);
    const data = this.sendMessage(message, options.randomBytes, options.padding);
    this.guard(() => this.rekeying.maybeStart());
    return { ok: true, data, outbox: this.takeOutbox() };
  }

  // ---- Receiving (R3.7, §5, §6) ---------------------------------------------------------------

  /** Receives one wire message from the peer. */
  receive(data: Uint8Array, options: { now?: number } = {}): ReceiveResult {
    assertBytes('data', data);
    this.advanceClock(options.now);
    if (this.state === 'closed') return this.result('closed', [], this.closeReason ?? undefined);
    if (this.state !== 'ready') return this.result('dropped', [], 'not_ready');
    const delivered: TlObject[] = [];
    try {
      const status = this.receiver.receive(data, delivered);
      // Only a message that was processed moves the counters; a duplicate or a dropped message
      // changes nothing, not even by starting a re-key.
      if (status.status === 'delivered') this.rekeying.maybeStart();
      return this.result(status.status, delivered, status.reason);
    } catch (error) {
      if (!(error instanceof Closed)) throw error;
      this.closeWith(error.reason);
      return this.result('closed', delivered, error.reason);
    }
  }

  // ---- Re-keying (§5) --------------------------------------------------------------------------

  /** Starts a re-key (R5.2) now, whatever the counters say. */
  rekey(
    options: { secret?: Uint8Array; exchangeId?: string; now?: number } = {},
  ):
    | { ok: true; outbox: Uint8Array[] }
    | { ok: false; reason: 'not_ready' | 'closed' | 'rekey_in_progress' | ChatCloseReason } {
    if (options.secret !== undefined) assertBytes('secret', options.secret, 256);
    if (options.exchangeId !== undefined) msg.assertLong('exchangeId', options.exchangeId);
    if (this.state === 'closed') return { ok: false, reason: 'closed' };
    if (this.state !== 'ready') return { ok: false, reason: 'not_ready' };
    this.advanceClock(options.now);
    // R5.1: never while an exchange is unfinished, nor while the previous key is still held.
    if (this.rekeying.state !== 'idle' || this.rekeying.other !== undefined)
      return { ok: false, reason: 'rekey_in_progress' };
    const started = this.guard(() => this.rekeying.start(options.secret, options.exchangeId));
    if (typeof started === 'object' && started !== null && 'ok' in started) {
      return { ok: false, reason: started.reason as ChatCloseReason };
    }
    return { ok: true, outbox: this.takeOutbox() };
  }

  // ---- Playing the peer in a transcript -----------------------------------------------------------
  // A conformance runner plays the other side with this class and must see, and sometimes bend, what
  // crosses the wire. Neither method changes the chat's state.

  /**
   * Decrypts a message of the peer with our key slots (R3.7 steps 1–6) and decodes its
   * decryptedMessageLayer, without processing it: no counter, queue or key changes.
   */
  inspect(
    data: Uint8Array,
  ): { ok: true; layer: TlObject; slot: 'current' | 'other' } | { ok: false; reason: string } {
    assertBytes('data', data);
    const { current, other } = this.rekeying;
    if (current === undefined) return { ok: false, reason: 'no_key' };
    const keys = [current.key, ...(other ? [other.key] : [])];
    const envelope = decryptEnvelope(keys, this.peer, data, this.profile.envelope);
    if (!envelope.ok) return { ok: false, reason: envelope.reason };
    const decoded = decodeTl(envelope.message, { type: 'DecryptedMessageLayer' });
    if (!decoded.ok) return { ok: false, reason: `tl_${decoded.error.code}` };
    return { ok: true, layer: decoded.object, slot: envelope.keyIndex === 0 ? 'current' : 'other' };
  }

  /**
   * Seals `message` in a decryptedMessageLayer whose fields default to what our next message would
   * carry, with any of them overridden — to send the peer what a broken sender would (a wrong seq_no
   * parity, a stale in_seq_no, too few random bytes). Counters and the Resend store are untouched.
   */
  forge(
    message: TlObject,
    overrides: {
      inSeqNo?: number;
      outSeqNo?: number;
      layer?: number;
      randomBytes?: Uint8Array;
      slot?: 'current' | 'other';
    } = {},
  ): Uint8Array {
    const { current, other } = this.rekeying;
    const slot = overrides.slot === 'other' ? other : current;
    if (slot === undefined) throw new RangeError(`"forge" expected a ${overrides.slot ?? 'current'} key`);
    const tl = encodeTl({
      _: 'decryptedMessageLayer',
      random_bytes: bytesToJson(overrides.randomBytes ?? this.rng(this.profile.randomBytesLength)),
      layer: overrides.layer ?? layerToWrite(this.profile, this.layer, this.receiver.peerLayer),
      in_seq_no: overrides.inSeqNo ?? wireIn(this.role, this.receiver.inRaw),
      out_seq_no: overrides.outSeqNo ?? wireOut(this.role, this.outRaw),
      message,
    });
    return encryptEnvelope(slot.key, this.role, tl, { rng: this.rng });
  }

  // ---- State and plumbing ------------------------------------------------------------------------

  /** Closes the chat (the user discards it, or the server reported encryptedChatDiscarded). */
  close(): void {
    this.closeWith('local');
  }

  get chatState(): ChatState {
    return this.state;
  }

  checkpoint(): ChatCheckpoint {
    const { current, other } = this.rekeying;
    return {
      role: this.role,
      state: this.state,
      close_reason: this.closeReason,
      fingerprint: current ? bytesToJson(current.fingerprint) : null,
      other_key: other ? { fingerprint: bytesToJson(other.fingerprint), kind: other.kind } : null,
      in_seq_no: this.receiver.inRaw,
      out_seq_no: this.outRaw,
      his_in_seq_no: this.receiver.hisInRaw,
      queued: this.gaps.queued(),
      layer: this.layer,
      peer_layer: this.receiver.peerLayer,
      rekey: { state: this.rekeying.state, exchange_id: this.rekeying.exchangeId },
      key_hash: this.rekeying.initialKey ? bytesToJson(computeKeyHash(this.rekeying.initialKey)) : null,
    };
  }

  private becomeReady(key: Uint8Array): void {
    this.rekeying.install(key);
    this.state = 'ready';
    this.sendAction(msg.notifyLayer(this.layer)); // R7.2 (a)
  }

  private sendMessage(message: TlObject, randomBytes?: Uint8Array, padding?: Uint8Array): Uint8Array {
    const random = randomBytes ?? this.rng(this.profile.randomBytesLength); // R3.5
    const tl = encodeTl({
      _: 'decryptedMessageLayer',
      random_bytes: bytesToJson(random),
      layer: layerToWrite(this.profile, this.layer, this.receiver.peerLayer),
      in_seq_no: wireIn(this.role, this.receiver.inRaw), // R6.2
      out_seq_no: wireOut(this.role, this.outRaw),
      message,
    });
    const data = encryptEnvelope(
      this.rekeying.current!.key,
      this.role,
      tl,
      padding ? { padding } : { rng: this.rng },
    );
    this.gaps.recordSent(this.outRaw, data);
    this.outRaw++; // R6.1: every message, service or not
    this.rekeying.countSent();
    return data;
  }

  private sendAction(action: TlObject): void {
    this.outbox.push(this.sendMessage(msg.serviceMessage(this.rng, action)));
  }

  private guard<T>(run: () => T): T | { ok: false; reason: string } {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof Closed)) throw error;
      this.closeWith(error.reason);
      return { ok: false, reason: error.reason };
    }
  }

  private closeWith(reason: ChatCloseReason): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason = reason;
    this.gaps.clear();
    this.rekeying.reset();
    this.handshakeSecret = undefined;
  }

  private expectState(expected: ChatState, operation: string): void {
    if (this.state !== expected) {
      throw new RangeError(`"${operation}" expected a chat in state ${expected}, got ${this.state}`);
    }
  }

  private advanceClock(now: number | undefined): void {
    if (now === undefined) return;
    assertInteger('now', now, 0, Number.MAX_SAFE_INTEGER);
    if (now > this.now) this.now = now;
  }

  private takeOutbox(): Uint8Array[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  private result(status: ReceiveStatus, delivered: TlObject[], reason?: string): ReceiveResult {
    const outdated = this.receiver.takeOutdated() ? { outdated: true as const } : {};
    return reason === undefined
      ? { status, delivered, outbox: this.takeOutbox(), ...outdated }
      : { status, delivered, outbox: this.takeOutbox(), reason, ...outdated };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
