// Test harness for the secret-chat session (docs/spec.md §4–§7). It drives real SecretChat objects
// through the real handshake with known secrets, so the test knows every key independently of the
// code under test, and it FORGES the peer's messages: any decryptedMessageLayer, sealed with the
// public envelope functions under a key the harness computed itself (computeDhKey).
import { expect } from 'vitest';
import {
  computeDhKey,
  computeDhPublic,
  computeKeyFingerprint,
  decodeTl,
  decryptEnvelope,
  encodeTl,
  encryptEnvelope,
  peerOf,
  SecretChat,
  STRICT_CHAT_PROFILE,
  type ChatProfile,
  type Role,
  type TlObject,
} from '../../src/index.js';
import { fromHex, toHex } from './hex.js';
import { loadKnownAnswers } from '@conform/known-answers';
import { seededRng } from './rng.js';

const sample = loadKnownAnswers('dh-official-sample.json');
/** The official DH sample's prime (spec §9.1); with g = 3 it passes R4.2 (p mod 3 = 2). */
export const P: Uint8Array = fromHex(sample.p);
export const G = 3;
export const P_BIG = BigInt(`0x${sample.p}`);
/** Seconds in a week (R5.1). */
export const WEEK = 7 * 24 * 3600;

/** A 2048-bit big-endian number as exactly 256 bytes. */
export function bigTo256(value: bigint): Uint8Array {
  return fromHex(value.toString(16).padStart(512, '0'));
}

/** A deterministic DH secret (R4.5): 256 bytes from a labelled seed. */
export function secretFor(label: string): Uint8Array {
  return seededRng(`secret:${label}`)(256);
}

// ---- TL-JSON builders --------------------------------------------------------------------------

let randomIdCounter = 1000;
/** decryptedMessage#91cc4674 (layer 73+) with a fresh random_id. */
export function text(message: string, randomId?: string): TlObject {
  return { _: 'decryptedMessage', random_id: randomId ?? String(randomIdCounter++), ttl: 0, message };
}

/** decryptedMessageService#73164160 carrying `action`. */
export function service(action: TlObject, randomId?: string): TlObject {
  return { _: 'decryptedMessageService', random_id: randomId ?? String(randomIdCounter++), action };
}

export const notifyLayerAction = (layer: number): TlObject => ({
  _: 'decryptedMessageActionNotifyLayer',
  layer,
});
export const resendAction = (start: number, end: number): TlObject => ({
  _: 'decryptedMessageActionResend',
  start_seq_no: start,
  end_seq_no: end,
});
export const requestKeyAction = (exchangeId: string, gA: Uint8Array): TlObject => ({
  _: 'decryptedMessageActionRequestKey',
  exchange_id: exchangeId,
  g_a: toHex(gA),
});
export const acceptKeyAction = (exchangeId: string, gB: Uint8Array, fingerprint: Uint8Array): TlObject => ({
  _: 'decryptedMessageActionAcceptKey',
  exchange_id: exchangeId,
  g_b: toHex(gB),
  key_fingerprint: fingerprintLong(fingerprint),
});
export const commitKeyAction = (exchangeId: string, fingerprint: Uint8Array): TlObject => ({
  _: 'decryptedMessageActionCommitKey',
  exchange_id: exchangeId,
  key_fingerprint: fingerprintLong(fingerprint),
});
export const abortKeyAction = (exchangeId: string): TlObject => ({
  _: 'decryptedMessageActionAbortKey',
  exchange_id: exchangeId,
});
export const noopAction = (): TlObject => ({ _: 'decryptedMessageActionNoop' });

/** The 8 wire bytes of a fingerprint as the signed TL long they encode (little-endian, R4.7). */
export function fingerprintLong(fingerprint: Uint8Array): string {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(fingerprint[i]!);
  return BigInt.asIntN(64, v).toString();
}

// ---- Sealing and opening -----------------------------------------------------------------------

export interface LayerFields {
  readonly random_bytes?: Uint8Array;
  readonly layer?: number;
  readonly in_seq_no: number;
  readonly out_seq_no: number;
  readonly message: TlObject;
}

/** decryptedMessageLayer#1be31789 in TL-JSON form (15 random bytes and layer 144 unless given). */
export function layerObject(fields: LayerFields): TlObject {
  return {
    _: 'decryptedMessageLayer',
    random_bytes: toHex(fields.random_bytes ?? new Uint8Array(15).fill(0x5a)),
    layer: fields.layer ?? 144,
    in_seq_no: fields.in_seq_no,
    out_seq_no: fields.out_seq_no,
    message: fields.message,
  };
}

