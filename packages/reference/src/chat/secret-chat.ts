// One side of a secret chat as a deterministic state machine: the handshake (R4.6), sending with
// sequence numbers (R6.1, R6.2), receiving with the checks of R3.7 and §6, re-keying (§5) and layer
// negotiation (§7.2). Randomness is an Rng; time is the `now` argument (unix seconds), never a clock.
import { assertBytes, assertInteger, assertOneOf } from '../_assert.js';
import { checkDhParams } from '../dh-params.js';
import { checkDhPublic } from '../dh-public.js';
import { computeDhKey, computeDhPublic } from '../dh.js';
import { decryptEnvelope } from '../envelope-decrypt.js';
import { encryptEnvelope } from '../envelope-encrypt.js';
import { computeKeyFingerprint } from '../key-fingerprint.js';
import { computeKeyHash } from '../key-visual.js';
import { peerOf, ROLES, type Role } from '../role.js';
import type { Rng } from '../rng.js';
import { decodeTl, encodeTl, type TlObject } from '../tl/index.js';
import { bytesFromJson, bytesToJson } from '../tl/tl-json.js';
import * as msg from './chat-messages.js';
import { STRICT_CHAT_PROFILE, type ChatProfile } from './chat-profile.js';
import type {
  ChatCheckpoint,
  ChatCloseReason,
  ChatState,
  ReceiveResult,
  ReceiveStatus,
  SendResult,
} from './chat-types.js';
import { hasSenderParity, wireIn, wireOut } from './seq-no.js';

/** R7.5: the newest secret-chat layer. */
export const CURRENT_LAYER = 144;
/** R7.1: what we assume of the peer until it tells us. */
export const INITIAL_PEER_LAYER = 46;
/** R3.5: fewer random bytes than this and the message must be ignored. */
export const MIN_RANDOM_BYTES = 15;

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

interface KeySlot {
  readonly key: Uint8Array;
  readonly fingerprint: Uint8Array;
}

type Rekey =
  | { readonly state: 'idle' }
  | { readonly state: 'requesting'; readonly exchangeId: string; readonly secret: Uint8Array }
  | { readonly state: 'accepted'; readonly exchangeId: string; readonly slot: KeySlot };

/** A message that passed the envelope and TL checks, waiting to be processed in order. */
interface Inbound {
  readonly layer: TlObject;
  readonly rawIn: number;
  readonly rawOut: number;
  /** Which key slot decrypted it, by fingerprint hex (slots may change before it is processed). */
  readonly fingerprint: string;
  /** R6.7: a Resend is executed on receipt, exactly once. */
  resendDone: boolean;
}

class Closed extends Error {
  constructor(readonly reason: ChatCloseReason) {
    super(reason);
  }
}

export class SecretChat {
  readonly role: Role;
  readonly peer: Role;
  readonly layer: number;
  readonly profile: ChatProfile;
  private readonly p: Uint8Array;
  private readonly g: number;
  private readonly rng: Rng;

  private state: ChatState;
  private closeReason: ChatCloseReason | null = null;
  private now: number;
  private handshakeSecret: Uint8Array | undefined;
  private current: KeySlot | undefined;
  /** R5.9: the second slot — a pending key (before CommitKey) or the previous key (after a switch). */
  private other: (KeySlot & { kind: 'pending' | 'old' }) | undefined;
  private initialKey: Uint8Array | undefined;
  private rekeyState: Rekey = { state: 'idle' };
  /** R5.5: the exchange we switched to on a new-key message before its CommitKey arrived. */
  private adoptedExchangeId: string | undefined;
  /** R5.1 counters for the key in use: messages in + out, messages encrypted, and since when. */
  private messagesUnderKey = 0;
  private encryptedUnderKey = 0;
  private receivedUnderKey = 0;
  private keySince = 0;

  // R6.1 raw counters.
  private outRaw = 0;
  private inRaw = 0;
  private hisInRaw = 0;
  private peerLayer = INITIAL_PEER_LAYER;
  private highestPeerLayerField = 0;
  /** R6.7: every message sent, by raw out_seq_no, so a Resend can be served with the original bytes. */
  private readonly sent = new Map<number, Uint8Array>();
  /** R6.4: messages that arrived ahead of a gap, by raw out_seq_no. */
  private readonly queue = new Map<number, Inbound>();
  /** R6.6: the highest raw out_seq_no of the peer we already asked to be re-sent. */
  private resendEnd = -1;
  private outbox: Uint8Array[] = [];

