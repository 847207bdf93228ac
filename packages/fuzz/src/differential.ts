// Differential inputs: one arbitrary per stateless op of PROTOCOL.md §5, drawn to hit the edges the
// rules name — empty data, one block, lengths that are not whole blocks (bad_input), padding of
// 11/12/1024/1025 bytes (R3.4), x outside {0, 8} (R2.3), DH values at 1, 2, 2^1984 ± 1,
// p − 2^1984 ± 1, p − 1 and p (R4.3), primes that are not safe and generators that are not
// residues (R4.2), key_hash lengths other than 36 and 16 (R8.2), g_a of 0 or 257 bytes (R8.3), TL
// objects of the secret layer (R7.1) and of the server API (R4.8), each codec also given the
// other's — next to plain random ones.
import fc from 'fast-check';
import { computeKeyFingerprint, computeKeyHash } from '@conform/reference';
import { loadVectorFile } from '@conform/vectors';
import { bigToBytes, bigToMinimalBytes, bytesToBig, concat, expand, fromHex, toHex } from './bytes.js';
import type { FuzzCase } from './case.js';
import { API_TL, SECRET_TL, type TlArbitraries } from './tl-arbitraries.js';

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/** Bytes of a length drawn from `length`, content expanded from a seed (cheap to draw and shrink). */
export const bytesOf = (length: fc.Arbitrary<number>, salt: string): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(length, fc.nat(), fc.integer({ min: 0, max: 9 }))
    .map(([n, seed, fill]) => (fill === 0 ? new Uint8Array(n) : expand(seed, n, salt)));

/** An exact length, now and then one off or empty (the op must answer bad_input, PROTOCOL.md §3). */
const lengthAround = (n: number): fc.Arbitrary<number> =>
  fc.oneof(w(30, fc.constant(n)), w(1, fc.constantFrom(0, n - 1, n + 1, 2 * n)));

/** Whole blocks (R1), with the edges first; rarely a ragged length, which is bad_input. */
export const blockLength = (maxBlocks: number): fc.Arbitrary<number> =>
  fc.oneof(
    { withCrossShrink: true },
    w(4, fc.constantFrom(0, 16, 32, 48)),
    w(
      8,
      fc.integer({ min: 0, max: maxBlocks }).map((k) => 16 * k),
    ),
    w(1, fc.oneof(fc.constantFrom(1, 15, 17, 31, 33), fc.integer({ min: 1, max: 16 * maxBlocks }))),
  );

const FIXED_KEYS = [
  new Uint8Array(256),
  new Uint8Array(256).fill(0xff),
  Uint8Array.from({ length: 256 }, (_, i) => i),
];

/** A 256-byte chat key (R4.7): a few fixed ones, mostly pseudo-random. */
export const chatKeyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  w(1, fc.constantFrom(...FIXED_KEYS)),
  w(
    6,
    fc.nat().map((s) => expand(s, 256, 'key')),
  ),
);

const keyArgArb = (n: number, salt: string): fc.Arbitrary<string> =>
  fc
    .oneof(
      w(30, n === 256 ? chatKeyArb : bytesOf(fc.constant(n), salt)),
      w(1, bytesOf(lengthAround(n), salt)),
    )
    .map(toHex);

/** The sender's key offset x (R2.3): 0 or 8, rarely something else (bad_input). */
export const xArb: fc.Arbitrary<number> = fc.oneof(
  w(20, fc.constantFrom(0, 8)),
  w(1, fc.constantFrom(-8, 1, 4, 7, 9, 16, 2 ** 31)),
);

// ---- DH values (R4.2, R4.3, R4.5, R4.7) ---------------------------------------------------------

/** Every distinct p of the bundled dh_params vectors: safe primes, primes that are not safe, composites, bad sizes. */
const P_CORPUS: readonly string[] = [
  ...new Set(
    loadVectorFile('dh_params_test.json').testGroups.flatMap((g) => g.tests.map((t) => String(t.p))),
  ),
];
const OFFICIAL_P = P_CORPUS.find((p) => p.startsWith('c71caeb9'))!;
/** The 256-byte values of the corpus that are safe primes with a generator (valid test): fine moduli. */
const SAFE_PRIMES: readonly string[] = [
  ...new Set(
    loadVectorFile('dh_params_test.json').testGroups.flatMap((g) =>
      g.tests.filter((t) => t.result === 'valid').map((t) => String(t.p)),
    ),
  ),
];
const MARGIN = 1n << 1984n;