const sealRng = seededRng('chat-harness padding');

/** Encrypts TL bytes (a whole number of 4-byte words) from `sender` under `key` (R3.6). */
export function sealTl(key: Uint8Array, sender: Role, tl: Uint8Array): Uint8Array {
  return encryptEnvelope(key, sender, tl, { rng: sealRng });
}

/** Forges a wire message from `sender`: any decryptedMessageLayer, sealed under `key`. */
export function forge(key: Uint8Array, sender: Role, fields: LayerFields): Uint8Array {
  return sealTl(key, sender, encodeTl(layerObject(fields)));
}

/** Decrypts and decodes a wire message from `sender` under one of `keys`; fails the test otherwise. */
export function open(keys: Uint8Array | readonly Uint8Array[], sender: Role, wire: Uint8Array): TlObject {
  const envelope = decryptEnvelope(keys, sender, wire);
  if (!envelope.ok) throw new Error(`harness: cannot open a message from ${sender}: ${envelope.reason}`);
  const decoded = decodeTl(envelope.message, { type: 'DecryptedMessageLayer' });
  if (!decoded.ok) throw new Error(`harness: bad TL from ${sender}: ${decoded.error.code}`);
  return decoded.object;
}

/** The action of a decryptedMessageService inside a layer object (fails the test if it is not one). */
export function actionOf(layer: TlObject): TlObject {
  const message = layer.message as TlObject;
  expect(message._).toBe('decryptedMessageService');
  return message.action as TlObject;
}

/** The fingerprint bytes on the wire (R3.1: the first 8 bytes). */
export function wireFingerprint(wire: Uint8Array): string {
  return toHex(wire.subarray(0, 8));
}

// ---- A peer played by the test -----------------------------------------------------------------

/**
 * One side of a chat played entirely by the test: it knows its keys, keeps its own raw counters
 * (R6.1) and writes any numbers it likes. `next` writes conforming numbers and advances; `seal`
 * writes exactly what it is given and advances nothing.
 */
export class ForgedPeer {
  /** Raw counters of this forged side: messages sent, messages read from the real chat. */
  outRaw = 0;
  inRaw = 0;
  layer = 144;
  oldKey: Uint8Array | undefined;
  /** Everything this peer sent, by raw out_seq_no. */
  readonly sent = new Map<number, Uint8Array>();

  constructor(
    readonly role: Role,
    public key: Uint8Array,
  ) {}

  get realRole(): Role {
    return peerOf(this.role);
  }

  /** Wire in_seq_no / out_seq_no for raw counters, with this peer's parity (R6.2). */
  wireIn(raw: number): number {
    return 2 * raw + (this.role === 'creator' ? 0 : 1);
  }

  wireOut(raw: number): number {
    return 2 * raw + (this.role === 'creator' ? 1 : 0);
  }

  /** A conforming next message: in = messages read so far, out = messages sent so far. */
  next(message: TlObject, over: Partial<LayerFields> & { key?: Uint8Array } = {}): Uint8Array {
    const wire = forge(over.key ?? this.key, this.role, {
      layer: this.layer,
      in_seq_no: this.wireIn(this.inRaw),
      out_seq_no: this.wireOut(this.outRaw),
      message,
      ...over,
    });
    this.sent.set(this.outRaw, wire);
    this.outRaw++;
    return wire;
  }

  /** Reads a message the real chat sent (under the current or the old key) and counts it. */
  read(wire: Uint8Array): TlObject {
    const layer = open(this.oldKey ? [this.key, this.oldKey] : this.key, this.realRole, wire);
    this.inRaw++;
    return layer;
  }

  readAll(wires: readonly Uint8Array[]): TlObject[] {
    return wires.map((w) => this.read(w));
  }
}

// ---- Setting chats up --------------------------------------------------------------------------

export interface SideOptions {
  readonly profile?: ChatProfile;
  readonly layer?: number;
  readonly now?: number;
}

function chatOptions(role: Role, seed: string, side: SideOptions, p: Uint8Array, g: number) {
  return {
    role,
    p,
    g,
    rng: seededRng(`${seed}:${role}`),
    profile: side.profile ?? STRICT_CHAT_PROFILE,
    ...(side.layer !== undefined ? { layer: side.layer } : {}),
    ...(side.now !== undefined ? { now: side.now } : {}),
  };
}

export function newChat(role: Role, seed: string, side: SideOptions = {}, p = P, g = G): SecretChat {
  return new SecretChat(chatOptions(role, seed, side, p, g));
}