  constructor(options: ChatOptions) {
    assertOneOf('role', options.role, ROLES);
    assertBytes('p', options.p);
    assertInteger('g', options.g, -0x80000000, 0x7fffffff);
    if (typeof options.rng !== 'function') throw new TypeError('"rng" expected a function');
    this.role = options.role;
    this.peer = peerOf(options.role);
    this.p = options.p.slice();
    this.g = options.g;
    this.rng = options.rng;
    this.layer = options.layer ?? CURRENT_LAYER;
    assertInteger('layer', this.layer, INITIAL_PEER_LAYER, 0x7fffffff);
    this.profile = options.profile ?? STRICT_CHAT_PROFILE;
    this.now = options.now ?? 0;
    assertInteger('now', this.now, 0, Number.MAX_SAFE_INTEGER);
    // R4.9: the participant learns of the chat through encryptedChatRequested.
    this.state = this.role === 'creator' ? 'empty' : 'requested';
  }

  // ---- Handshake (R4.2–R4.7) ------------------------------------------------------------------

  /** Creator: checks (p, g) and returns g_a for messages.requestEncryption (R4.6 step 1). */
  request(
    options: { secret?: Uint8Array } = {},
  ): { ok: true; gA: Uint8Array } | { ok: false; reason: string } {
    this.expectState('empty', 'request');
    return this.guard(() => {
      this.checkParams();
      const secret = options.secret ?? this.rng(256);
      const gA = this.ownPublic(secret);
      this.handshakeSecret = secret;
      this.state = 'waiting';
      return { ok: true as const, gA };
    });
  }

