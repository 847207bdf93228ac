// E2E send-side vectors (R3.1–R3.6): exact wire bytes for given padding — real decryptedMessageLayer
// bodies from both sides, every padding alignment, the smallest, a middle and the largest padding
// R3.4 allows —, padding left to the implementation (checked by decrypting, `verify: "decrypt"`), and
// arguments R3.4 or the TL word rule forbid. Cross-checked by an encrypt written from the node:crypto
// oracle's primitives (e2e-decrypt.ts), sharing no code with the reference.
import {
  allowedPaddingLengths,
  decryptEnvelope,
  encryptEnvelope,
  senderForKeyOffset,
} from '@conform/reference';
import type { Area, CrossChecker, DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';
import {
  concat,
  independentDecrypt,
  independentEncrypt,
  layerMessage,
  notifyLayerMessage,
} from './e2e-decrypt.js';

const ENCRYPT = {
  type: 'E2eEncryptTest',
  op: 'e2e.encrypt',
  inputs: { key: 'key', x: 'x', message: 'message', padding: 'padding' },
  outputs: { data: 'data' },
};
/** Padding left to the implementation: no padding argument, no fixed output (verify: decrypt). */
const ENCRYPT_OWN_PADDING = {
  type: 'E2eEncryptTest',
  op: 'e2e.encrypt',
  inputs: { key: 'key', x: 'x', message: 'message' },
  outputs: {},
};

export function e2eEncryptArea(ctx: GenerationContext): Area {
  const rng = ctx.rng('e2e-encrypt');
  const key = rng(256);

  const exact: DraftTest[] = [];
  const ownPadding: DraftTest[] = [];
  const badPadding: DraftTest[] = [];
  const badMessage: DraftTest[] = [];

  for (const x of [0, 8] as const) {
    const sender = senderForKeyOffset(x);
    const side = x === 0 ? 'creator (x=0)' : 'participant (x=8)';
    // (a) Exact wire for every alignment of 4 + len(message): smallest, a middle and the largest padding.
    for (const residue of [4, 8, 12, 0]) {
      const message = layerMessage(rng, x, residue, `Hello from the ${x === 0 ? 'creator' : 'participant'}`);
      const lengths = allowedPaddingLengths(message.length);
      const picks: [string, number, string][] = [
        ['smallest', lengths[0]!, lengths[0] === 12 ? 'PaddingMin' : 'PaddingSmallest'],
        ['middle', lengths[Math.floor(lengths.length / 2)]!, 'Valid'],
        [
          'largest',
          lengths[lengths.length - 1]!,
          lengths[lengths.length - 1] === 1024 ? 'PaddingMax' : 'PaddingLargest',
        ],
      ];
      for (const [name, length, flag] of picks) {
        const padding = rng(length);
        exact.push({
          key: `exact-x${x}-align${residue}-${name}`,
          comment: `${side}, ${message.length}-byte message, ${length} bytes of padding (${name === 'middle' ? 'a middle length' : `the ${name} allowed`})`,
          flags: [flag],
          result: 'valid',
          fields: {
            key: toHex(key),
            x,
            message: toHex(message),
            padding: toHex(padding),
            data: toHex(encryptEnvelope(key, sender, message, { padding })),
          },
        });
      }
    }
    {
      const message = notifyLayerMessage(rng, x);
      const padding = rng(allowedPaddingLengths(message.length)[0]!);
      exact.push({
        key: `exact-x${x}-notify-layer`,
        comment: `${side}, decryptedMessageActionNotifyLayer, ${padding.length} bytes of padding`,
        flags: ['Valid'],
        result: 'valid',
        fields: {
          key: toHex(key),
          x,
          message: toHex(message),
          padding: toHex(padding),
          data: toHex(encryptEnvelope(key, sender, message, { padding })),
        },
      });
    }

    // (b) Padding left to the implementation.
    for (const [name, message] of [
      ['short', layerMessage(rng, x, 4, 'own padding')],
      ['notify-layer', notifyLayerMessage(rng, x)],
      ['long', layerMessage(rng, x, 8, 'B'.repeat(3000))],
    ] as const) {
      ownPadding.push({
        key: `own-padding-x${x}-${name}`,
        comment: `${side}, ${message.length}-byte message, padding chosen by the implementation`,
        flags: ['OwnPadding'],
        result: 'valid',
        fields: { key: toHex(key), x, message: toHex(message) },
      });
    }

    // (c) Padding that R3.4 forbids: too short, too long, or not aligning the plaintext to 16.
    for (const [length, residue, flag, why] of [
      [0, 0, 'PaddingTooShort', 'aligned, below 12'],
      [4, 12, 'PaddingTooShort', 'aligned, below 12'],
      [8, 8, 'PaddingTooShort', 'aligned, below 12'],
      [1028, 12, 'PaddingTooLong', 'aligned, above 1024'],
      [1040, 0, 'PaddingTooLong', 'aligned, above 1024'],
      [16, 4, 'PaddingNotAligned', 'in range, plaintext 4 mod 16'],
      [13, 4, 'PaddingNotAligned', 'in range, plaintext 1 mod 16'],
      [1024, 4, 'PaddingNotAligned', 'in range, plaintext 4 mod 16'],
      [1020, 0, 'PaddingNotAligned', 'in range, plaintext 12 mod 16'],
    ] as const) {
      const message = layerMessage(rng, x, residue, 'bad padding');
      const padding = rng(length);
      badPadding.push({
        key: `padding-${length}-align${residue}-x${x}`,
        comment: `${side}, ${message.length}-byte message, ${length} bytes of padding (${why})`,
        flags: [flag],
        result: 'invalid',
        fields: { key: toHex(key), x, message: toHex(message), padding: toHex(padding) },
      });
    }
    // A message that is not whole 32-bit words (R7.1), with padding that would otherwise fit.
    for (const extra of [1, 2, 3]) {
      const message = concat(layerMessage(rng, x, 4, 'not whole words'), rng(extra));
      const padding = rng(12 + ((16 - ((4 + message.length + 12) % 16)) % 16));
      badPadding.push({
        key: `message-plus-${extra}-x${x}`,
        comment: `${side}, a TL message with ${extra} stray byte(s) appended (${message.length} bytes), ${padding.length} bytes of padding aligning the plaintext`,
        flags: ['MessageNotWords'],
        result: 'invalid',
        fields: { key: toHex(key), x, message: toHex(message), padding: toHex(padding) },
      });
      badMessage.push({
        key: `message-plus-${extra}-own-padding-x${x}`,
        comment: `${side}, a TL message with ${extra} stray byte(s) appended (${message.length} bytes), padding chosen by the implementation`,
        flags: ['MessageNotWords'],
        result: 'invalid',
        fields: { key: toHex(key), x, message: toHex(message) },
      });
    }
  }
  {
    // Malformed key and x.
    const message = layerMessage(rng, 0, 4, 'bad arguments');
    const padding = toHex(rng(12));
    for (const length of [255, 257]) {
      badPadding.push({
        key: `key-${length}`,
        comment: `a ${length}-byte key`,
        flags: ['WrongKeyLength'],
        result: 'invalid',
        fields: { key: toHex(rng(length)), x: 0, message: toHex(message), padding },
      });
    }
    for (const x of [1, 4]) {
      badPadding.push({
        key: `x-${x}`,
        comment: `x=${x}: only 0 and 8 exist`,
        flags: ['WrongKeyOffset'],
        result: 'invalid',
        fields: { key: toHex(key), x, message: toHex(message), padding },
      });
    }
  }

  // The reference must refuse every invalid test (bad_input), with or without padding.
  for (const t of [...badPadding, ...badMessage]) {
    let refused = false;
    try {
      const padding = t.fields.padding;
      encryptEnvelope(
        fromHex(t.fields.key as string),
        senderForKeyOffset(t.fields.x as number),
        fromHex(t.fields.message as string),
        padding === undefined ? { rng } : { padding: fromHex(padding as string) },
      );
    } catch {
      refused = true;
    }
    if (!refused) throw new Error(`e2e-encrypt: the reference accepts ${t.key}`);
  }

  return {
    file: 'e2e_encrypt_test.json',
    algorithm: 'Telegram secret chat message encryption (MTProto 2.0 E2E)',
    schema: 'e2e_encrypt_test_schema_v1.json',
    header: [
      "e2e.encrypt: key (256 B), x (the sender's key offset: 0 creator, 8 participant, R2.3), message (TL bytes of a decryptedMessageLayer), optional padding → data = SHA1(key)[12:20] ‖ msg_key ‖ AES-256-IGE(le32(len) ‖ message ‖ padding) (docs/spec.md R3.1, R3.2, R3.6).",
      'Groups with a padding field expect exactly the data given. Padding must be 12..1024 bytes and make the plaintext a multiple of 16 (R3.4).',
      'Groups with "verify": "decrypt" give no padding and no expected data: the implementation pads as it likes, and the runner decrypts the result with the reference under the test\'s key and x, requiring the right fingerprint and msg_key, padding 12..1024, whole blocks, and the recovered message equal to the test\'s message.',
      'Invalid tests must fail with error bad_input: padding outside R3.4, a message that is not whole 4-byte words (R7.1), a key not 256 bytes, x not 0 or 8.',
    ],
    notes: {
      Valid: {
        bugType: 'BASIC',
        description: 'Real decryptedMessageLayer messages from both sides, with given padding.',
        rules: ['R2.1', 'R2.3', 'R3.1', 'R3.2', 'R3.6'],
      },
      PaddingMin: {
        bugType: 'EDGE_CASE',
        description: 'Exactly 12 bytes of padding, the minimum; PaddingTooShort is the other side.',
        rules: ['R3.4'],
      },
      PaddingSmallest: {
        bugType: 'EDGE_CASE',
        description: 'The smallest padding that aligns this message when 12 does not (16, 20 or 24 bytes).',
        rules: ['R3.4'],
      },
      PaddingMax: {
        bugType: 'EDGE_CASE',
        description: 'Exactly 1024 bytes of padding, the maximum; PaddingTooLong is the other side.',
        rules: ['R3.4'],
      },
      PaddingLargest: {
        bugType: 'EDGE_CASE',
        description:
          'The largest padding that aligns this message when 1024 does not (1012, 1016 or 1020 bytes): msg_key covers all of it.',
        rules: ['R2.4', 'R3.4'],
      },
      OwnPadding: {
        bugType: 'BASIC',
        description: 'No padding given: any conforming padding is accepted, judged by decrypting the result.',
        rules: ['R3.4', 'R3.6'],
      },
      PaddingTooShort: {
        bugType: 'MALFORMED_INPUT',
        description:
          'Given padding below 12 bytes (0, 4, 8) that would align the plaintext: refused, not extended.',
        rules: ['R3.4'],
      },
      PaddingTooLong: {
        bugType: 'MALFORMED_INPUT',
        description:
          'Given padding above 1024 bytes (1028, 1040) that would align the plaintext: refused, not cut.',
        rules: ['R3.4'],
      },
      PaddingNotAligned: {
        bugType: 'MALFORMED_INPUT',
        description: 'Given padding within 12..1024 that leaves the plaintext not a multiple of 16: refused.',
        rules: ['R1.3', 'R3.4'],
      },
      MessageNotWords: {
        bugType: 'MALFORMED_INPUT',
        description: 'A message whose length is not a multiple of 4 cannot be a TL serialization: refused.',
        rules: ['R3.2', 'R7.1'],
      },
      WrongKeyLength: {
        bugType: 'MALFORMED_INPUT',
        description: 'The chat key is exactly 256 bytes.',
        rules: ['R4.7'],
      },
      WrongKeyOffset: {
        bugType: 'MALFORMED_INPUT',
        description: 'x is 0 or 8 and nothing else.',
        rules: ['R2.3'],
      },
    },
    groups: [
      { ...ENCRYPT, tests: exact },
      { ...ENCRYPT_OWN_PADDING, verify: 'decrypt', tests: ownPadding },
      { ...ENCRYPT, error: 'bad_input', tests: badPadding },
      { ...ENCRYPT_OWN_PADDING, error: 'bad_input', tests: badMessage },
    ],
    crossCheckers: [independentEncryptChecker, verifyChecker],
  };
}

const independentEncryptChecker: CrossChecker = {
  implementation:
    'independent R3.6 encrypt over the node:crypto oracle (oracleMsgKey, oracleKdf, oracleIgeEncrypt, SHA-1 of node:crypto)',
  covers: 'e2e.encrypt with padding: every byte-exact wire reproduced, every invalid argument refused',
  check(group, t) {
    const key = fromHex(t.fields.key as string);
    const x = t.fields.x as number;
    const message = fromHex(t.fields.message as string);
    if (t.fields.padding === undefined) {
      // No padding: only the invalid messages are judged here (verifyChecker covers the valid ones).
      if (group.verify !== undefined) return 'skip';
      return (
        independentEncrypt(
          key,
          x,
          message,
          new Uint8Array(12 + ((16 - ((4 + message.length + 12) % 16)) % 16)),
        ) === undefined
      );
    }
    const got = independentEncrypt(key, x, message, fromHex(t.fields.padding as string));
    if (t.result === 'invalid') return got === undefined;
    return got !== undefined && toHex(got) === t.fields.data;
  },
};

/**
 * The runner's check of a `verify: "decrypt"` test, run on an independent encryption with the
 * smallest and the largest padding the message allows: the reference and the independent decrypt
 * must both recover the message. It shows that each such test can be passed.
 */
const verifyChecker: CrossChecker = {
  implementation:
    'independent encrypt (smallest and largest padding) decrypted by the reference and by the independent R3.7 decrypt',
  covers: 'e2e.encrypt without padding (verify: decrypt): every valid test',
  check(group, t) {
    if (group.verify !== 'decrypt' || t.result !== 'valid') return 'skip';
    const key = fromHex(t.fields.key as string);
    const x = t.fields.x as 0 | 8;
    const message = fromHex(t.fields.message as string);
    const lengths = allowedPaddingLengths(message.length);
    return [lengths[0]!, lengths[lengths.length - 1]!].every((length) => {
      const data = independentEncrypt(key, x, message, new Uint8Array(length).fill(0xa5));
      if (data === undefined) return false;
      const r = decryptEnvelope(key, senderForKeyOffset(x), data);
      const mine = independentDecrypt(key, x, data);
      return (
        r.ok &&
        toHex(r.message) === t.fields.message &&
        mine !== undefined &&
        toHex(mine) === t.fields.message
      );
    });
  },
};
