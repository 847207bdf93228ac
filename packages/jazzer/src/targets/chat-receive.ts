// Fuzz target: SecretChat.receive (R3.7, §5, §6, R7.1) on a chat that completed its handshake.
//
// Each input is a short program run against a FRESH chat (so every input replays the same way):
//   byte 0: bit 0 picks the side under test (0: the participant, receiving from the creator;
//           1: the creator, receiving from the participant); (byte 0 >> 1) mod 3 the profile
//           (strict, tdlib, android: D1–D12).
//   then up to MAX_OPS operations, each one byte `op` (kind = op & 7, arg = op >> 3) and operands:
//     0 raw          receive(next u16-length bytes) — arbitrary wire bytes
//     1 real         receive(REAL[arg]) — a message the peer really sent (see below), in any order
//     2 mutated      REAL[arg] with the byte at u16 position XOR u8 (≠ 0)
//     3 sealed TL    u16-length bytes, zero-padded to whole words, sealed by the peer (R3.6) with a
//                    valid msg_key under the initial key: reaches R3.7 step 6 (TL) with any body
//     4 sealed layer decryptedMessageLayer{random_bytes: arg bytes, layer: u8, in_seq_no: s8,
//                    out_seq_no: s8, message: u16-length bytes} sealed by the peer: reaches §6 and
//                    the actions (Resend, re-key, NotifyLayer) with any DecryptedMessage
//     5 sealed plain u16-length bytes zero-padded to whole blocks, sealed as a raw plaintext
//                    (sealPlaintext): an authentic message with any framing (R3.7 step 5)
//     6 clock        now += arg · 6 h, used by every later call (R5.1's one-week re-key)
//     7 send         the chat under test sends a text message (moves its out counter, R6.5, R6.7)
//
// REAL is recorded once, at load: a real peer (a second SecretChat) and a real copy of the side under
// test run a conversation — NotifyLayer, texts, a complete re-key RequestKey → AcceptKey → CommitKey
// (§5) and messages under the new key. A fresh chat fed REAL in order repeats that conversation
// exactly, because its randomness is a fixed deterministic Rng; mutations and reorderings explore
// around it. DH secrets drawn from that Rng are small numbers (256 bytes, value ≥ 65537): modular
// exponentiation then costs a few dozen multiplications instead of ~2500, and every public value still
// passes R4.3 (3^65537 mod p is far from both bounds). The fuzz is about receiving, not DH strength.
//
// Allowed exceptions: none. receive() gets a Uint8Array and a valid `now`, send() a valid
// decryptedMessage; by chat-types.ts every protocol outcome, including closing the chat, is a value.
// Properties checked: the status is a ReceiveStatus; delivered/outbox are arrays (outbox of
// Uint8Array); a 'closed' result leaves the chat closed with a reason; checkpoint() works after each
// step and its counters never decrease while the chat is open (R6.1).
import {
  ANDROID_CHAT_PROFILE,
  computeDhKey,
  computeDhPublic,
  encryptEnvelope,
  peerOf,
  sealPlaintext,
  SecretChat,
  STRICT_CHAT_PROFILE,
  TDLIB_CHAT_PROFILE,
  type ChatProfile,
  type ReceiveResult,
  type Rng,
  type Role,
  type TlObject,
} from '@conform/reference';
import { bigToBytes, ByteReader, concat, padTo, toHex, uint32LE } from '../bytes.js';
import { check, expectOutcome, InvariantViolation } from '../finding.js';
import { OFFICIAL_G, OFFICIAL_P } from '../fixtures.js';

export const TARGET = 'chat-receive';

/** Operations per input: bounds the work of one execution. */
export const MAX_OPS = 48;
const START = 1_700_000_000;
const PROFILES: readonly ChatProfile[] = [STRICT_CHAT_PROFILE, TDLIB_CHAT_PROFILE, ANDROID_CHAT_PROFILE];
const STATUSES = new Set(['delivered', 'queued', 'duplicate', 'dropped', 'closed']);
const LAYER_ID = uint32LE(0x1be31789); // decryptedMessageLayer (§7.3)

/** Deterministic Rng: 256-byte draws are small DH secrets (R4.5, see above), the rest xorshift32. */
export function testRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  let secrets = 0n;
  return (n: number) => {
    if (n === 256) return bigToBytes(65537n + BigInt(seed) * 1000n + 2n * secrets++, 256);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[i] = state & 0xff;
    }
    return out;
  };
}

const UNDER_TEST_SEED = 1;
const PEER_SEED = 2;
/** R4.5 handshake secrets, small for speed (see above). */
const UNDER_TEST_SECRET = bigToBytes(70001n, 256);
const PEER_SECRET = bigToBytes(70003n, 256);

function publicOf(secret: Uint8Array): Uint8Array {
  return computeDhPublic(OFFICIAL_P, OFFICIAL_G, secret);
}

