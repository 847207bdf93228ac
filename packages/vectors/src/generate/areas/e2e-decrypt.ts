// E2E receive-side vectors (R3.7, R3.8): valid messages from both sides, then one or more invalid
// messages on the far side of every receiver check — structure, fingerprint, msg_key (every region
// of the wire flipped), sender offset, truncation, the length field and the padding range — the
// framing faults built with sealPlaintext so that msg_key is authentic and only step 5 can catch
// them. Divergences D3 (L % 4) and D4 (ragged tail) are `acceptable`. Cross-checked by a decrypt
// written here from the node:crypto oracle's primitives, sharing no code with the reference.
import { loadKnownAnswers } from '@conform/known-answers';
import { createHash } from 'node:crypto';
import { oracleIgeDecrypt, oracleIgeEncrypt, oracleKdf, oracleMsgKey } from '@conform/oracles';
import {
  ANDROID_ENVELOPE_POLICY,
  allowedPaddingLengths,
  computeMsgKey,
  decryptEnvelope,
  deriveMessageKeys,
  encodeTl,
  encryptEnvelope,
  igeEncrypt,
  sealPlaintext,
  senderForKeyOffset,
  STRICT_ENVELOPE_POLICY,
  TDLIB_ENVELOPE_POLICY,
  type EnvelopePolicy,
} from '@conform/reference';
import type { Area, CrossChecker, DraftGroup, DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';
import { D_SEC } from '../links.js';

type Rng = (length: number) => Uint8Array;

// ---------------------------------------------------------------------------------------------
// Shared with e2e-encrypt.ts: real decryptedMessageLayer bodies, and an independent envelope.

function le32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * The TL bytes of a real decryptedMessageLayer (layer 144) from the side with key offset `x`, with
 * seq numbers of that side's parity (R6.2) and a text whose length is stretched until
 * (4 + len(tl)) % 16 == `residue`, so that every padding alignment can be reached.
 */
export function layerMessage(rng: Rng, x: 0 | 8, residue: number, text: string, seq = 3): Uint8Array {
  const parity = x === 0 ? 0 : 1;
  const randomId = new DataView(rng(8).buffer).getBigInt64(0, true).toString();
  const randomBytes = toHex(rng(x === 0 ? 31 : 15)); // TDLib sends 31, Android 15 (R3.5)
  for (let extra = 0; ; extra++) {
    const tl = encodeTl({
      _: 'decryptedMessageLayer',
      random_bytes: randomBytes,
      layer: 144,
      in_seq_no: 2 * seq + parity,
      out_seq_no: 2 * seq + 1 - parity,
      message: { _: 'decryptedMessage', random_id: randomId, ttl: 0, message: text + '.'.repeat(extra) },
    });
    if ((4 + tl.length) % 16 === residue) return tl;
  }
}

/** A decryptedMessageService carrying decryptedMessageActionNotifyLayer (R7.2), as sent first in a chat. */
export function notifyLayerMessage(rng: Rng, x: 0 | 8): Uint8Array {
  return encodeTl({
    _: 'decryptedMessageLayer',
    random_bytes: toHex(rng(15)),
    layer: 144,
    in_seq_no: x === 0 ? 0 : 1,
    out_seq_no: x === 0 ? 1 : 0,
    message: {
      _: 'decryptedMessageService',
      random_id: new DataView(rng(8).buffer).getBigInt64(0, true).toString(),
      action: { _: 'decryptedMessageActionNotifyLayer', layer: 144 },
    },
  });
}

function fingerprintOf(key: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(key).digest()).slice(12, 20);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** R3.6 from the oracle's primitives: fingerprint ‖ msg_key ‖ IGE(le32(len) ‖ message ‖ padding); undefined if R3.4 forbids it. */
export function independentEncrypt(
  key: Uint8Array,
  x: number,
  message: Uint8Array,
  padding: Uint8Array,
): Uint8Array | undefined {
  if (key.length !== 256 || (x !== 0 && x !== 8) || message.length % 4 !== 0) return undefined;
  if (padding.length < 12 || padding.length > 1024 || (4 + message.length + padding.length) % 16 !== 0)
    return undefined;
  const plaintext = concat(le32(message.length), message, padding);
  const msgKey = oracleMsgKey(key, x, plaintext);
  const { aesKey, aesIv } = oracleKdf(key, msgKey, x);
  return concat(fingerprintOf(key), msgKey, oracleIgeEncrypt(aesKey, aesIv, plaintext));
}

/** R3.7 steps 1–5, strictly, from the oracle's primitives: the message, or undefined for `rejected`. */
export function independentDecrypt(key: Uint8Array, x: number, data: Uint8Array): Uint8Array | undefined {
  if (data.length < 24 || (data.length - 24) % 16 !== 0 || data.length === 24) return undefined; // 1
  if (!equal(data.subarray(0, 8), fingerprintOf(key))) return undefined; // 2
  const msgKey = data.slice(8, 24);
  const { aesKey, aesIv } = oracleKdf(key, msgKey, x);
  const plaintext = oracleIgeDecrypt(aesKey, aesIv, data.slice(24)); // 3
  if (!equal(oracleMsgKey(key, x, plaintext), msgKey)) return undefined; // 4: the whole buffer
  const length = new DataView(plaintext.buffer, plaintext.byteOffset).getUint32(0, true); // 5
  const padding = plaintext.length - 4 - length;
  if (length % 4 !== 0 || length > plaintext.length - 4 || padding < 12 || padding > 1024) return undefined;
  return plaintext.slice(4, 4 + length);
}

// ---------------------------------------------------------------------------------------------

const DECRYPT = {
  type: 'E2eDecryptTest',
  op: 'e2e.decrypt',
  inputs: { key: 'key', x: 'x', data: 'data' },
  outputs: { message: 'message' },
};

// Albrecht, Mareková, Paterson, Stepanovs, "Four Attacks and a Proof for Telegram" (IEEE S&P 2022), and
// Telegram's answer to it.
const PAPER = 'https://mtpsym.github.io/';
const PAPER_RESPONSE = 'https://core.telegram.org/techfaq/UoL-ETH-4a-proof';
const TDLIB_TRANSPORT = 'https://github.com/tdlib/td/blob/master/td/mtproto/Transport.cpp';

/** Flips the low bit of byte `at`. */
function flip(data: Uint8Array, at: number): Uint8Array {
  const out = data.slice();
  out[at] = out[at]! ^ 0x01;
  return out;
}

export function e2eDecryptArea(ctx: GenerationContext): Area {
  const rng = ctx.rng('e2e-decrypt');
  const peers = loadKnownAnswers('mtproto2-message-peers.json');
  const key = rng(256);
  const otherKey = rng(256);
  const hex = toHex;

  const test = (
    name: string,
    comment: string,
    flags: string[],
    result: DraftTest['result'],
    x: number,
    data: Uint8Array,
    message?: Uint8Array,
    k: Uint8Array = key,
  ): DraftTest => ({
    key: name,
    comment,
    flags,
    result,
    fields: { key: hex(k), x, data: hex(data), ...(message !== undefined ? { message: hex(message) } : {}) },
  });

  const valid: DraftTest[] = [];
  const invalid: DraftTest[] = [];
  const acceptable: DraftTest[] = [];
  // Per x, a base message (multi-block, smallest padding) that the modifications start from.
  const base: Record<number, { message: Uint8Array; wire: Uint8Array }> = {};
  // Per x, a message whose last blocks are pure padding (1024 bytes of it).
  const padded: Record<number, { message: Uint8Array; wire: Uint8Array }> = {};

  for (const x of [0, 8] as const) {
    const sender = senderForKeyOffset(x);
    const side = x === 0 ? 'creator (x=0)' : 'participant (x=8)';
    const seal = (message: Uint8Array, padding: number): Uint8Array =>
      encryptEnvelope(key, sender, message, { padding: rng(padding) });

    // Valid: every padding alignment with its smallest padding, a service message, padding 12 and 1024.
    for (const residue of [4, 8, 12, 0]) {
      const message = layerMessage(
        rng,
        x,
        residue,
        'Hello from the ' + (x === 0 ? 'creator' : 'participant'),
      );
      const padding = allowedPaddingLengths(message.length)[0]!;
      const wire = seal(message, padding);
      valid.push(
        test(
          `valid-x${x}-align${residue}`,
          `${side}, ${message.length}-byte message, ${padding} bytes of padding`,
          ['Valid'],
          'valid',
          x,
          wire,
          message,
        ),
      );
      if (residue === 8) base[x] = { message, wire };
    }
    {
      const message = notifyLayerMessage(rng, x);
      const padding = allowedPaddingLengths(message.length)[1]!;
      valid.push(
        test(
          `valid-x${x}-notify-layer`,
          `${side}, decryptedMessageActionNotifyLayer, ${padding} bytes of padding`,
          ['Valid'],
          'valid',
          x,
          seal(message, padding),
          message,
        ),
      );
    }
    {
      const message = layerMessage(rng, x, 4, 'A'.repeat(2000));
      valid.push(
        test(
          `valid-x${x}-long`,
          `${side}, ${message.length}-byte message`,
          ['Valid'],
          'valid',
          x,
          seal(message, 44),
          message,
        ),
      );
    }
    {
      const message = layerMessage(rng, x, 4, 'padding twelve');
      valid.push(
        test(
          `valid-x${x}-padding-12`,
          `${side}: padding 12 bytes, the minimum; L = len(P) - 4 - 12`,
          ['PaddingMin'],
          'valid',
          x,
          seal(message, 12),
          message,
        ),
      );
    }
    {
      const message = layerMessage(rng, x, 0, 'padding 1024');
      const wire = seal(message, 1024);
      valid.push(
        test(
          `valid-x${x}-padding-1024`,
          `${side}: padding 1024 bytes, the maximum`,
          ['PaddingMax'],
          'valid',
          x,
          wire,
          message,
        ),
      );
      padded[x] = { message, wire };
    }
  }

  for (const x of [0, 8] as const) {
    const sender = senderForKeyOffset(x);
    const side = `x=${x}`;
    const { wire } = base[x]!;
    const blocks = (wire.length - 24) / 16;

    // Step 1: structure.
    for (const length of [0, 23, 24, 39]) {
      invalid.push(
        test(
          `too-short-${length}-x${x}`,
          `${side}: the first ${length} bytes of a valid message`,
          ['TooShort'],
          'invalid',
          x,
          wire.slice(0, length),
        ),
      );
    }
    // Step 2: fingerprint.
    for (const at of [0, 7]) {
      invalid.push(
        test(
          `fingerprint-byte-${at}-x${x}`,
          `${side}: fingerprint byte ${at} flipped`,
          ['UnknownFingerprint'],
          'invalid',
          x,
          flip(wire, at),
        ),
      );
    }
    invalid.push(
      test(
        `other-key-x${x}`,
        `${side}: a valid message under another key, decrypted with this one`,
        ['UnknownFingerprint'],
        'invalid',
        x,
        encryptEnvelope(otherKey, sender, base[x]!.message, {
          padding: rng(allowedPaddingLengths(base[x]!.message.length)[0]!),
        }),
      ),
    );
    // Step 4: msg_key, and every region of the ciphertext.
    for (const at of [8, 23]) {
      invalid.push(
        test(
          `msg-key-byte-${at - 8}-x${x}`,
          `${side}: msg_key byte ${at - 8} flipped`,
          ['ModifiedMsgKey'],
          'invalid',
          x,
          flip(wire, at),
        ),
      );
    }
    for (const [name, block] of [
      ['first', 0],
      ['middle', Math.floor(blocks / 2)],
      ['last', blocks - 1],
    ] as const) {
      invalid.push(
        test(
          `ciphertext-${name}-block-x${x}`,
          `${side}: ciphertext block ${block} of ${blocks} flipped`,
          ['ModifiedCiphertext'],
          'invalid',
          x,
          flip(wire, 24 + 16 * block + 5),
        ),
      );
    }
    {
      const p = padded[x]!.wire;
      invalid.push(
        test(
          `padding-block-x${x}`,
          `${side}: last ciphertext block flipped in a message with 1024 bytes of padding; only padding changes`,
          ['ModifiedPadding'],
          'invalid',
          x,
          flip(p, p.length - 1),
        ),
      );
    }
    // The sender's x (R2.3): a receiver must use the sender's, not its own.
    invalid.push(
      test(
        `wrong-x-x${x}`,
        `a valid message from x=${x} decrypted as if from x=${8 - x}`,
        ['WrongSenderOffset'],
        'invalid',
        8 - x,
        wire,
      ),
    );
    // Truncation.
    for (const cut of [16, 1, 8, 15]) {
      invalid.push(
        test(
          `truncated-${cut}-x${x}`,
          `${side}: a valid message without its last ${cut} bytes`,
          ['Truncated'],
          'invalid',
          x,
          wire.slice(0, wire.length - cut),
        ),
      );
    }
    // msg_key computed without the padding (the MTProto 1.0 habit, §11).
    {
      const message = base[x]!.message;
      const plaintext = concat(le32(message.length), message, rng(allowedPaddingLengths(message.length)[0]!));
      const msgKey = computeMsgKey(key, sender, plaintext.slice(0, 4 + message.length));
      const { aesKey, aesIv } = deriveMessageKeys(key, sender, msgKey);
      const data = concat(fingerprintOf(key), msgKey, igeEncrypt(aesKey, aesIv, plaintext));
      invalid.push(
        test(
          `msg-key-without-padding-x${x}`,
          `${side}: msg_key computed over le32(L) + message only, not the padding`,
          ['MsgKeyWithoutPadding'],
          'invalid',
          x,
          data,
        ),
      );
    }

    // Step 5 with an authentic msg_key: plaintexts framed wrongly on purpose, then sealed.
    const framed = (length: number, body: Uint8Array, padding: number): Uint8Array =>
      sealPlaintext(key, sender, concat(le32(length), body, rng(padding)));
    {
      const message = layerMessage(rng, x, 4, 'length field');
      const total = 4 + message.length + 12; // padding 12: the valid boundary is valid-x*-padding-12
      invalid.push(
        test(
          `length-no-padding-x${x}`,
          `${side}: L = len(P) - 4 (${total - 4}): within the data, but no padding left`,
          ['AuthenticMsgKey', 'LengthTooBig'],
          'invalid',
          x,
          framed(total - 4, message, 12),
        ),
      );
      invalid.push(
        test(
          `length-past-data-x${x}`,
          `${side}: L = len(P) (${total}), 4 bytes past the data`,
          ['AuthenticMsgKey', 'LengthTooBig'],
          'invalid',
          x,
          framed(total, message, 12),
        ),
      );
      for (const length of [0x7ffffffc, 0x80000000, 0xfffffffc]) {
        invalid.push(
          test(
            `length-${length.toString(16)}-x${x}`,
            `${side}: L = 0x${length.toString(16)} (${length | 0} as a signed int32)`,
            length >= 0x80000000
              ? ['AuthenticMsgKey', 'LengthTooBig', 'LengthNegativeInt32']
              : ['AuthenticMsgKey', 'LengthTooBig'],
            'invalid',
            x,
            framed(length, message, 12),
          ),
        );
      }
    }
    for (const [padding, residue, flag] of [
      [0, 0, 'PaddingTooShort'],
      [4, 12, 'PaddingTooShort'],
      [8, 8, 'PaddingTooShort'],
      [1028, 12, 'PaddingTooLong'],
      [1040, 0, 'PaddingTooLong'],
    ] as const) {
      const message = layerMessage(rng, x, residue, 'padding');
      invalid.push(
        test(
          `padding-${padding}-x${x}`,
          `${side}: L = len(message), ${padding} bytes of padding`,
          ['AuthenticMsgKey', flag],
          'invalid',
          x,
          framed(message.length, message, padding),
        ),
      );
    }
    // Padding 11 and 1025 need L % 4 != 0; every policy rejects them for the padding alone.
    for (const [padding, flag] of [
      [11, 'PaddingTooShort'],
      [1025, 'PaddingTooLong'],
    ] as const) {
      const message = layerMessage(rng, x, 4, 'odd padding');
      const body = concat(message, rng((16 - ((4 + message.length + padding) % 16)) % 16));
      invalid.push(
        test(
          `padding-${padding}-x${x}`,
          `${side}: ${padding} bytes of padding (L = ${body.length}, not a multiple of 4)`,
          ['AuthenticMsgKey', flag],
          'invalid',
          x,
          framed(body.length, body, padding),
        ),
      );
    }

    // D3: L % 4 != 0 with the padding in range. Android accepts, TDLib rejects (check_mod4).
    for (const extra of [1, 2, 3]) {
      const message = layerMessage(rng, x, 4, 'length mod 4');
      const body = concat(message, rng(extra));
      const data = framed(body.length, body, 28 - extra);
      acceptable.push(
        test(
          `length-mod4-${extra}-x${x}`,
          `${side}: L = len(message) + ${extra}, padding ${28 - extra}; strict reference and TDLib: rejected (L % 4 != 0); Android: accepted, message = P[4:4+L]`,
          ['AuthenticMsgKey', 'DivergenceD3LengthMod4'],
          'acceptable',
          x,
          data,
          body,
        ),
      );
    }
    // D4: a valid message with junk appended. TDLib ignores the tail (but counts it as padding).
    for (const tail of [1, 8, 15]) {
      const { message, wire: w } = base[x]!;
      acceptable.push(
        test(
          `ragged-tail-${tail}-x${x}`,
          `${side}: a valid message with ${tail} random bytes appended; strict reference: rejected (not whole blocks); TDLib: accepted`,
          ['DivergenceD4RaggedTail'],
          'acceptable',
          x,
          concat(w, rng(tail)),
          message,
        ),
      );
    }
    {
      // TDLib counts the tail as padding: 1020 + 4 = 1024 is still accepted, 1020 + 5 is not.
      const message = layerMessage(rng, x, 4, 'ragged tail');
      const w = encryptEnvelope(key, sender, message, { padding: rng(1020) });
      acceptable.push(
        test(
          `ragged-tail-pad-1024-x${x}`,
          `${side}: padding 1020 + 4 appended bytes; TDLib counts 1024 bytes of padding and accepts; strict reference: rejected`,
          ['DivergenceD4RaggedTail'],
          'acceptable',
          x,
          concat(w, rng(4)),
          message,
        ),
      );
      invalid.push(
        test(
          `ragged-tail-pad-1025-x${x}`,
          `${side}: padding 1020 + 5 appended bytes; TDLib counts 1025 bytes of padding and rejects too`,
          ['RaggedTailPaddingTooLong'],
          'invalid',
          x,
          concat(w, rng(5)),
        ),
      );
    }
  }

  // grammers' published wire message: authentic msg_key under x=0, but the cloud framing puts
  // "Hell" (L = 0x6c6c6548) where the E2E length field is.
  const known: DraftTest[] = [];
  for (const t of peers.tests) {
    if (t.wire === undefined || t.x === undefined) continue;
    known.push({
      key: `grammers-${t.id}`,
      comment: `${t.name}: authentic msg_key, cloud framing; L = 0x6c6c6548 is past the data (R3.7 step 5b)`,
      flags: ['KnownAnswer', 'AuthenticMsgKey', 'LengthTooBig'],
      result: 'invalid',
      fields: { key: t.key, x: t.x, data: t.wire },
    });
  }

  const groups: DraftGroup[] = [
    { ...DECRYPT, tests: valid },
    { ...DECRYPT, error: 'rejected', source: peers.source, tests: known },
    { ...DECRYPT, error: 'rejected', tests: invalid },
    { ...DECRYPT, error: 'rejected', tests: acceptable },
  ];
  checkAgainstPolicies(groups);

  return {
    file: 'e2e_decrypt_test.json',
    algorithm: 'Telegram secret chat message decryption (MTProto 2.0 E2E)',
    schema: 'e2e_decrypt_test_schema_v1.json',
    header: [
      "e2e.decrypt: key (256 B), x (the sender's key offset, 0 from the creator, 8 from the participant, R2.3), data = fingerprint ‖ msg_key ‖ ciphertext (R3.1) → message, the TL bytes P[4:4+L].",
      'The receiver runs the checks of docs/spec.md R3.7 in order: structure, fingerprint, decrypt, msg_key over the whole decrypted buffer, then the length field and the padding (12..1024).',
      'Every failure is the one error code rejected (R3.8): an invalid test passes only with error rejected, whatever the reason.',
      'AuthenticMsgKey tests carry a correct msg_key over a wrongly framed plaintext: only the length and padding checks of step 5 catch them, and those must come after the msg_key check (R3.7, R3.14).',
      "acceptable tests are divergences (spec §12): D3 (L % 4 != 0: TDLib rejects, Android accepts) and D4 (1..15 bytes past the last block: TDLib ignores them). The strict reference rejects them; when an implementation accepts, its message must equal the test's message.",
      'The e2e.decrypt op does not parse the TL body (R3.7 step 6 and later belong to chat sessions).',
    ],
    notes: {
      Valid: {
        bugType: 'BASIC',
        description: 'Real decryptedMessageLayer messages from both sides, every padding alignment.',
        rules: ['R2.1', 'R2.3', 'R3.1', 'R3.2', 'R3.4', 'R3.7'],
      },
      PaddingMin: {
        bugType: 'EDGE_CASE',
        description:
          'Exactly 12 bytes of padding, L = len(P) - 16: valid; the invalid side is PaddingTooShort and LengthTooBig.',
        rules: ['R3.4', 'R3.7'],
      },
      PaddingMax: {
        bugType: 'EDGE_CASE',
        description: 'Exactly 1024 bytes of padding: valid; the invalid side is PaddingTooLong.',
        rules: ['R3.4', 'R3.7'],
      },
      TooShort: {
        bugType: 'MALFORMED_INPUT',
        description:
          'Fewer than 24 header bytes, or no whole ciphertext block: rejected without reading past the buffer.',
        rules: ['R3.7', 'R3.8'],
      },
      UnknownFingerprint: {
        bugType: 'MODIFIED_INPUT',
        description: "A fingerprint that matches no key (a flipped byte, or another key's message): dropped.",
        rules: ['R3.7', 'R4.7'],
      },
      ModifiedMsgKey: {
        bugType: 'MODIFIED_INPUT',
        description: 'A flipped msg_key byte: the decrypted buffer no longer hashes to it.',
        rules: ['R2.4', 'R3.7', 'R3.8'],
      },
      ModifiedCiphertext: {
        bugType: 'MODIFIED_INPUT',
        description: 'A flipped bit in the first, a middle or the last ciphertext block.',
        rules: ['R2.4', 'R3.7'],
      },
      ModifiedPadding: {
        bugType: 'MISSING_CHECK',
        description:
          'Only padding bytes change: caught only if msg_key is checked over the whole buffer, padding included.',
        rules: ['R2.4', 'R3.7'],
      },
      WrongSenderOffset: {
        bugType: 'WRONG_PRIMITIVE',
        description: "A valid message decrypted with the receiver's own x instead of the sender's.",
        rules: ['R2.3'],
      },
      Truncated: {
        bugType: 'MODIFIED_INPUT',
        description:
          'A valid message cut by a whole block or by 1..15 bytes: rejected by every client (TDLib drops the ragged part and then fails msg_key).',
        rules: ['R3.7', 'R3.10'],
      },
      MsgKeyWithoutPadding: {
        bugType: 'WRONG_PRIMITIVE',
        description:
          'msg_key over le32(L) + message without the padding (MTProto 1.0 style): a receiver that hashes only 4 + L bytes accepts it.',
        rules: ['R2.1', 'R2.4', 'R3.7'],
      },
      AuthenticMsgKey: {
        bugType: 'CHECK_ORDER',
        description:
          'msg_key is right for the whole buffer but the framing is wrong: must be rejected by the step-5 checks, which must run only after msg_key and answer exactly like a msg_key failure; a receiver that reads L first leaks plaintext bits through timing, as in the 2021 paper "Four Attacks and a Proof for Telegram".',
        rules: ['R3.7', 'R3.8', 'R3.9', 'R3.12', 'R3.14'],
        links: [PAPER, PAPER_RESPONSE, D_SEC, TDLIB_TRANSPORT],
      },
      LengthTooBig: {
        bugType: 'MISSING_CHECK',
        description:
          'L with no room for 12 bytes of padding, past the data, or near 2^31/2^32: the receiver must not read past its buffer.',
        rules: ['R3.7', 'R3.8'],
        links: [D_SEC],
      },
      LengthNegativeInt32: {
        bugType: 'EDGE_CASE',
        description:
          'L >= 2^31 is negative as a signed int32: a signed comparison L <= len(P) - 4 passes it.',
        rules: ['R3.7'],
      },
      PaddingTooShort: {
        bugType: 'MISSING_CHECK',
        description: 'Fewer than 12 bytes of padding (0, 4, 8, 11) under an authentic msg_key.',
        rules: ['R3.4', 'R3.7'],
      },
      PaddingTooLong: {
        bugType: 'MISSING_CHECK',
        description: 'More than 1024 bytes of padding (1025, 1028, 1040) under an authentic msg_key.',
        rules: ['R3.4', 'R3.7'],
      },
      RaggedTailPaddingTooLong: {
        bugType: 'EDGE_CASE',
        description:
          'A ragged tail that TDLib would count as padding beyond 1024: rejected by TDLib too, so invalid for all.',
        rules: ['R3.7', 'R3.10'],
        links: [TDLIB_TRANSPORT],
      },
      DivergenceD3LengthMod4: {
        bugType: 'DIVERGENCE',
        description: 'L % 4 != 0 with valid padding: TDLib and the cloud-chat docs reject, Android accepts.',
        rules: ['D3', 'R3.7'],
        links: [TDLIB_TRANSPORT],
      },
      DivergenceD4RaggedTail: {
        bugType: 'DIVERGENCE',
        description:
          '1..15 bytes past the last whole block: TDLib ignores them for decryption and msg_key; strict receivers reject.',
        rules: ['D4', 'R3.10'],
        links: [TDLIB_TRANSPORT],
      },
      KnownAnswer: {
        bugType: 'KNOWN_ANSWER',
        description: "grammers' published client message (x=0): authentic msg_key, cloud plaintext framing.",
        rules: ['R2.1', 'R3.7'],
        links: ['https://github.com/Lonami/grammers/blob/master/lib/grammers-crypto/tests/lib.rs'],
      },
    },
    groups,
    crossCheckers: [independentDecryptChecker],
  };
}

/**
 * The reference itself under the three envelope policies: valid tests pass all of them with the
 * recorded message, invalid tests fail all of them, acceptable tests fail the strict policy and pass
 * the lenient one they name (D3: Android's, D4: TDLib's) with the recorded message.
 */
function checkAgainstPolicies(groups: DraftGroup[]): void {
  for (const g of groups) {
    for (const t of g.tests) {
      const run = (policy: EnvelopePolicy) =>
        decryptEnvelope(
          fromHex(t.fields.key as string),
          senderForKeyOffset(t.fields.x as number),
          fromHex(t.fields.data as string),
          policy,
        );
      const accepts = (policy: EnvelopePolicy): boolean => {
        const r = run(policy);
        if (r.ok && toHex(r.message) !== t.fields.message)
          throw new Error(`e2e-decrypt: ${t.key}: the reference returns a different message`);
        return r.ok;
      };
      const verdicts = [STRICT_ENVELOPE_POLICY, TDLIB_ENVELOPE_POLICY, ANDROID_ENVELOPE_POLICY].map(accepts);
      let expected: boolean[];
      if (t.result === 'valid') expected = [true, true, true];
      else if (t.result === 'invalid') expected = [false, false, false];
      else if (t.flags.includes('DivergenceD3LengthMod4')) expected = [false, false, true];
      else expected = [false, true, false];
      if (verdicts.join() !== expected.join())
        throw new Error(
          `e2e-decrypt: ${t.key}: strict/TDLib/Android verdicts ${verdicts.join()}, expected ${expected.join()}`,
        );
    }
  }
}

const independentDecryptChecker: CrossChecker = {
  implementation:
    'independent R3.7 decrypt over the node:crypto oracle (oracleKdf, oracleIgeDecrypt, oracleMsgKey, SHA-1 of node:crypto)',
  covers:
    "e2e.decrypt: every valid and invalid test (acceptable tests skipped: the strict verdict is the reference's)",
  check(_group, t) {
    if (t.result === 'acceptable') return 'skip';
    const got = independentDecrypt(
      fromHex(t.fields.key as string),
      t.fields.x as number,
      fromHex(t.fields.data as string),
    );
    if (t.result === 'invalid') return got === undefined;
    return got !== undefined && toHex(got) === t.fields.message;
  },
};