  /** Participant: checks (p, g) and g_a, computes the key and returns g_b and the fingerprint (R4.6 step 3). */
  accept(options: {
    gA: Uint8Array;
    secret?: Uint8Array;
    now?: number;
  }):
    | { ok: true; gB: Uint8Array; fingerprint: Uint8Array; outbox: Uint8Array[] }
    | { ok: false; reason: string } {
    this.expectState('requested', 'accept');
    assertBytes('gA', options.gA);
    this.advanceClock(options.now);
    return this.guard(() => {
      this.checkParams();
      if (!this.publicOk(options.gA)) throw new Closed('bad_g_a'); // R4.3
      const secret = options.secret ?? this.rng(256);
      const gB = this.ownPublic(secret);
      const { key, fingerprint } = computeDhKey(this.p, options.gA, secret);
      this.becomeReady(key);
      return { ok: true as const, gB, fingerprint, outbox: this.takeOutbox() };
    });
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
        if (!sameBytes(this.current!.fingerprint, options.fingerprint))
          throw new Closed('fingerprint_mismatch');
        return { ok: true as const, outbox: this.takeOutbox() };
      });
    }
    this.expectState('waiting', 'confirm');
    const gB = options.gB;
    assertBytes('gB', gB);
    return this.guard(() => {
      if (!this.publicOk(gB)) throw new Closed('bad_g_b'); // R4.3
      const { key, fingerprint } = computeDhKey(this.p, gB, this.handshakeSecret!);
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
    this.guard(() => this.maybeStartRekey());
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
      const status = this.receiveReady(data, delivered);
      // Only a message that was processed moves the counters; a duplicate or a dropped message
      // changes nothing, not even by starting a re-key.
      if (status.status === 'delivered') this.maybeStartRekey();
      return this.result(status.status, delivered, status.reason);
    } catch (error) {
      if (!(error instanceof Closed)) throw error;
      this.closeWith(error.reason);
      return this.result('closed', delivered, error.reason);
    }
  }

  private receiveReady(data: Uint8Array, delivered: TlObject[]): { status: ReceiveStatus; reason?: string } {
    const keys = [this.current!.key, ...(this.other ? [this.other.key] : [])];
    // R3.7 steps 1–5.
    const envelope = decryptEnvelope(keys, this.peer, data, this.profile.envelope);
    if (!envelope.ok) {
      // Step 2: an unknown fingerprint is never fatal (TDLib code 1; Android drops it too).
      if (envelope.reason === 'unknown_fingerprint') return { status: 'dropped', reason: envelope.reason };
      return this.badMessage(envelope.reason);
    }
    const fingerprint = bytesToJson((envelope.keyIndex === 0 ? this.current! : this.other!).fingerprint);
    // Step 6: the body must be exactly one decryptedMessageLayer (D5: nothing after it).
    const decoded = decodeTl(envelope.message, { type: 'DecryptedMessageLayer' });
    if (!decoded.ok) return this.badMessage(`tl_${decoded.error.code}`);
    const layer = decoded.object;
    // Step 7 / R3.5 (D1): at least 15 random bytes.
    if (this.profile.checkRandomBytes && (layer.random_bytes as string).length / 2 < MIN_RANDOM_BYTES) {
      return this.badMessage('few_random_bytes');
    }
    // Step 8: sequence numbers, in TDLib's order (check_seq_no): parity, old, gap, then in_seq_no.
    const inSeq = layer.in_seq_no as number;
    const outSeq = layer.out_seq_no as number;
    if (!hasSenderParity(this.peer, inSeq, outSeq)) throw new Closed('bad_seq_no'); // R6.3
    const rawOut = outSeq >> 1;
    const rawIn = inSeq >> 1;
    if (rawOut < this.inRaw || this.queue.has(rawOut)) return { status: 'duplicate' }; // R6.4, no state change
    const inbound: Inbound = { layer, rawIn, rawOut, fingerprint, resendDone: false };
    if (rawOut > this.inRaw) {
      this.enqueue(inbound);
      return { status: 'queued' };
    }
    this.processInOrder(inbound, delivered);
    // R6.6: the hole is filled; release what waited behind it, in order.
    for (let next = this.queue.get(this.inRaw); next; next = this.queue.get(this.inRaw)) {
      this.queue.delete(this.inRaw);
      this.processInOrder(next, delivered);
    }
    return { status: 'delivered' };
  }

  /** R6.4 gap: queue the message, serve a Resend in it now (R6.7), and ask for the hole once (R6.6). */
  private enqueue(inbound: Inbound): void {
    if (this.queue.size >= this.profile.maxQueued) throw new Closed('gap_queue_full'); // R6.8, D7
    this.queue.set(inbound.rawOut, inbound);
    const action = serviceAction(inbound.layer);
    if (action?._ === 'decryptedMessageActionResend') {
      this.serveResend(action);
      inbound.resendDone = true;
    }
    let start = Math.max(this.inRaw, this.resendEnd + 1);
    while (this.queue.has(start)) start++;
    const end = inbound.rawOut - 1;
    if (start <= end) {
      this.sendAction(msg.resend(wireOut(this.peer, start), wireOut(this.peer, end)));
      this.resendEnd = end;
    }
  }

  private processInOrder(inbound: Inbound, delivered: TlObject[]): void {
    // R6.5: in_seq_no never decreases and never exceeds what we have sent.
    if (inbound.rawIn < this.hisInRaw) throw new Closed('in_seq_no_decreased');
    if (inbound.rawIn > this.outRaw) throw new Closed('in_seq_no_too_big');
    const layerField = inbound.layer.layer as number;
    if (this.profile.closeOnLayerDecrease && layerField < this.highestPeerLayerField) {
      throw new Closed('layer_decreased');
    }
    this.inRaw++;
    this.hisInRaw = inbound.rawIn;
    this.messagesUnderKey++;
    this.receivedUnderKey++;
    this.highestPeerLayerField = Math.max(this.highestPeerLayerField, layerField);
    if (layerField >= INITIAL_PEER_LAYER) this.peerLayer = Math.max(this.peerLayer, layerField); // R7.1
    this.retireOrAdoptKeys(inbound.fingerprint);
    const message = inbound.layer.message as TlObject;
    const action = serviceAction(inbound.layer);
    if (action === undefined) {
      delivered.push(message);
      return;
    }
    switch (action._) {
      case 'decryptedMessageActionNotifyLayer': // R7.1
        this.peerLayer = Math.max(this.peerLayer, action.layer as number);
        return;
      case 'decryptedMessageActionResend': // R6.7, exactly once
        if (!inbound.resendDone) this.serveResend(action);
        return;
      case 'decryptedMessageActionRequestKey':
        return this.onRequestKey(action.exchange_id as string, bytesFromJson('g_a', action.g_a));
      case 'decryptedMessageActionAcceptKey':
        return this.onAcceptKey(
          action.exchange_id as string,
          bytesFromJson('g_b', action.g_b),
          action.key_fingerprint as string,
        );
      case 'decryptedMessageActionCommitKey':
        return this.onCommitKey(action.exchange_id as string, action.key_fingerprint as string);
      case 'decryptedMessageActionAbortKey':
        return this.onAbortKey(action.exchange_id as string);
      case 'decryptedMessageActionNoop':
        return;
      default:
        delivered.push(message); // ReadMessages, DeleteMessages, SetTTL, Typing, …: for the user
    }
  }

  /** R5.5, R5.8, R5.9: switch on the first message under the pending key; retire the old key once no gaps remain. */
  private retireOrAdoptKeys(fingerprint: string): void {
    if (this.other?.kind === 'pending' && bytesToJson(this.other.fingerprint) === fingerprint) {
      if (this.rekeyState.state === 'accepted') {
        this.adoptedExchangeId = this.rekeyState.exchangeId;
        this.switchKey(this.rekeyState.slot);
        this.other = undefined; // R5.8: processed in order, so nothing sent under the old key is missing
      }
      return;
    }
    // Processed in order, a message under the current key proves every earlier message (all those
    // sent under the old key) has arrived; later ones waiting in the queue were sent under this key.
    if (this.other?.kind === 'old' && bytesToJson(this.current!.fingerprint) === fingerprint) {
      this.other = undefined;
    }
  }

  /** R6.7: re-send our stored messages with raw out_seq_no in [start/2, end/2], or close. */
  private serveResend(action: TlObject): void {
    const start = action.start_seq_no as number;
    const end = action.end_seq_no as number;
    if (start < 0 || end < 0) throw new Closed('cannot_resend');
    const first = start >> 1;
    const last = end >> 1;
    if (last < first) return;
    if (last - first + 1 > this.profile.maxResend) throw new Closed('resend_too_large');
    if (last >= this.outRaw) throw new Closed('cannot_resend');
    for (let raw = first; raw <= last; raw++) this.outbox.push(this.sent.get(raw)!);
  }

  // ---- Re-keying (§5) --------------------------------------------------------------------------

  /** Starts a re-key (R5.2) now, whatever the counters say. */
  rekey(
    options: { secret?: Uint8Array; exchangeId?: string; now?: number } = {},
  ):
    | { ok: true; outbox: Uint8Array[] }
    | { ok: false; reason: 'not_ready' | 'closed' | 'rekey_in_progress' | ChatCloseReason } {
    if (options.secret !== undefined) assertBytes('secret', options.secret, 256);
    if (options.exchangeId !== undefined) assertLong('exchangeId', options.exchangeId);
    if (this.state === 'closed') return { ok: false, reason: 'closed' };
    if (this.state !== 'ready') return { ok: false, reason: 'not_ready' };
    this.advanceClock(options.now);
    // R5.1: never while an exchange is unfinished, nor while the previous key is still held.
    if (this.rekeyState.state !== 'idle' || this.other !== undefined)
      return { ok: false, reason: 'rekey_in_progress' };
    const started = this.guard(() => this.startRekey(options.secret, options.exchangeId));
    if (typeof started === 'object' && started !== null && 'ok' in started) {
      return { ok: false, reason: started.reason as ChatCloseReason };
    }
    return { ok: true, outbox: this.takeOutbox() };
  }

  /** R5.1: after more than 100 messages or a week under one key, provided it encrypted something. */
  private maybeStartRekey(): void {
    if (this.state !== 'ready' || this.rekeyState.state !== 'idle' || this.other !== undefined) return;
    const { rekeyAfterSent, rekeyAfterReceived } = this.profile;
    if (rekeyAfterSent !== undefined && rekeyAfterReceived !== undefined) {
      // D6 (Android): separate counts for sent and received messages, and no "encrypted at least one" proviso.
      const byCount = this.encryptedUnderKey >= rekeyAfterSent || this.receivedUnderKey >= rekeyAfterReceived;
      if (byCount || this.now - this.keySince > this.profile.rekeyAfterSeconds) this.startRekey(undefined, undefined);
      return;
    }
    if (this.encryptedUnderKey === 0) return; // R5.1: "provided the key has been used to encrypt at least one message"
    const byCount = this.messagesUnderKey > this.profile.rekeyAfterMessages;
    const byTime = this.now - this.keySince > this.profile.rekeyAfterSeconds;
    if (byCount || byTime) this.startRekey(undefined, undefined);
  }

  private startRekey(secret: Uint8Array | undefined, exchangeId: string | undefined): void {
    const a = secret ?? this.rng(256);
    const gA = this.ownPublic(a); // R5.2: same (p, g) as the chat
    const id = exchangeId ?? msg.randomLong(this.rng);
    this.rekeyState = { state: 'requesting', exchangeId: id, secret: a };
    this.sendAction(msg.requestKey(id, gA));
  }

  private onRequestKey(exchangeId: string, gA: Uint8Array): void {
    if (this.rekeyState.state === 'requesting') {
      // R5.7: concurrent requests; the larger signed exchange_id wins, equal ones cancel both.
      const order = msg.compareLongs(this.rekeyState.exchangeId, exchangeId);
      if (order > 0) return;
      this.rekeyState = { state: 'idle' };
      if (order === 0) return;
    } else if (this.rekeyState.state === 'accepted') {
      throw new Closed('unexpected_request_key');
    }
    if (this.other !== undefined) throw new Closed('unexpected_request_key'); // R5.3 (TDLib: old key in use)
    if (!this.publicOk(gA)) throw new Closed('bad_rekey_public'); // R5.3 → R4.3
    const b = this.rng(256);
    const gB = this.ownPublic(b);
    const { key, fingerprint } = computeDhKey(this.p, gA, b);
    const slot = { key, fingerprint };
    this.rekeyState = { state: 'accepted', exchangeId, slot };
    this.other = { ...slot, kind: 'pending' };
    this.sendAction(msg.acceptKey(exchangeId, gB, fingerprint));
  }

  private onAcceptKey(exchangeId: string, gB: Uint8Array, fingerprint: string): void {
    const pending = this.rekeyState;
    if (pending.state !== 'requesting') throw new Closed('unexpected_accept_key'); // R5.4
    if (msg.compareLongs(pending.exchangeId, exchangeId) !== 0) throw new Closed('rekey_exchange_mismatch');
    if (!this.publicOk(gB)) throw new Closed('bad_rekey_public');
    const slot = computeDhKey(this.p, gB, pending.secret);
    if (msg.compareLongs(msg.fingerprintToLong(slot.fingerprint), fingerprint) !== 0) {
      throw new Closed('rekey_fingerprint_mismatch');
    }
    // R5.4: CommitKey still goes under the old key; everything after it under the new one.
    this.sendAction(msg.commitKey(exchangeId, slot.fingerprint));
    this.switchKey(slot);
  }

  private onCommitKey(exchangeId: string, fingerprint: string): void {
    const pending = this.rekeyState;
    // R5.5: we already switched on a message under the new key; the CommitKey that follows it
    // (a peer may send it under either key) confirms the same exchange and changes nothing.
    const adopted = this.adoptedExchangeId;
    this.adoptedExchangeId = undefined;
    if (
      pending.state === 'idle' &&
      adopted !== undefined &&
      msg.compareLongs(adopted, exchangeId) === 0 &&
      msg.compareLongs(msg.fingerprintToLong(this.current!.fingerprint), fingerprint) === 0
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
    this.other = undefined;
    if (this.profile.noopAfterCommit) this.sendAction(msg.noop()); // R5.8: lets the peer retire the old key
  }

  private onAbortKey(exchangeId: string): void {
    const pending = this.rekeyState;
    if (pending.state === 'idle' || msg.compareLongs(pending.exchangeId, exchangeId) !== 0) return; // R5.6
    if (pending.state === 'accepted') throw new Closed('unexpected_abort_key'); // too late: we sent AcceptKey
    this.rekeyState = { state: 'idle' };
  }

  /** R5.4/R5.5: the new key becomes current; the old one stays in the second slot for gaps (R5.8). */
  private switchKey(slot: KeySlot): void {
    this.other = { ...this.current!, kind: 'old' };
    this.current = slot;
    this.rekeyState = { state: 'idle' };
    this.messagesUnderKey = 0;
    this.encryptedUnderKey = 0;
    this.receivedUnderKey = 0;
    this.keySince = this.now;
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
    const rk = this.rekeyState;
    return {
      role: this.role,
      state: this.state,
      close_reason: this.closeReason,
      fingerprint: this.current ? bytesToJson(this.current.fingerprint) : null,
      other_key: this.other
        ? { fingerprint: bytesToJson(this.other.fingerprint), kind: this.other.kind }
        : null,
      in_seq_no: this.inRaw,
      out_seq_no: this.outRaw,
      his_in_seq_no: this.hisInRaw,
      queued: [...this.queue.keys()].sort((a, b) => a - b),
      layer: this.layer,
      peer_layer: this.peerLayer,
      rekey: { state: rk.state, exchange_id: rk.state === 'idle' ? null : rk.exchangeId },
      key_hash: this.initialKey ? bytesToJson(computeKeyHash(this.initialKey)) : null,
    };
  }

  private becomeReady(key: Uint8Array): void {
    this.current = { key, fingerprint: computeKeyFingerprint(key) };
    this.initialKey = key;
    this.keySince = this.now;
    this.state = 'ready';
    this.sendAction(msg.notifyLayer(this.layer)); // R7.2 (a)
  }

  /** R7.3: TDLib writes max(73, min(ours, peer)); Android min(max(46, ours), max(46, peer)). */
  private layerToWrite(): number {
    if (this.profile.layerFormula === 'android') {
      return Math.min(Math.max(INITIAL_PEER_LAYER, this.layer), Math.max(INITIAL_PEER_LAYER, this.peerLayer));
    }
    return Math.max(73, Math.min(this.layer, this.peerLayer));
  }

  private sendMessage(message: TlObject, randomBytes?: Uint8Array, padding?: Uint8Array): Uint8Array {
    const random = randomBytes ?? this.rng(this.profile.randomBytesLength); // R3.5
    const tl = encodeTl({
      _: 'decryptedMessageLayer',
      random_bytes: bytesToJson(random),
      layer: this.layerToWrite(),
      in_seq_no: wireIn(this.role, this.inRaw), // R6.2
      out_seq_no: wireOut(this.role, this.outRaw),
      message,
    });
    const data = encryptEnvelope(this.current!.key, this.role, tl, padding ? { padding } : { rng: this.rng });
    this.sent.set(this.outRaw, data);
    this.outRaw++; // R6.1: every message, service or not
    this.messagesUnderKey++;
    this.encryptedUnderKey++;
    return data;
  }

  private sendAction(action: TlObject): void {
    this.outbox.push(this.sendMessage(msg.serviceMessage(this.rng, action)));
  }

  private badMessage(reason: string): { status: ReceiveStatus; reason: string } {
    if (this.profile.onBadMessage === 'close') throw new Closed(`bad_message:${reason}`); // D2 (TDLib)
    return { status: 'dropped', reason };
  }

  private checkParams(): void {
    if (!checkDhParams(this.p, this.g).ok) throw new Closed('bad_params'); // R4.2
  }

  /** R4.3 in the profile's range (D12). */
  private publicOk(value: Uint8Array): boolean {
    return checkDhPublic(this.p, value, { range: this.profile.publicRange }).ok;
  }

  /** g^secret mod p, which TDLib's dh_check also holds to R4.3. */
  private ownPublic(secret: Uint8Array): Uint8Array {
    assertBytes('secret', secret, 256);
    const value = computeDhPublic(this.p, this.g, secret);
    if (!this.publicOk(value)) throw new Closed('bad_own_public');
    return value;
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
    this.queue.clear();
    this.rekeyState = { state: 'idle' };
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
    return reason === undefined
      ? { status, delivered, outbox: this.takeOutbox() }
      : { status, delivered, outbox: this.takeOutbox(), reason };
  }
}

/** The action of a service message inside a decryptedMessageLayer, if it is one. */
function serviceAction(layer: TlObject): TlObject | undefined {
  const message = layer.message as TlObject;
  if (message._ === 'decryptedMessageService' || message._ === 'decryptedMessageService8') {
    return message.action as TlObject;
  }
  return undefined;
}

/** Throws unless `value` is a canonical decimal TL long (signed 64-bit). */
function assertLong(name: string, value: unknown): asserts value is string {
  if (
    typeof value !== 'string' ||
    !/^-?(0|[1-9][0-9]*)$/.test(value) ||
    BigInt.asIntN(64, BigInt(value)) !== BigInt(value)
  ) {
    throw new TypeError(
      `"${name}" expected decimal string of a signed 64-bit integer, got ${JSON.stringify(value)}`,
    );
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