let randomId = 100;
function text(message: string): TlObject {
  return { _: 'decryptedMessage', random_id: String(randomId++), ttl: 0, message };
}

/** What a fresh chat under test needs, and what its peer sent it, for one side. */
interface Script {
  readonly role: Role;
  /** The peer's public value from the handshake (g_a for a participant, g_b for a creator). */
  readonly peerPublic: Uint8Array;
  readonly fingerprint: Uint8Array;
  /** The initial chat key, which the sealing operations use. */
  readonly key: Uint8Array;
  /** Wire messages the peer sent, in order (REAL). */
  readonly real: readonly Uint8Array[];
}

/** A chat of `role` made ready through the real handshake (R4.6) against `peerPublic`. */
function readyChat(role: Role, profile: ChatProfile, peerPublic: Uint8Array, fingerprint?: Uint8Array) {
  const chat = new SecretChat({
    role,
    p: OFFICIAL_P,
    g: OFFICIAL_G,
    rng: testRng(UNDER_TEST_SEED),
    profile,
    now: START,
  });
  if (role === 'participant') {
    const accepted = chat.accept({ gA: peerPublic, secret: UNDER_TEST_SECRET });
    if (!accepted.ok) throw new Error(`chat-receive setup: accept failed: ${accepted.reason}`);
    return { chat, gB: accepted.gB, fingerprint: accepted.fingerprint, outbox: accepted.outbox };
  }
  const requested = chat.request({ secret: UNDER_TEST_SECRET });
  if (!requested.ok) throw new Error(`chat-receive setup: request failed: ${requested.reason}`);
  const confirmed = chat.confirm({ gB: peerPublic, fingerprint: fingerprint! });
  if (!confirmed.ok) throw new Error(`chat-receive setup: confirm failed: ${confirmed.reason}`);
  return { chat, gA: requested.gA, outbox: confirmed.outbox };
}

/** Runs the recorded conversation between a real peer and a real copy of the side under test. */
function record(role: Role): Script {
  const peer = new SecretChat({
    role: peerOf(role),
    p: OFFICIAL_P,
    g: OFFICIAL_G,
    rng: testRng(PEER_SEED),
    now: START,
  });
  const real: Uint8Array[] = [];
  let self: SecretChat;
  let peerPublic: Uint8Array;
  let fingerprint: Uint8Array;
  let toPeer: Uint8Array[];
  let selfPublic: Uint8Array;
  if (role === 'participant') {
    const requested = peer.request({ secret: PEER_SECRET });
    if (!requested.ok) throw new Error('chat-receive setup: peer request failed');
    peerPublic = requested.gA;
    const made = readyChat(role, STRICT_CHAT_PROFILE, peerPublic);
    self = made.chat;
    selfPublic = made.gB!;
    fingerprint = made.fingerprint!;
    toPeer = made.outbox;
    const confirmed = peer.confirm({ gB: made.gB!, fingerprint });
    if (!confirmed.ok) throw new Error('chat-receive setup: peer confirm failed');
    real.push(...confirmed.outbox);
  } else {
    selfPublic = publicOf(UNDER_TEST_SECRET);
    const accepted = peer.accept({ gA: selfPublic, secret: PEER_SECRET });
    if (!accepted.ok) throw new Error('chat-receive setup: peer accept failed');
    peerPublic = accepted.gB;
    fingerprint = accepted.fingerprint;
    real.push(...accepted.outbox);
    const made = readyChat(role, STRICT_CHAT_PROFILE, peerPublic, fingerprint);
    self = made.chat;
    toPeer = made.outbox;
  }
  // R4.7: the initial key, computed here from the peer's secret, checked against the handshake.
  const { key, fingerprint: computed } = computeDhKey(OFFICIAL_P, selfPublic, PEER_SECRET);
  if (toHex(computed) !== toHex(fingerprint)) throw new Error('chat-receive setup: fingerprint mismatch');

  // Delivers messages both ways until both outboxes are empty.
  const exchange = (fromPeer: Uint8Array[]): void => {
    let pending = fromPeer;
    while (pending.length > 0 || toPeer.length > 0) {
      for (const wire of pending) {
        real.push(wire);
        const r = self.receive(wire);
        if (r.status !== 'delivered') throw new Error(`chat-receive setup: ${r.status} ${r.reason ?? ''}`);
        toPeer.push(...r.outbox);
      }
      pending = [];
      const back = toPeer;
      toPeer = [];
      for (const wire of back) pending.push(...peer.receive(wire).outbox);
    }
  };
  exchange(real.splice(0));
  for (const message of ['one', 'two']) {
    const sent = peer.send(text(message));
    if (!sent.ok) throw new Error('chat-receive setup: send failed');
    exchange([sent.data, ...sent.outbox]);
  }
  const rekey = peer.rekey(); // §5: RequestKey → AcceptKey → CommitKey → Noop
  if (!rekey.ok) throw new Error(`chat-receive setup: rekey failed: ${rekey.reason}`);
  exchange(rekey.outbox);
  const later: TlObject[] = [
    text('three'),
    {
      _: 'decryptedMessageService',
      random_id: String(randomId++),
      action: { _: 'decryptedMessageActionReadMessages', random_ids: ['100', '101'] },
    },
    text('four'),
  ];
  for (const message of later) {
    const sent = peer.send(message);
    if (!sent.ok) throw new Error('chat-receive setup: send failed');
    exchange([sent.data, ...sent.outbox]);
  }
  if (self.checkpoint().state !== 'ready')
    throw new Error('chat-receive setup: conversation closed the chat');
  return { role, peerPublic, fingerprint, key, real };
}

