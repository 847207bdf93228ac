// Call emoji vectors (R8.3): secret chats show the key picture (R8.2), never emoji; emoji belong to
// calls. key.emoji gives a call's four emoji as indices into the 333 emoticons: SHA256(key + g_a of
// the caller) read as four big-endian 64-bit integers, top bit cleared, modulo 333 (D-calls; TDLib
// get_emoji_fingerprints). Cross-checked by node:crypto SHA-256 and BigInt arithmetic on hex slices.
import { loadKnownAnswers } from '@conform/known-answers';
import { callEmojiIndices } from '@conform/reference';
import { createHash } from 'node:crypto';
import { draftTest, type Area, type CrossChecker, type DraftGroup, type DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';

const GROUP = {
  type: 'CallEmojiTest',
  op: 'key.emoji',
  inputs: { key: 'key', g_a: 'g_a' },
  outputs: { indices: 'indices' },
};

const TDLIB_SOURCE = 'https://github.com/tdlib/td/blob/master/td/telegram/misc.cpp';
const CALLS_DOC = 'https://core.telegram.org/api/end-to-end/voice-calls';
const TOP_BIT = 2n ** 63n;

export function callEmojiArea(ctx: GenerationContext): Area {
  const sample = loadKnownAnswers('dh-official-sample.json');
  const rng = ctx.rng('call-emoji');
  const valid = (key: string, comment: string, flags: string[], k: Uint8Array, gA: Uint8Array): DraftTest =>
    draftTest('valid', key, comment, flags, {
      key: toHex(k),
      g_a: toHex(gA),
      indices: callEmojiIndices(k, gA),
    });
  const chunks = (k: Uint8Array, gA: Uint8Array) => {
    const digest = createHash('sha256').update(k).update(gA).digest('hex');
    return [0, 1, 2, 3].map((i) => BigInt('0x' + digest.slice(16 * i, 16 * i + 16)));
  };

  const officialKey = fromHex(sample.auth_key);
  const officialGA = fromHex(sample.g_a);
  const tests: DraftTest[] = [
    valid(
      'official',
      "the official sample auth_key and g_a (spec §9.1) taken as a call key and the caller's g_a",
      ['OfficialSample'],
      officialKey,
      officialGA,
    ),
  ];
  for (let i = 0; i < 3; i++) {
    tests.push(
      valid(`random-${i}`, 'pseudorandom key and 256-byte g_a', ['Pseudorandom'], rng(256), rng(256)),
    );
  }
  // A g_a for which masking matters in the first chunk: the top bit is set and clearing it changes
  // the remainder (an unmasked or signed reading gives another emoji).
  for (let found = 0, n = 0; found < 2 && n < 10_000; n++) {
    const key = rng(256);
    const gA = rng(256);
    const first = chunks(key, gA)[0]!;
    if (first < TOP_BIT || first % 333n === (first - TOP_BIT) % 333n) continue;
    tests.push(
      valid(
        `top-bit-${found}`,
        'the first 64-bit chunk has its top bit set: it is cleared before the remainder',
        ['TopBitMasked'],
        key,
        gA,
      ),
    );
    found++;
  }
  {
    // g_a whose wire form is 255 bytes (its top byte was zero): hashed as given, not re-padded.
    const gA = rng(255);
    gA[0] = gA[0]! | 0x80;
    tests.push(
      valid(
        'short-g-a',
        "a 255-byte g_a is hashed as the caller's wire bytes, not padded to 256",
        ['GaAsOnWire'],
        rng(256),
        gA,
      ),
    );
  }

  const malformed = [
    draftTest('invalid', 'key-255-bytes', 'key of 255 bytes', ['WrongLength'], {
      key: toHex(rng(255)),
      g_a: sample.g_a,
    }),
    draftTest('invalid', 'g-a-empty', 'g_a of 0 bytes', ['WrongLength'], { key: sample.auth_key, g_a: '' }),
    draftTest('invalid', 'g-a-257-bytes', 'g_a of 257 bytes', ['WrongLength'], {
      key: sample.auth_key,
      g_a: toHex(rng(257)),
    }),
  ];

  const groups: DraftGroup[] = [
    { ...GROUP, tests },
    { ...GROUP, error: 'bad_input', tests: malformed },
  ];

  return {
    file: 'call_emoji_test.json',
    algorithm: 'CALL-EMOJI',
    schema: 'call_emoji_test_schema_v1.json',
    header: [
      'The emoji fingerprint of a call (docs/spec.md R8.3). Secret chats compare the key picture (key_picture_test.json), never emoji.',
      'indices = for each of the four 8-byte slices of SHA256(key + g_a): (big-endian value & 0x7FFFFFFFFFFFFFFF) mod 333, an index into the 333 emoticons of TDLib.',
      "key is 256 bytes; g_a is the caller's value as on the wire (1..256 bytes), hashed as given. Invalid tests must fail with bad_input.",
    ],
    notes: {
      OfficialSample: {
        bugType: 'BASIC',
        description:
          "The official DH sample's key and g_a used as call inputs (there is no published emoji answer); catches the wrong hash, order of inputs or slicing.",
        rules: ['R8.3'],
        links: [CALLS_DOC, TDLIB_SOURCE],
      },
      Pseudorandom: {
        bugType: 'BASIC',
        description: 'Pseudorandom keys and g_a values.',
        rules: ['R8.3'],
        links: [CALLS_DOC],
      },
      TopBitMasked: {
        bugType: 'EDGE_CASE',
        description:
          'A chunk with its top bit set: TDLib clears it before the remainder. Catches reading the chunk as unsigned (no mask) or as signed, and little-endian reads.',
        rules: ['R8.3'],
        links: [TDLIB_SOURCE],
      },
      GaAsOnWire: {
        bugType: 'EDGE_CASE',
        description: "g_a is hashed in the caller's wire length; catches re-padding it to 256 bytes.",
        rules: ['R8.3'],
      },
      WrongLength: {
        bugType: 'MALFORMED_INPUT',
        description: 'key must be 256 bytes and g_a 1..256 bytes; other lengths are refused with bad_input.',
        rules: ['R8.3', 'R4.7'],
      },
    },
    groups,
    crossCheckers: [emojiChecker(chunks)],
  };
}

function emojiChecker(chunks: (k: Uint8Array, gA: Uint8Array) => bigint[]): CrossChecker {
  return {
    implementation:
      'node:crypto SHA-256, hex slices read as BigInt, top bit removed by subtraction, in the generator',
    covers: 'key.emoji, every test (invalid: key not 256 bytes or g_a not 1..256 bytes)',
    check(_group, t) {
      const key = fromHex(t.fields.key as string);
      const gA = fromHex(t.fields.g_a as string);
      const wellFormed = key.length === 256 && gA.length >= 1 && gA.length <= 256;
      if (t.result !== 'valid') return !wellFormed;
      const expected = chunks(key, gA).map((c) => Number((c >= TOP_BIT ? c - TOP_BIT : c) % 333n));
      return wellFormed && JSON.stringify(expected) === JSON.stringify(t.fields.indices);
    },
  };
}
