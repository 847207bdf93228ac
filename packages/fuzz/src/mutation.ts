// Mutation inputs for e2e.decrypt: valid wire messages built with the reference (encryptEnvelope,
// R3.6), then changed. Changes to the bytes on the wire (bit flips, truncation, extension, swapped
// blocks) must be caught by the fingerprint, the block structure or msg_key (R3.7 steps 1–4).
// Re-sealed plaintexts — a correct msg_key over a broken inner structure (sealPlaintext) — reach
// step 5: a length field beyond the data, padding < 12 or > 1024 (R3.4), L % 4 ≠ 0 (D3). Whatever
// the reference rejects the implementation must reject with `rejected` (R3.8), and vice versa.
import fc from 'fast-check';
import {
  allowedPaddingLengths,
  encryptEnvelope,
  sealPlaintext,
  senderForKeyOffset,
} from '@conform/reference';
import { concat, expand, le32, toHex } from './bytes.js';
import type { FuzzCase } from './case.js';
import { chatKeyArb } from './differential.js';
import { SECRET_TL } from './tl-arbitraries.js';

interface Base {
  readonly key: Uint8Array;
  readonly x: 0 | 8;
  readonly message: Uint8Array;
  readonly padding: Uint8Array;
}

// Small bodies first: with cross-shrinking, a finding on a 4 KiB body shrinks to a small one.
const messageArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { withCrossShrink: true },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 64 }), fc.nat())
      .map(([words, seed]) => expand(seed, 4 * words, 'body')),
  },
  { weight: 2, arbitrary: SECRET_TL.bytes },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 250, max: 1100 }), fc.nat())
      .map(([words, seed]) => expand(seed, 4 * words, 'body')),
  },
);

/** A valid message (R3.4: 12..1024 bytes of padding, whole blocks), with the edges of padding first. */
const baseArb: fc.Arbitrary<Base> = fc
  .tuple(chatKeyArb, fc.constantFrom<0 | 8>(0, 8), messageArb, fc.nat(), fc.nat(), fc.boolean())
  .map(([key, x, message, pick, seed, edge]) => {
    const allowed = allowedPaddingLengths(message.length);
    const length = edge ? (pick % 2 === 0 ? allowed[0]! : allowed.at(-1)!) : allowed[pick % allowed.length]!;
    return { key, x, message, padding: expand(seed, length, 'pad') };
  });

type Mutate = (base: Base, wire: Uint8Array) => { data: Uint8Array; x?: number; what: string };

const role = (x: 0 | 8) => senderForKeyOffset(x);

/** Pads `plaintext` with `n` more bytes of noise to a whole number of blocks. */
const toBlocks = (plaintext: Uint8Array, seed: number) =>
  concat(plaintext, expand(seed, (16 - (plaintext.length % 16)) % 16, 'fill'));

/**
 * Re-encrypts `plaintext` under the right key with a correct msg_key (R2.4) whatever its framing,
 * after filling it to whole blocks (the fill counts as padding).
 */
const reseal = (base: Base, plaintext: Uint8Array) =>
  sealPlaintext(base.key, role(base.x), toBlocks(plaintext, base.padding.length));