const SCRIPTS: Readonly<Record<Role, Script>> = {
  participant: record('participant'),
  creator: record('creator'),
};

/** The recorded messages of the side picked by `byte0` (for the seed extractor). */
export function realMessages(role: Role): readonly Uint8Array[] {
  return SCRIPTS[role].real;
}

export function fuzz(input: Uint8Array): void {
  run(input);
}

/** Runs one program (see the top of this file); returns the results of its receive calls, in order. */
export function run(input: Uint8Array): ReceiveResult[] {
  const results: ReceiveResult[] = [];
  const r = new ByteReader(Uint8Array.from(input));
  const head = r.u8();
  const role: Role = head & 1 ? 'creator' : 'participant';
  const profile = PROFILES[(head >> 1) % 3]!;
  const script = SCRIPTS[role];
  const sender = peerOf(role);
  const made = readyChat(role, profile, script.peerPublic, script.fingerprint);
  const chat = made.chat;
  const sealRng = testRng(3);
  let now = START;
  let last = chat.checkpoint();

  const receive = (wire: Uint8Array): void => {
    const result = expectOutcome(TARGET, 'none', () => chat.receive(wire, { now }))!;
    verify(result);
    results.push(result);
  };
  const verify = (result: ReceiveResult): void => {
    check(TARGET, STATUSES.has(result.status), () => `status ${String(result.status)}`);
    check(TARGET, Array.isArray(result.delivered), () => 'delivered is not an array');
    check(
      TARGET,
      result.outbox.every((w) => w instanceof Uint8Array),
      () => 'outbox holds a non-Uint8Array',
    );
    const after = expectOutcome(TARGET, 'none', () => chat.checkpoint())!;
    if (result.status === 'closed') {
      check(
        TARGET,
        after.state === 'closed' && after.close_reason !== null,
        () => `closed result, state ${after.state}`,
      );
    }
    if (after.state !== 'closed') {
      check(
        TARGET,
        after.in_seq_no >= last.in_seq_no && after.out_seq_no >= last.out_seq_no,
        () => `counters went back: ${JSON.stringify(last)} → ${JSON.stringify(after)}`,
      );
    }
    last = after;
  };

  for (let ops = 0; ops < MAX_OPS && r.remaining > 0; ops++) {
    const op = r.u8();
    const arg = op >> 3;
    switch (op & 7) {
      case 0:
        receive(r.take(r.u16()));
        break;
      case 1:
        receive(script.real[arg % script.real.length]!);
        break;
      case 2: {
        const wire = script.real[arg % script.real.length]!.slice();
        const at = r.u16() % wire.length;
        wire[at] = wire[at]! ^ (r.u8() || 1);
        receive(wire);
        break;
      }
      case 3:
        receive(encryptEnvelope(script.key, sender, padTo(r.take(r.u16()), 4), { rng: sealRng }));
        break;
      case 4: {
        const layer = r.u8();
        const inSeq = (r.u8() << 24) >> 24;
        const outSeq = (r.u8() << 24) >> 24;
        const body = padTo(r.take(r.u16()), 4);
        const randomBytes = new Uint8Array(1 + arg + ((4 - ((1 + arg) % 4)) % 4));
        randomBytes[0] = arg;
        randomBytes.fill(0x5a, 1, 1 + arg);
        const tl = concat(LAYER_ID, randomBytes, uint32LE(layer), uint32LE(inSeq), uint32LE(outSeq), body);
        receive(encryptEnvelope(script.key, sender, tl, { rng: sealRng }));
        break;
      }
      case 5:
        receive(sealPlaintext(script.key, sender, padTo(r.take(r.u16()), 16, 16)));
        break;
      case 6:
        now += arg * 6 * 3600;
        break;
      case 7: {
        const sent = expectOutcome(TARGET, 'none', () => chat.send(text('fuzz'), { now }))!;
        if (sent.ok) check(TARGET, sent.data instanceof Uint8Array, () => 'send returned no bytes');
        break;
      }
    }
  }
  if (last.state === 'closed' && chat.checkpoint().state !== 'closed') {
    throw new InvariantViolation(TARGET, 'a closed chat reopened');
  }
  return results;
}
