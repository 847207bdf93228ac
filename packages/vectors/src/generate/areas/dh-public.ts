// DH public-value vectors (R4.3, D12): dh.check_public on both sides of every line — 1 < v < p − 1
// (MUST) and the 2^1984 safety margin (recommended; TDLib enforces it with inclusive bounds) —
// with short and over-long encodings, the official g_a and g_b, and a second prime so that p is
// not hard-coded. Cross-checked by BigInt comparisons written here from R4.3.
import { loadKnownAnswers } from '@conform/known-answers';
import { checkDhPublic } from '@conform/reference';
import { getDiffieHellman } from 'node:crypto';
import type { Area, CrossChecker, DraftGroup, DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';
import { ANDROID_UTILITIES, D_E2E, D_SEC, MADELINE_CRYPT, TDLIB_DH } from '../links.js';

/** R4.3: 2^(2048 − 64), written again here (not imported from the reference). */
const MARGIN = 1n << 1984n;

const CHECK = {
  type: 'DhPublicTest',
  op: 'dh.check_public',
  inputs: { p: 'p', value: 'value' },
  outputs: {},
  error: 'bad_public',
};

function big(hex: string): bigint {
  return hex.length === 0 ? 0n : BigInt('0x' + hex);
}

/** Big-endian hex of n in exactly `length` bytes (left-padded); length 0 means the minimal form. */
function hexOf(n: bigint, length = 256): string {
  const hex = n.toString(16);
  const minimal = hex.length % 2 === 0 ? hex : '0' + hex;
  return length === 0 ? minimal : minimal.padStart(2 * length, '0');
}

interface Case {
  key: string;
  comment: string;
  flags: string[];
  value: string;
}

export function dhPublicArea(ctx: GenerationContext): Area {
  const sample = loadKnownAnswers('dh-official-sample.json');
  const P = big(sample.p);
  const modp14Hex = getDiffieHellman('modp14').getPrime('hex');
  const Q = big(modp14Hex);
  const rng = ctx.rng('dh-public');

  // The verdicts come from the reference: its default ('recommended': MUST range plus the margin,
  // inclusive as TDLib) and its 'required' range (the docs' MUST only). Where they differ, real
  // clients differ (D12): the vector is acceptable. One more split is real: p − 2^1984 itself,
  // which TDLib (inclusive) and Android (no margin) accept and MadelineProto (exclusive upper bound)
  // rejects.
  function draft(pHex: string, c: Case): DraftTest {
    const p = fromHex(pHex);
    const value = fromHex(c.value);
    const recommended = checkDhPublic(p, value).ok;
    const required = checkDhPublic(p, value, { range: 'required' }).ok;
    if (recommended && !required)
      throw new Error(`dh-public: ${c.key}: the margin accepts what the MUST range refuses`);
    const upperBound = big(c.value) === big(pHex) - MARGIN;
    const result = !required ? 'invalid' : recommended && !upperBound ? 'valid' : 'acceptable';
    const divergence = result === 'acceptable' && !c.flags.some((f) => f.startsWith('DivergenceD12'));
    if (divergence) throw new Error(`dh-public: ${c.key} is acceptable but has no D12 flag`);
    if (result === 'invalid' && !c.flags.includes('OutOfRange') && !c.flags.includes('ReducedModP'))
      throw new Error(`dh-public: ${c.key} is invalid but not flagged as out of range`);
    // --strict wants the strict reading: the group's error, except at p − 2^1984, which the strict
    // reference accepts (TDLib's inclusive bound); `strict: "valid"` says so.
    const strict = result === 'acceptable' && recommended ? { strict: 'valid' } : {};
    return {
      key: c.key,
      comment: c.comment,
      flags: c.flags,
      result,
      fields: { p: pHex, value: c.value, ...strict },
    };
  }

  const known: Case[] = [
    {
      key: 'official-g_a',
      comment: 'official sample g_a (server value)',
      flags: ['KnownAnswer'],
      value: sample.g_a,
    },
    {
      key: 'official-g_b',
      comment: 'official sample g_b = 3^b mod p',
      flags: ['KnownAnswer'],
      value: sample.g_b,
    },
  ];

  // Every line of R4.3 on the official prime, with a value on each side.
  const lines: [string, string, bigint, string[]][] = [
    ['zero', '0', 0n, ['OutOfRange']],
    ['one', '1', 1n, ['OutOfRange']],
    [
      'two',
      '2: the smallest value the MUST range admits, far below the margin',
      2n,
      ['DivergenceD12SafetyMargin'],
    ],
    ['margin-minus-1', '2^1984 − 1: one below the margin', MARGIN - 1n, ['DivergenceD12SafetyMargin']],
    ['margin', '2^1984: the lower margin bound itself (inclusive)', MARGIN, ['SafetyMarginBound']],
    ['margin-plus-1', '2^1984 + 1', MARGIN + 1n, ['SafetyMarginBound']],
    [
      'p-minus-margin-minus-1',
      'p − 2^1984 − 1: the largest value every client accepts',
      P - MARGIN - 1n,
      ['SafetyMarginBound'],
    ],
    ['p-minus-margin', 'p − 2^1984: the upper margin bound itself', P - MARGIN, ['DivergenceD12UpperBound']],
    [
      'p-minus-margin-plus-1',
      'p − 2^1984 + 1: one above the margin',
      P - MARGIN + 1n,
      ['DivergenceD12SafetyMargin'],
    ],
    ['p-minus-2', 'p − 2: the largest value the MUST range admits', P - 2n, ['DivergenceD12SafetyMargin']],
    ['p-minus-1', 'p − 1 (the element of order 2)', P - 1n, ['OutOfRange']],
    ['p', 'p', P, ['OutOfRange']],
    ['p-plus-1', 'p + 1', P + 1n, ['OutOfRange']],
    ['2-pow-2048-minus-1', '2^2048 − 1: 256 bytes of ff', (1n << 2048n) - 1n, ['OutOfRange']],
  ];
  const boundaries: Case[] = lines.map(([key, comment, v, flags]) => ({
    key,
    comment: `official p, value = ${comment} (256 bytes)`,
    flags,
    value: hexOf(v),
  }));
  boundaries.push({
    key: '2-pow-2048',
    comment: 'official p, value = 2^2048: 257 bytes 01 00…00',
    flags: ['OutOfRange'],
    value: hexOf(1n << 2048n, 257),
  });
  {
    // g_a + p ≡ g_a (mod p): an implementation that reduces the value mod p before checking accepts it.
    const v = big(sample.g_a) + P;
    boundaries.push({
      key: 'g_a-plus-p',
      comment: 'official p, value = g_a + p (257 bytes): congruent to a valid g_a but ≥ p',
      flags: ['ReducedModP'],
      value: hexOf(v, 0),
    });
  }

  // Encodings: the value is a big-endian number of any length (R4.3).
  const encodings: Case[] = [
    { key: 'zero-empty', comment: 'official p, value = 0 as 0 bytes', flags: ['OutOfRange'], value: '' },
    {
      key: 'one-1-byte',
      comment: 'official p, value = 1 as the single byte 01',
      flags: ['OutOfRange'],
      value: '01',
    },
    {
      key: 'two-1-byte',
      comment: 'official p, value = 2 as the single byte 02',
      flags: ['DivergenceD12SafetyMargin', 'ShortEncoding'],
      value: '02',
    },
    {
      key: 'margin-minimal',
      comment: 'official p, value = 2^1984 in its minimal 249 bytes',
      flags: ['SafetyMarginBound', 'ShortEncoding'],
      value: hexOf(MARGIN, 0),
    },
    {
      key: 'g_a-leading-zero',
      comment: 'official p, value = official g_a as 257 bytes with a leading 0x00',
      flags: ['LeadingZeroBytes'],
      value: '00' + sample.g_a,
    },
    {
      key: 'g_b-leading-zeros-260',
      comment: 'official p, value = official g_b as 260 bytes (four leading zero bytes)',
      flags: ['LeadingZeroBytes'],
      value: '00000000' + sample.g_b,
    },
    {
      key: 'p-minus-1-leading-zero',
      comment: 'official p, value = p − 1 as 257 bytes with a leading 0x00',
      flags: ['OutOfRange', 'LeadingZeroBytes'],
      value: '00' + hexOf(P - 1n),
    },
  ];

  // A second prime, so that an implementation with p hard-coded fails.
  const random = MARGIN + (big(toHex(rng(256))) % (Q - 2n * MARGIN));
  const second: Case[] = [
    {
      key: 'modp14-random',
      comment: 'RFC 3526 prime, a pseudorandom value inside the margin',
      flags: ['OtherPrime'],
      value: hexOf(random),
    },
    {
      key: 'modp14-margin',
      comment: 'RFC 3526 prime, value = 2^1984',
      flags: ['OtherPrime', 'SafetyMarginBound'],
      value: hexOf(MARGIN),
    },
    {
      key: 'modp14-margin-minus-1',
      comment: 'RFC 3526 prime, value = 2^1984 − 1',
      flags: ['OtherPrime', 'DivergenceD12SafetyMargin'],
      value: hexOf(MARGIN - 1n),
    },
    {
      key: 'modp14-p-minus-margin-minus-1',
      comment: 'RFC 3526 prime, value = p − 2^1984 − 1',
      flags: ['OtherPrime', 'SafetyMarginBound'],
      value: hexOf(Q - MARGIN - 1n),
    },
    {
      key: 'modp14-p-minus-margin',
      comment: 'RFC 3526 prime, value = p − 2^1984',
      flags: ['OtherPrime', 'DivergenceD12UpperBound'],
      value: hexOf(Q - MARGIN),
    },
    {
      key: 'modp14-p-minus-2',
      comment: 'RFC 3526 prime, value = p − 2',
      flags: ['OtherPrime', 'DivergenceD12SafetyMargin'],
      value: hexOf(Q - 2n),
    },
    {
      key: 'modp14-p-minus-1',
      comment: 'RFC 3526 prime, value = p − 1',
      flags: ['OtherPrime', 'OutOfRange'],
      value: hexOf(Q - 1n),
    },
    {
      key: 'modp14-official-p-minus-1',
      comment: 'RFC 3526 prime, value = official p − 1: inside this p’s range (catches a hard-coded p)',
      flags: ['OtherPrime', 'SafetyMarginBound'],
      value: hexOf(P - 1n),
    },
  ];
  if (!(P - 1n < Q - MARGIN && P - 1n > MARGIN))
    throw new Error('dh-public: official p − 1 is not inside modp14’s margin');

  const groups: DraftGroup[] = [
    { ...CHECK, source: sample.source, tests: known.map((c) => draft(sample.p, c)) },
    { ...CHECK, tests: boundaries.map((c) => draft(sample.p, c)) },
    { ...CHECK, tests: encodings.map((c) => draft(sample.p, c)) },
    { ...CHECK, tests: second.map((c) => draft(modp14Hex, c)) },
  ];

  return {
    file: 'dh_public_test.json',
    algorithm: 'DH-PUBLIC',
    schema: 'dh_public_test_schema_v1.json',
    header: [
      'Range checks on a DH public value g_a or g_b (docs/spec.md R4.3, divergence D12). p is a valid 256-byte prime.',
      'value is big-endian hex of any length (leading zero bytes allowed). Invalid tests violate the MUST 1 < value < p − 1 and must fail with bad_public.',
      'The docs only recommend 2^1984 ≤ value ≤ p − 2^1984; TDLib enforces it (inclusive), Android does not, MadelineProto enforces it with an exclusive upper bound.',
      'So values between the MUST range and the margin are acceptable (D12); 2^1984 itself is valid (all three accept it), p − 2^1984 is acceptable.',
    ],
    notes: {
      KnownAnswer: {
        bugType: 'KNOWN_ANSWER',
        description: 'The official sample g_a and g_b: both lie inside the margin and must be accepted.',
        rules: ['R4.3'],
        links: ['https://core.telegram.org/mtproto/samples-auth_key'],
      },
      OutOfRange: {
        bugType: 'MISSING_CHECK',
        description:
          "value ≤ 1 or value ≥ p − 1 (0, 1, p − 1, p, p + 1, ≥ 2^2048): the docs' MUST. 1 and p − 1 confine the key to {1, p − 1}; catches a missing check or an off-by-one at either end.",
        rules: ['R4.3'],
        links: [D_E2E, D_SEC, TDLIB_DH, ANDROID_UTILITIES],
      },
      ReducedModP: {
        bugType: 'MODIFIED_INPUT',
        description:
          'value ≥ p but congruent to a valid value: catches reducing mod p before the range check.',
        rules: ['R4.3'],
      },
      SafetyMarginBound: {
        bugType: 'EDGE_CASE',
        description:
          'Values on or just inside the margin (2^1984, 2^1984 + 1, p − 2^1984 − 1): accepted by TDLib (inclusive bounds), Android (no margin) and MadelineProto (lower bound inclusive). Catches an off-by-one that rejects the lower bound.',
        rules: ['R4.3'],
        links: [TDLIB_DH, MADELINE_CRYPT],
      },
      DivergenceD12SafetyMargin: {
        bugType: 'DIVERGENCE',
        description:
          'Strictly between the MUST range and the recommended margin (1 < v < 2^1984 or p − 2^1984 < v < p − 1): TDLib and MadelineProto reject, Android Utilities.isGoodGaAndGb (only 1 < v < p − 1) and a docs-minimal client accept. Either outcome is allowed; rejecting is recommended.',
        rules: ['R4.3', 'D12'],
        links: [D_E2E, TDLIB_DH, ANDROID_UTILITIES, MADELINE_CRYPT],
      },
      DivergenceD12UpperBound: {
        bugType: 'DIVERGENCE',
        description:
          'Exactly p − 2^1984: TDLib (rejects iff v > p − 2^1984) and Android accept, MadelineProto Crypt::checkG (rejects iff v ≥ p − 2^1984) rejects; the docs\' "between" does not settle it. Either outcome is allowed.',
        rules: ['R4.3', 'D12'],
        links: [TDLIB_DH, MADELINE_CRYPT, ANDROID_UTILITIES],
      },
      ShortEncoding: {
        bugType: 'EDGE_CASE',
        description:
          'A value in fewer than 256 bytes: it is a big-endian number of any length, not a fixed-width field.',
        rules: ['R4.3'],
      },
      LeadingZeroBytes: {
        bugType: 'EDGE_CASE',
        description:
          'A value longer than 256 bytes only by leading zero bytes: compare numbers, not byte lengths.',
        rules: ['R4.3'],
      },
      OtherPrime: {
        bugType: 'BASIC',
        description:
          'The RFC 3526 2048-bit MODP prime instead of the official one: catches bounds computed from a hard-coded p.',
        rules: ['R4.3'],
        links: ['https://www.rfc-editor.org/rfc/rfc3526#section-3'],
      },
    },
    groups,
    crossCheckers: [rangeChecker()],
  };
}

/** R4.3 by plain BigInt comparisons: MUST 1 < v < p − 1; every client accepts 2^1984 ≤ v < p − 2^1984. */
function rangeChecker(): CrossChecker {
  return {
    implementation: 'BigInt comparisons written in the generator from R4.3 and the D12 client survey',
    covers: 'dh.check_public, every test (valid, invalid and acceptable)',
    check(_group, t) {
      const p = big(t.fields.p as string);
      const v = big(t.fields.value as string);
      const must = v > 1n && v < p - 1n;
      const everyone = must && v >= MARGIN && v < p - MARGIN;
      const expected = !must ? 'invalid' : everyone ? 'valid' : 'acceptable';
      return expected === t.result;
    },
  };
}