/** A p for dh.check_params: the corpus, or a corpus p with a flipped bit, a cut or an extra byte. */
const checkParamsPArb: fc.Arbitrary<string> = fc.oneof(
  w(8, fc.constantFrom(...P_CORPUS)),
  w(
    2,
    fc
      .tuple(
        fc.constantFrom(...SAFE_PRIMES),
        // A few bit positions only: each distinct composite costs a Miller–Rabin round on both
        // sides once (the verdicts are memoized by p), so the set of p's stays small.
        fc.constantFrom(0, 1, 2, 5, 7, 64, 1000, 2046, 2047),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([p, bit, how]) => {
        const bytes = fromHex(p);
        if (how === 0) bytes[255 - (bit >> 3)]! ^= 1 << (bit & 7); // almost always composite now
        if (how === 1) return toHex(concat(new Uint8Array([0]), bytes)); // 257 bytes, leading zero
        if (how === 2) return toHex(bytes.subarray(1));
        return toHex(bytes);
      }),
  ),
  w(1, bytesOf(fc.constantFrom(0, 1, 255, 256, 257), 'p').map(toHex)),
);

const gParamArb: fc.Arbitrary<number> = fc.oneof(
  w(10, fc.integer({ min: 2, max: 7 })),
  w(2, fc.constantFrom(0, 1, -1, 8, 0x7fffffff, -0x80000000, 2 ** 31, 2 ** 40)),
);

/** A 256-byte p for the ops that take one as a modulus: a safe prime, rarely a wrong length. */
const modulusArb: fc.Arbitrary<string> = fc.oneof(
  w(30, fc.constantFrom(...SAFE_PRIMES)),
  w(1, bytesOf(fc.constantFrom(0, 255, 257), 'modulus').map(toHex)),
);

/** A value on or near an edge of R4.3 for the modulus `p`, as a number. */
function edgeValue(p: bigint, which: number, delta: bigint, random: Uint8Array): bigint {
  const edges = [0n, 1n, 2n, MARGIN, p - MARGIN, p - 2n, p - 1n, p, p + 1n, (1n << 2048n) - 1n];
  if (which < edges.length) {
    const v = edges[which]! + delta;
    return v < 0n ? 0n : v;
  }
  return bytesToBig(random) % p; // anywhere below p, almost always inside the margin
}

/** How a DH number is written: 256 bytes big-endian, minimal, with an extra zero byte, or empty for 0. */
function encodeValue(v: bigint, how: number): Uint8Array {
  if (v >= 1n << 2048n) return bigToMinimalBytes(v);
  if (how === 0) return bigToBytes(v, 256);
  if (how === 1) return v === 0n ? new Uint8Array(0) : bigToMinimalBytes(v);
  return concat(new Uint8Array([0]), bigToBytes(v, 256));
}

const publicValueArb = (pHex: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.integer({ min: 0, max: 13 }),
      fc.constantFrom(0n, 0n, 1n, -1n, 2n, -2n),
      fc.nat(),
      fc.oneof(w(6, fc.constant(0)), w(1, fc.constant(1)), w(1, fc.constant(2))),
      fc.integer({ min: 0, max: 3 }),
    )
    .map(([which, delta, seed, how, endian]) => {
      const p = pHex.length === 512 ? bytesToBig(fromHex(pHex)) : bytesToBig(fromHex(OFFICIAL_P));
      const bytes = encodeValue(edgeValue(p, which, delta, expand(seed, 256, 'public')), how);
      // Now and then the bytes reversed: a value read with the wrong byte order looks like another.
      return toHex(endian === 0 ? bytes.slice().reverse() : bytes);
    });

/** A DH secret (256 bytes, R4.5): mostly small numbers, which keep modpow cheap on both sides. */
const secretArb: fc.Arbitrary<string> = fc
  .oneof(
    w(
      8,
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => bigToBytes(v, 256)),
    ),
    w(
      1,
      fc.nat().map((s) => expand(s, 256, 'secret')),
    ),
    w(
      1,
      fc.constantFrom(0n, 1n, 2n, 3n).map((v) => bigToBytes(v, 256)),
    ),
    w(1, bytesOf(fc.constantFrom(0, 255, 257), 'secret')),
  )
  .map(toHex);

