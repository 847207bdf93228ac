// The message classes the probe times. Every class is rejected by a correct receiver, with the same
// answer (`rejected`, R3.8); what differs is WHERE the reference's checks (R3.7) reject it:
//   A, A'  a random msg_key: rejected at step 4 (msg_key). The plaintext they decrypt to is well
//          framed (a length field and 12..1024 bytes of padding that step 5 would accept), so an
//          implementation that looks at the length before msg_key passes that check on them and
//          goes on to the msg_key work, as on a genuine message.
//   B      the real msg_key over a plaintext whose padding is out of range (under 12 or over 1024
//          bytes): rejected at step 5c, after msg_key.
//   C      the real msg_key over a plaintext whose length field exceeds the data: step 5b.
// A correct receiver does the same work for all of them (decrypt, hash the whole buffer, compare;
// R3.9), so their timings must not differ. A receiver that checks length or padding before msg_key
// (the 2021 finding, R3.12, R3.14) takes its early exit on B and C but not on A: that is the
// difference the probe looks for. (Had A decrypted to random bytes, its length field would be
// implausible too, and such a receiver would take the early exit on A as well: nothing to see.)
// A' is built exactly as A; A against A' calibrates the noise.
// Every class has the same wire length, so hashing and decryption cost the same everywhere.
import {
  computeKeyFingerprint,
  computeMsgKey,
  decryptEnvelope,
  deriveMessageKeys,
  equalBytesConstantTime,
  igeEncrypt,
  sealPlaintext,
  type EnvelopeRejectReason,
  type Rng,
  type Role,
} from '@conform/reference';

export type ClassId = 'A' | "A'" | 'B' | 'C';
export const CLASS_IDS: readonly ClassId[] = ['A', "A'", 'B', 'C'];

/** The sender of every probe message: the creator, key offset x = 0 (R2.3). */
export const SENDER: Role = 'creator';
export const SENDER_X = 0;

/**
 * The plaintext of every class: 66 blocks. Large enough for padding over 1024 bytes (class B's
 * long half), and the same for all classes so that the work a correct receiver does is the same.
 */
export const PLAINTEXT_LENGTH = 1056;
const MAX_L = PLAINTEXT_LENGTH - 4; // R3.7 5b: L ≤ len(P) − 4

export interface ProbeClass {
  readonly id: ClassId;
  readonly title: string;
  /** Why the reference rejects every message of the class (checked when the class is built). */
  readonly reasons: readonly EnvelopeRejectReason[];
  /** Wire bytes, each one a message of the class. */
  readonly messages: readonly Uint8Array[];
}

/** A deterministic byte source (mulberry32): the probe's messages and order follow from its seed. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const v = next32();
      for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
    }
    return out;
  };
}

/** An integer in [0, n), n ≤ 2^32 (a 32-bit draw scaled: the bias is irrelevant here). */
export function below(rng: Rng, n: number): number {
  const b = rng(4);
  const v = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  return Math.floor((v / 2 ** 32) * n);
}

/** A plaintext of PLAINTEXT_LENGTH random bytes with the length field L. */
function plaintextWithLength(rng: Rng, length: number): Uint8Array {
  const p = rng(PLAINTEXT_LENGTH);
  new DataView(p.buffer, p.byteOffset).setUint32(0, length, true);
  return p;
}

/** Class A: a well-framed plaintext (L % 4 = 0, 12 ≤ padding ≤ 1024) under a random msg_key. */
function forged(key: Uint8Array, rng: Rng): Uint8Array {
  // padding = MAX_L − L in 12..1024  ⇔  L in 28..1040, a multiple of 4
  const p = plaintextWithLength(rng, 28 + 4 * below(rng, (1040 - 28) / 4 + 1));
  let msgKey = rng(16);
  // A random msg_key equals the real one with probability 2^-128; still, never send a valid message.
  while (equalBytesConstantTime(msgKey, computeMsgKey(key, SENDER, p))) msgKey = rng(16);
  const { aesKey, aesIv } = deriveMessageKeys(key, SENDER, msgKey);
  const wire = new Uint8Array(24 + p.length);
  wire.set(computeKeyFingerprint(key), 0);
  wire.set(msgKey, 8);
  wire.set(igeEncrypt(aesKey, aesIv, p), 24);
  return wire;
}

/** Class B: the real msg_key; padding 0, 4 or 8 bytes (even i) or 1028..1052 bytes (odd i). */
function badPadding(key: Uint8Array, rng: Rng, i: number): Uint8Array {
  const padding = i % 2 === 0 ? 4 * below(rng, 3) : 1028 + 4 * below(rng, 7);
  return sealPlaintext(key, SENDER, plaintextWithLength(rng, MAX_L - padding));
}

/** Class C: the real msg_key; L a multiple of 4 above len(P) − 4, up to 2^32 − 4. */
function lengthBeyondData(key: Uint8Array, rng: Rng): Uint8Array {
  const length = MAX_L + 4 + 4 * below(rng, (2 ** 32 - (MAX_L + 4)) / 4);
  return sealPlaintext(key, SENDER, plaintextWithLength(rng, length));
}

/** Builds `pool` messages of every class under `key`, and checks each against the reference. */
export function buildClasses(key: Uint8Array, rng: Rng, pool: number): ProbeClass[] {
  const make = (
    id: ClassId,
    title: string,
    reasons: EnvelopeRejectReason[],
    build: (i: number) => Uint8Array,
  ): ProbeClass => {
    const messages = Array.from({ length: pool }, (_, i) => build(i));
    for (const m of messages) {
      const r = decryptEnvelope(key, SENDER, m);
      if (r.ok || !reasons.includes(r.reason)) {
        throw new Error(
          `probe bug: a class ${id} message got ${r.ok ? 'accepted' : r.reason} from the reference`,
        );
      }
    }
    return { id, title, reasons, messages };
  };
  return [
    make('A', 'a random msg_key (well-framed inside)', ['msg_key_mismatch'], () => forged(key, rng)),
    make("A'", 'a random msg_key (built as A)', ['msg_key_mismatch'], () => forged(key, rng)),
    make('B', 'the real msg_key, padding out of 12..1024', ['padding_too_short', 'padding_too_long'], (i) =>
      badPadding(key, rng, i),
    ),
    make('C', 'the real msg_key, length field beyond the data', ['length_too_big'], () =>
      lengthBeyondData(key, rng),
    ),
  ];
}