const mutations: readonly fc.Arbitrary<Mutate>[] = [
  fc.constant<Mutate>((_b, wire) => ({ data: wire, what: 'none (a valid message)' })),
  // A bit flip: in the fingerprint, msg_key, the first block (the length field) or anywhere.
  fc
    .tuple(fc.oneof(fc.integer({ min: 0, max: 39 }), fc.nat()), fc.nat(7))
    .map(([at, bit]): Mutate => (_b, wire) => {
      const data = wire.slice();
      const i = at % data.length;
      data[i]! ^= 1 << bit;
      return { data, what: `bit ${bit} of byte ${i} flipped` };
    }),
  fc.nat().map((n): Mutate => (_b, wire) => {
    const keep = n % wire.length;
    return { data: wire.subarray(0, keep), what: `truncated to ${keep} of ${wire.length} bytes` };
  }),
  fc
    .tuple(fc.oneof(fc.constantFrom(1, 15, 16, 32), fc.integer({ min: 1, max: 64 })), fc.nat())
    .map(([n, seed]): Mutate => (_b, wire) => ({
      data: concat(wire, expand(seed, n, 'extra')),
      what: `extended by ${n} bytes`,
    })),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutate => (_b, wire) => {
    const blocks = (wire.length - 24) / 16;
    const a = i % blocks;
    const b = j % blocks;
    const data = wire.slice();
    data.set(wire.subarray(24 + 16 * b, 40 + 16 * b), 24 + 16 * a);
    data.set(wire.subarray(24 + 16 * a, 40 + 16 * a), 24 + 16 * b);
    return { data, what: `ciphertext blocks ${a} and ${b} swapped` };
  }),
  // The receiver assumes the wrong sender: x of the other side (R2.3).
  fc.constant<Mutate>((b, wire) => ({ data: wire, x: 8 - b.x, what: 'decrypted with the other side’s x' })),
  // Correct msg_key, broken framing (step 5 of R3.7).
  fc
    .oneof(
      fc.integer({ min: 1, max: 3 }), // L % 4 ≠ 0 (D3)
      fc.integer({ min: 1, max: 64 }).map((k) => 4 * k), // beyond the data, or into the padding
      fc.constantFrom(0x7fffffff, 0xffffffff, 0x80000000, 0xfffffffc),
    )
    .map((delta): Mutate => (b) => {
      const length = delta >= 0x7fffffff ? delta : b.message.length + delta;
      const data = reseal(b, concat(le32(length), b.message, b.padding));
      return { data, what: `length field edited to ${length} (message ${b.message.length} B), re-sealed` };
    }),
  fc.integer({ min: 1, max: 3 }).map((d): Mutate => (b) => {
    // L % 4 ≠ 0 and shorter than the message: the body is cut mid-word (D3).
    const length = Math.max(0, b.message.length - 4) + d;
    const data = reseal(b, concat(le32(length), b.message, b.padding));
    return { data, what: `length field ${length} (not a multiple of 4), re-sealed` };
  }),
  // Padding outside 12..1024 (R3.4) with a correct length field and msg_key.
  fc.tuple(fc.constantFrom(0, 4, 8), fc.nat()).map(([n, seed]): Mutate => (b) => {
    // The message grows by 0..12 bytes so that exactly n bytes of padding end on a block.
    const grow = (16 - ((4 + b.message.length + n) % 16)) % 16;
    const message = concat(b.message, expand(seed, grow, 'grow'));
    const plaintext = concat(le32(message.length), message, expand(seed, n, 'pad'));
    return { data: reseal(b, plaintext), what: `re-sealed with ${n} bytes of padding` };
  }),
  fc.tuple(fc.integer({ min: 1025, max: 1100 }), fc.nat()).map(([n, seed]): Mutate => (b) => {
    const body = concat(le32(b.message.length), b.message);
    const plaintext = toBlocks(concat(body, expand(seed, n, 'pad')), seed);
    return {
      data: reseal(b, plaintext),
      what: `re-sealed with ${plaintext.length - body.length} bytes of padding`,
    };
  }),
  // The padding edited: 16 bytes more or fewer, same length field, re-sealed.
  fc.tuple(fc.boolean(), fc.nat()).map(([more, seed]): Mutate => (b) => {
    const padding = more
      ? concat(b.padding, expand(seed, 16, 'more'))
      : b.padding.subarray(0, Math.max(0, b.padding.length - 16));
    const plaintext = concat(le32(b.message.length), b.message, padding);
    return {
      data: reseal(b, plaintext),
      what: `padding ${more ? 'extended' : 'shortened'} to ${padding.length} bytes, re-sealed`,
    };
  }),
];

/** Mutated e2e.decrypt cases. */
export const mutationArb: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    baseArb,
    fc.oneof(
      { weight: 1, arbitrary: mutations[0]! },
      ...mutations.slice(1).map((arbitrary) => ({ weight: 2, arbitrary })),
    ),
  )
  .map(([base, mutate]): FuzzCase => {
    const wire = encryptEnvelope(base.key, role(base.x), base.message, { padding: base.padding });
    const { data, x, what } = mutate(base, wire);
    return {
      op: 'e2e.decrypt',
      args: { key: toHex(base.key), x: x ?? base.x, data: toHex(data) },
      origin: 'mutation',
      mutation: what,
    };
  });