// ---- E2E envelope (R3) --------------------------------------------------------------------------

/** A TL message body: whole words (R7.1); rarely not, which e2e.encrypt refuses (bad_input). */
const messageArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { withCrossShrink: true },
  w(
    6,
    bytesOf(
      fc.integer({ min: 0, max: 96 }).map((k) => 4 * k),
      'message',
    ),
  ),
  w(2, SECRET_TL.bytes),
  w(1, bytesOf(fc.integer({ min: 1, max: 200 }), 'message')),
);

/**
 * A padding length for a message of `m` bytes: the allowed extremes, anything allowed, and the
 * lengths R3.4 forbids — aligned but < 12 or > 1024, and 11/12/1024/1025 whether aligned or not.
 */
export const paddingLength = (m: number): fc.Arbitrary<number> => {
  const align = (n: number) => n + ((16 - ((4 + m + n) % 16)) % 16);
  return fc.oneof(
    w(3, fc.constantFrom(align(12), align(1009))), // the smallest and the largest allowed
    w(
      4,
      fc.integer({ min: 0, max: 63 }).map((k) => align(12) + 16 * k),
    ),
    w(2, fc.constantFrom(align(0), align(1025))), // aligned, but (mostly) under 12 or over 1024
    w(2, fc.constantFrom(11, 12, 1024, 1025, 0)),
  );
};

const e2eEncryptArb: fc.Arbitrary<FuzzCase> = fc
  .tuple(keyArgArb(256, 'key'), xArb, messageArb)
  .chain(([key, x, message]) =>
    bytesOf(paddingLength(message.length), 'padding').map((padding): FuzzCase => ({
      op: 'e2e.encrypt',
      args: { key, x, message: toHex(message), padding: toHex(padding) },
      origin: 'differential',
    })),
  );

/** Raw wire bytes: random, or behind the key's real fingerprint so the check gets past step 2 (R3.7). */
const e2eDecryptArb: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    chatKeyArb,
    xArb,
    fc.oneof(
      { withCrossShrink: true },
      fc.constantFrom(0, 8, 23, 24, 39, 40, 41, 55, 56, 57),
      fc.integer({ min: 0, max: 64 }).map((k) => 24 + 16 * k),
      fc.integer({ min: 0, max: 1100 }),
    ),
    fc.nat(),
    fc.boolean(),
  )
  .map(([key, x, n, seed, withFingerprint]) => {
    let data = expand(seed, n, 'wire');
    if (withFingerprint && n >= 8) data = concat(computeKeyFingerprint(key), data.subarray(8));
    return { op: 'e2e.decrypt', args: { key: toHex(key), x, data: toHex(data) }, origin: 'differential' };
  });

// ---- Key visualization (R8.2, R8.3) -------------------------------------------------------------

/** key_hash lengths: 36 (R8.1) and the legacy 16 (R8.2); now and then any other, which is bad_input. */
const keyHashLength: fc.Arbitrary<number> = fc.oneof(
  w(12, fc.constantFrom(36, 16)),
  w(1, fc.constantFrom(0, 1, 15, 17, 20, 32, 35, 37, 72)),
  w(1, fc.integer({ min: 0, max: 80 })),
);

/**
 * A key_hash for key.picture: random bytes, one byte repeated (a bit order shows at once in the
 * picture of 0x1b…), or the key_hash of a chat key and its legacy first 16 bytes (R8.1).
 */
const keyHashArb: fc.Arbitrary<string> = fc
  .oneof(
    w(4, bytesOf(keyHashLength, 'keyhash')),
    w(
      1,
      fc.tuple(keyHashLength, fc.integer({ min: 0, max: 255 })).map(([n, b]) => new Uint8Array(n).fill(b)),
    ),
    w(
      1,
      fc
        .tuple(chatKeyArb, fc.boolean())
        .map(([key, legacy]) => computeKeyHash(key).subarray(0, legacy ? 16 : 36)),
    ),
  )
  .map(toHex);

/**
 * A caller's g_a for key.emoji (R8.3): 1..256 bytes hashed as given, so now and then with leading
 * zero bytes that a normalizing implementation would strip; rarely 0 or 257 bytes (bad_input).
 */