/** Two real chats after the real handshake (R4.6), with every value the test needs. */
export interface ReadyPair {
  readonly a: SecretChat; // creator
  readonly b: SecretChat; // participant
  readonly key: Uint8Array;
  readonly fingerprint: Uint8Array;
  readonly secretA: Uint8Array;
  readonly secretB: Uint8Array;
  readonly gA: Uint8Array;
  readonly gB: Uint8Array;
  /** The NotifyLayer each side sent on becoming ready (R7.2), not yet delivered. */
  readonly aNotify: Uint8Array;
  readonly bNotify: Uint8Array;
}

export function readyPair(
  seed: string,
  options: { a?: SideOptions; b?: SideOptions; exchangeNotify?: boolean } = {},
): ReadyPair {
  const a = newChat('creator', seed, options.a);
  const b = newChat('participant', seed, options.b);
  const secretA = secretFor(`${seed}:A`);
  const secretB = secretFor(`${seed}:B`);
  const req = a.request({ secret: secretA });
  if (!req.ok) throw new Error(`harness: request failed: ${req.reason}`);
  const acc = b.accept({ gA: req.gA, secret: secretB });
  if (!acc.ok) throw new Error(`harness: accept failed: ${acc.reason}`);
  const conf = a.confirm({ gB: acc.gB, fingerprint: acc.fingerprint });
  if (!conf.ok) throw new Error(`harness: confirm failed: ${conf.reason}`);
  const confB = b.confirm({ fingerprint: acc.fingerprint });
  if (!confB.ok) throw new Error(`harness: participant confirm failed: ${confB.reason}`);
  const { key, fingerprint } = computeDhKey(P, req.gA, secretB); // independent of SecretChat
  const [aNotify] = conf.outbox;
  const [bNotify] = acc.outbox;
  if (aNotify === undefined || bNotify === undefined) throw new Error('harness: no NotifyLayer');
  if (options.exchangeNotify === true) {
    b.receive(aNotify);
    a.receive(bNotify);
  }
  return { a, b, key, fingerprint, secretA, secretB, gA: req.gA, gB: acc.gB, aNotify, bNotify };
}

/** A real chat in `role` and a test-played peer sharing a key made from known secrets. */
export interface ForgedSetup {
  readonly chat: SecretChat;
  readonly peer: ForgedPeer;
  readonly key: Uint8Array;
  /** The real chat's NotifyLayer (R7.2), already read by `peer` when `readNotify` is set. */
  readonly notify: Uint8Array;
}

export function withForgedPeer(
  role: Role,
  seed: string,
  options: SideOptions & { readNotify?: boolean; sendNotify?: boolean } = {},
): ForgedSetup {
  const chat = newChat(role, seed, options);
  const peerSecret = secretFor(`${seed}:forged`);
  let key: Uint8Array;
  let notify: Uint8Array | undefined;
  if (role === 'creator') {
    const req = chat.request({ secret: secretFor(`${seed}:real`) });
    if (!req.ok) throw new Error(`harness: request failed: ${req.reason}`);
    const gB = computeDhPublic(P, G, peerSecret);
    ({ key } = computeDhKey(P, req.gA, peerSecret));
    const conf = chat.confirm({ gB, fingerprint: computeKeyFingerprint(key) });
    if (!conf.ok) throw new Error(`harness: confirm failed: ${conf.reason}`);
    notify = conf.outbox[0];
  } else {
    const gA = computeDhPublic(P, G, peerSecret);
    const acc = chat.accept({ gA, secret: secretFor(`${seed}:real`) });
    if (!acc.ok) throw new Error(`harness: accept failed: ${acc.reason}`);
    ({ key } = computeDhKey(P, acc.gB, peerSecret));
    notify = acc.outbox[0];
  }
  if (notify === undefined) throw new Error('harness: no NotifyLayer');
  const peer = new ForgedPeer(peerOf(role), key);
  if (options.readNotify !== false) peer.read(notify);
  if (options.sendNotify === true) {
    const r = chat.receive(peer.next(service(notifyLayerAction(144))));
    if (r.status !== 'delivered') throw new Error(`harness: NotifyLayer not taken: ${r.status}`);
  }
  return { chat, peer, key, notify };
}

/** Everything a receive/send could have changed, for "changes nothing" assertions. */
export function snapshot(chat: SecretChat): unknown {
  return structuredClone(chat.checkpoint());
}

/** Sends a text and returns the wire bytes (fails the test if the chat refuses). */
export function sendText(chat: SecretChat, message: string): Uint8Array {
  const r = chat.send(text(message));
  if (!r.ok) throw new Error(`harness: send refused: ${r.reason}`);
  return r.data;
}