const gaArb: fc.Arbitrary<string> = fc
  .tuple(
    bytesOf(
      fc.oneof(
        w(6, fc.constant(256)),
        w(3, fc.integer({ min: 1, max: 256 })),
        w(2, fc.constantFrom(1, 2, 255)),
        w(1, fc.constantFrom(0, 257, 512)),
      ),
      'g_a',
    ),
    fc.oneof(w(4, fc.constant(0)), w(1, fc.integer({ min: 1, max: 3 }))),
  )
  .map(([drawn, zeros]) => {
    const gA = drawn.slice(); // fast-check may map the drawn value again while shrinking
    gA.fill(0, 0, Math.min(zeros, gA.length));
    return toHex(gA);
  });

// ---- TL codecs (R7.1, R4.8) ---------------------------------------------------------------------

/** `<prefix>.encode` and `<prefix>.decode` of one TL codec: valid, broken and foreign inputs. */
const tlCodecArbs = (prefix: 'tl' | 'api', arbs: TlArbitraries) =>
  [
    [`${prefix}.encode`, 4, arbs.encodeInput.map((object) => ({ object }))],
    [`${prefix}.decode`, 4, arbs.decodeInput.map((bytes) => ({ bytes: toHex(bytes) }))],
  ] as const;

/** The differential arbitraries by op, with a weight (DH ops cost modpows on both sides). */
export const DIFFERENTIAL: ReadonlyMap<string, { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }> =
  new Map(
    (
      [
        [
          'ige.encrypt',
          4,
          fc.record({
            key: keyArgArb(32, 'aes'),
            iv: keyArgArb(32, 'iv'),
            data: bytesOf(blockLength(64), 'data').map(toHex),
          }),
        ],
        [
          'ige.decrypt',
          4,
          fc.record({
            key: keyArgArb(32, 'aes'),
            iv: keyArgArb(32, 'iv'),
            data: bytesOf(blockLength(64), 'data').map(toHex),
          }),
        ],
        [
          'mtproto2.msg_key',
          4,
          fc.record({
            key: keyArgArb(256, 'key'),
            x: xArb,
            plaintext: bytesOf(blockLength(80), 'pt').map(toHex),
          }),
        ],
        [
          'mtproto2.kdf',
          4,
          fc.record({ key: keyArgArb(256, 'key'), msg_key: keyArgArb(16, 'msgkey'), x: xArb }),
        ],
        ['e2e.encrypt', 4, e2eEncryptArb],
        ['e2e.decrypt', 3, e2eDecryptArb],
        ['dh.check_params', 1, fc.record({ p: checkParamsPArb, g: gParamArb })],
        [
          'dh.check_public',
          4,
          modulusArb.chain((p) => fc.record({ p: fc.constant(p), value: publicValueArb(p) })),
        ],
        [
          'dh.public',
          2,
          fc.record({
            p: modulusArb,
            g: fc.oneof(w(10, fc.integer({ min: 2, max: 7 })), w(1, fc.constantFrom(0, 1, -1, 0x7fffffff))),
            secret: secretArb,
          }),
        ],
        [
          'dh.key',
          2,
          modulusArb.chain((p) =>
            fc.record({ p: fc.constant(p), public: publicValueArb(p), secret: secretArb }),
          ),
        ],
        ['key.fingerprint', 3, fc.record({ key: keyArgArb(256, 'key') })],
        [
          'key.visual',
          3,
          fc
            .tuple(keyArgArb(256, 'key'), fc.integer({ min: 0, max: 3 }), keyArgArb(256, 'key46'))
            .map(([key, how, key46]) =>
              how === 0 ? { key } : how === 1 ? { key, key46: key } : { key, key46 },
            ),
        ],
        ['key.picture', 3, fc.record({ key_hash: keyHashArb })],
        ['key.emoji', 3, fc.record({ key: keyArgArb(256, 'key'), g_a: gaArb })],
        ...tlCodecArbs('tl', SECRET_TL),
        ...tlCodecArbs('api', API_TL),
      ] as const
    ).map(([op, weight, arb]) => {
      const arbitrary = (arb as fc.Arbitrary<FuzzCase | Record<string, unknown>>).map((v): FuzzCase =>
        'op' in v && 'origin' in v ? (v as FuzzCase) : { op, args: v, origin: 'differential' },
      );
      return [op, { weight, arbitrary }] as const;
    }),
  );

export { OFFICIAL_P, SAFE_PRIMES, P_CORPUS };
