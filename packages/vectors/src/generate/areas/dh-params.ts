// DH parameter vectors (R4.2): dh.check_params over the official prime, RFC 3526's 2048-bit MODP
// prime and a few committed safe primes, with every generator 2..7 each prime allows and refuses;
// p on both sides of the size line; g outside 2..7; primes that are not safe and composites that
// pass the residue rule. Cross-checked by node:crypto checkPrimeSync (OpenSSL) with the size and
// residue rules written here from the spec, and by Euler's criterion against the residue table.
import { loadKnownAnswers } from '@conform/known-answers';
import { checkDhParams, type DhParamsRejection } from '@conform/reference';
import { checkPrimeSync, getDiffieHellman } from 'node:crypto';
import type { Area, CrossChecker, DraftGroup, DraftTest } from '../area.js';
import { fromHex, toHex } from '../context.js';
import { ANDROID_UTILITIES, D_E2E, D_SEC, MADELINE_CRYPT, TDLIB_DH } from '../links.js';

// ---------------------------------------------------------------------------------------------
// Committed primes. Searching for 2048-bit safe primes takes minutes, so it was done once, offline,
// and the results are data; every claim below is re-verified with checkPrimeSync at generation.
//
// How they were found (node 20, OpenSSL 3): candidates p = start + dir·step·i, i = 0, 1, 2, …, in
// order; candidates where a number that must be prime (p, (p−1)/2 or both) has a prime factor
// 11 ≤ ℓ < 2^17 were sieved out; the first survivor with the wanted pattern (p and (p−1)/2 prime or
// composite, by checkPrimeSync with 64 rounds) was taken. seed(label) is the
// first 256 bytes of SHA-256(label ‖ 0x00 ‖ "0") ‖ SHA-256(label ‖ 0x00 ‖ "1") ‖ … with bit 2047
// set; "≡ r (mod 840)" fixes p mod 8, 3, 5 and 7, hence which generators the residue table allows.
// ---------------------------------------------------------------------------------------------
const TWO_2047 = 1n << 2047n;
const TWO_2048 = 1n << 2048n;

/** The smallest safe prime above 2^2047 (start 2^2047 rounded up to ≡ 11 mod 12, step 12, up). */
const SAFE_LOW = TWO_2047 + 709551n;
/** The largest safe prime below 2^2047: 2047 bits (start 2^2047 − 12 rounded up to ≡ 11 mod 12, step 12, down). */
const SAFE_2047 = TWO_2047 - 613269n;
/** The smallest safe prime above 2^2048: 2049 bits, 257 bytes (start 2^2048 rounded up to ≡ 11 mod 12, step 12, up). */
const SAFE_2049 = TWO_2048 + 10029811n;
/** Safe prime, start seed("conform dh safe prime A"), p ≡ 7 mod 8, 2 mod 3, 4 mod 5, 2 mod 7: g = 7 fails. */
const SAFE_A = big(
  '8d757edf90443e4672ac9b9022460462e7f19249d21ece3933fdac4d56df7923' +
    '7c1a1f53b531df71c12ee37879e1ed8f8be6795fa9e4b60db1e496f9fdd47dec' +
    '6f481acf1f94927993868139f89a9d56fbe65225c6c9697754528fe1b707a8de' +
    'de814bae27575861973229732f32bcf57a950395002725789419be306e5d44d0' +
    'fde909ccdd4889743de13329191d468db8842eb77e7ccde1d601c8b21138ea3f' +
    '19d5ed49d007da90d1613a4ff4decfe5f58efebc052b1f8b15d5cd6cd4608b5b' +
    'fd2054ed21b1d877a34c2cd69ec399ff4fb5948a622e5c7ea9fa52ba6f78d0dc' +
    'dde10117cf3e409e3105499a5d71eda242a92ee38a474fabc2d358231cc184cf',
);
/** Safe prime, start seed("conform dh safe prime B"), p ≡ 3 mod 8, 2 mod 3, 2 mod 5, 4 mod 7: only g = 3, 4 pass. */
const SAFE_B = big(
  'fd05b2059f094fdb515e836d47903c84fc7f83c87b01d314b163a37f0b653b91' +
    'b6eb6c2ee701964bb96f1921813b79d66d1b80652ce4539e2d6e6ac5132b82a8' +
    '4138ba1d57ea9290336d07604df8817e1b82028dec087ce9501f2a78e95a190e' +
    'a64e486321c1ae0da449c890a70f36b8dcff220f8d5d07f98b3a8ade2fa61718' +
    'd6717d65d5c5d5f6c40a8f6ece7c1711fcc735fbdf77bb95402db02d98d1e4d6' +
    'c1e2d19ef6fbc63d1e91683acdad51d54049f8f63c50ef766889fa0330341819' +
    'acba4836336efc3236b71122eb33fec2e0b10c36650919260020ea70b7374f9a' +
    'f7c407d240af80a6a16ca69c8d2a9d6e7ed3be48455c47013b6a84e4bbc664fb',
);
/** Prime, (p−1)/2 composite; start seed("conform dh non-safe prime"), p ≡ 7 mod 8, 2 mod 3, 4 mod 5, 3 mod 7: every g passes the residue rule. */
const PRIME_NOT_SAFE = big(
  'c55bc2a0c0f5f5a1160e26b8c0333b6a3a9ebe9b25a198120c5dba7f55fb7ec0' +
    'afa8e88d8da9ba929abc4b252d9ecdb4b35a3aa07dc61b8f57fb7ac6dfe485b3' +
    'b47bd0ef6985ceb3221c5ec67a26fb79d22e1c8768f2bcc86fb5931cba6c57c0' +
    '879923799737e57cc7fc1cd328891ecd2bb362d70f1bdcdfc3f117a4f161a513' +
    '4159cf071bc5f942c4e72ada100dc9290eec1acb177f530f169d8d919219e1ce' +
    '31acd26988e25c29f91f413b42a1722dfbdd08ea3f59ae2e9220b67e18119df4' +
    '488be961ca0bde40402e3f30b5f71c8d6bc47cc95a4a9bdf5930a3f0df584975' +
    'dff78bb77e0dbd260455bc99397393d559e2d4ed40f5ea09cc3cbff91283b5bf',
);
/** Prime, (p−1)/2 composite; start seed("conform dh prime 1 mod 3"), p ≡ 7 mod 8, 1 mod 3, 4 mod 5, 3 mod 7: g = 3 fails. */
const PRIME_1_MOD_3 = big(
  'd934b393f2201fbb3b57bbce410044b5ff3149d8f1923a452dc034cd2ee29fbe' +
    'ce4d78fa7d443a4efe563af7e07ead5a2ae3ddda9125f4cac8fe8c8c90be5656' +
    '7341f9707391b6ee4973c8d7ed568dfa5e83603342e2f782b287631473118c08' +
    '070e030cc864a296446fff841309f9eaf365e9a40f94f467504dd35c4e90c864' +
    '7920bdb960ccb42a6a6dad1db7b509ac0a06966887aeee5cd573644cef885b58' +
    '9fa938aa5819e590f5681621b14c2b41c216580918dac4be19cac4e62aef2cba' +
    'a45622b95423c00428a19a6b18ef9bda6fa2c6dc72695520e2dad712e094e6f5' +
    'bea56a31dec7d0ae25a0527d043cd1d2c88a47283f8e6a839fd4bbc32af24167',
);
/** Composite with (p−1)/2 prime; start seed("conform dh q prime p composite"), p ≡ 7 mod 8, 2 mod 3, 4 mod 5, 3 mod 7. */
const COMPOSITE_Q_PRIME = big(
  'd57bef37ffaf5f97f4ae24100041bbd0cb000ba1256fbde587cc95e0356ce9f2' +
    '4017cdc90e05ce3347d4090ceeb04db13cb28badab2efe8dc6b48f33aaa89e9a' +
    '155a4979c2927f31bcc0b28a437337e8e91296cfaa0314c301781bf61651050a' +
    '5149bab590537de5a8bb1bc4eb238d566a4d0eafb589169031e4cb8782920eaa' +
    'e369309f30a81903cd7a3a1c98b617cdad060aad2239933e1191deee6df38a1c' +
    'fcb84362f187d69621d717b54c81282fa4585d0392b42aebc09b51d6c3b7beab' +
    '6d2f0a232253367c0061f6c2758d3b8f694ed34c0096ef5b9e034df74a0d6709' +
    'd67ec8c17a3b415fed602e1474df63f53aa1e663295eb17646186c9039763497',
);

type Claim = 'safe_prime' | 'prime_not_safe' | 'composite_q_prime' | 'composite';

// node:crypto primality (OpenSSL BN_check_prime: at least 64 Miller–Rabin rounds at 2048 bits,
// whatever `checks` asks), memoized: each number is tested once per run.
const primeMemo = new Map<bigint, boolean>();
function isPrime(n: bigint): boolean {
  let verdict = primeMemo.get(n);
  if (verdict === undefined) {
    verdict = n >= 2n && checkPrimeSync(n);
    primeMemo.set(n, verdict);
  }
  return verdict;
}

function claimOf(p: bigint): Claim {
  const q = (p - 1n) / 2n;
  if (isPrime(p)) return isPrime(q) ? 'safe_prime' : 'prime_not_safe';
  return (p & 1n) === 1n && isPrime(q) ? 'composite_q_prime' : 'composite';
}

function verify(name: string, p: bigint, claim: Claim): bigint {
  const got = claimOf(p);
  if (got !== claim) throw new Error(`dh-params: ${name} was committed as ${claim} but is ${got}`);
  return p;
}

function big(hex: string): bigint {
  return BigInt('0x' + hex);
}

function bytesOf(n: bigint, length: number): Uint8Array {
  return fromHex(n.toString(16).padStart(2 * length, '0'));
}

/** The residue table of R4.2, written again from the spec (not imported). */
export const RESIDUE_RULE: Readonly<Record<number, (p: bigint) => boolean>> = {
  2: (p) => p % 8n === 7n,
  3: (p) => p % 3n === 2n,
  4: () => true,
  5: (p) => p % 5n === 1n || p % 5n === 4n,
  6: (p) => p % 24n === 19n || p % 24n === 23n,
  7: (p) => p % 7n === 3n || p % 7n === 5n || p % 7n === 6n,
};

const CHECK = {
  type: 'DhParamsTest',
  op: 'dh.check_params',
  inputs: { p: 'p', g: 'g' },
  outputs: {},
  error: 'bad_params',
};

interface Case {
  key: string;
  comment: string;
  flags: string[];
  p: Uint8Array;
  g: number;
  /** What the reference must conclude: 'ok' or its rejection reason (a guard on the vector's intent). */
  expect: 'ok' | DhParamsRejection;
  /** The reference rejects but real clients split: the vector is `acceptable`. */
  acceptable?: true;
}

function draft(c: Case): DraftTest {
  const verdict = checkDhParams(c.p, c.g);
  const got = verdict.ok ? 'ok' : verdict.reason;
  if (got !== c.expect)
    throw new Error(`dh-params: ${c.key}: the reference says ${got}, the vector means ${c.expect}`);
  const result = c.acceptable === true ? 'acceptable' : verdict.ok ? 'valid' : 'invalid';
  return { key: c.key, comment: c.comment, flags: c.flags, result, fields: { p: toHex(c.p), g: c.g } };
}

/** Every g in 2..7 against one 256-byte prime: valid where the residue rule allows g, invalid elsewhere. */
function everyGenerator(
  name: string,
  label: string,
  p: bigint,
  validFlags: string[],
  onlyFailing = false,
): Case[] {
  const tests: Case[] = [];
  for (let g = 2; g <= 7; g++) {
    const allowed = RESIDUE_RULE[g]!(p);
    if (allowed && onlyFailing) continue;
    tests.push({
      key: `${name}-g${g}`,
      comment: `${label}, g = ${g}: ${residueText(p, g)}${allowed ? '' : ' (fails)'}`,
      flags: allowed ? validFlags : ['GeneratorNotResidue'],
      p: bytesOf(p, 256),
      g,
      expect: allowed ? 'ok' : 'g_residue',
    });
  }
  return tests;
}

function residueText(p: bigint, g: number): string {
  switch (g) {
    case 2:
      return `p mod 8 = ${p % 8n}`;
    case 3:
      return `p mod 3 = ${p % 3n}`;
    case 4:
      return 'no residue condition';
    case 5:
      return `p mod 5 = ${p % 5n}`;
    case 6:
      return `p mod 24 = ${p % 24n}`;
    default:
      return `p mod 7 = ${p % 7n}`;
  }
}

export function dhParamsArea(): Area {
  const sample = loadKnownAnswers('dh-official-sample.json');
  const official = verify('official p', big(sample.p), 'safe_prime');
  const modp14 = verify('RFC 3526 modp14', big(getDiffieHellman('modp14').getPrime('hex')), 'safe_prime');
  verify('SAFE_LOW', SAFE_LOW, 'safe_prime');
  verify('SAFE_2047', SAFE_2047, 'safe_prime');
  verify('SAFE_2049', SAFE_2049, 'safe_prime');
  verify('SAFE_A', SAFE_A, 'safe_prime');
  verify('SAFE_B', SAFE_B, 'safe_prime');
  verify('PRIME_NOT_SAFE', PRIME_NOT_SAFE, 'prime_not_safe');
  verify('PRIME_1_MOD_3', PRIME_1_MOD_3, 'prime_not_safe');
  verify('COMPOSITE_Q_PRIME', COMPOSITE_Q_PRIME, 'composite_q_prime');
  // modp14 − 840: same residues mod 840 as modp14 (every g passes the table), p and (p−1)/2 composite.
  const composite = verify('modp14 − 840', modp14 - 840n, 'composite');
  if (SAFE_2047.toString(2).length !== 2047 || SAFE_2049.toString(2).length !== 2049)
    throw new Error('dh-params: the size-boundary primes have the wrong bit length');

  const officialP = bytesOf(official, 256);

  const known: Case[] = everyGenerator('official', 'official p', official, ['ValidParams']).map((c) =>
    c.g === 3
      ? { ...c, flags: ['KnownAnswer'], comment: `${c.comment}; the published configuration` }
      : c.g === 2
        ? { ...c, comment: `${c.comment}; some crawled copies of samples-auth_key print g = 2` }
        : c,
  );

  const rfc = everyGenerator('modp14', 'RFC 3526 2048-bit MODP prime', modp14, ['ValidParams']);

  const committed: Case[] = [
    ...everyGenerator('safe-a', 'committed safe prime A', SAFE_A, ['ValidParams']),
    // Only B's refused generators: each valid (p, g) costs the reference a full safe-prime test.
    ...everyGenerator('safe-b', 'committed safe prime B', SAFE_B, ['ValidParams'], true),
    ...everyGenerator('safe-low', 'smallest safe prime above 2^2047 (2^2047 + 709551)', SAFE_LOW, [
      'ValidParams',
      'PrimeSizeBoundary',
    ]),
  ];

  const size: Case[] = [
    {
      key: 'p-2047-bits-g3',
      comment: 'largest safe prime below 2^2047 (2^2047 − 613269): 256 bytes, top byte 0x7f, 2047 bits',
      flags: ['PrimeTooShort'],
      p: bytesOf(SAFE_2047, 256),
      g: 3,
      expect: 'p_size',
    },
    {
      key: 'p-2047-bits-g4',
      comment: 'largest safe prime below 2^2047 with g = 4 (no residue condition): only the size fails',
      flags: ['PrimeTooShort'],
      p: bytesOf(SAFE_2047, 256),
      g: 4,
      expect: 'p_size',
    },
    {
      key: 'p-255-bytes',
      comment: 'official p without its first byte: 255 bytes',
      flags: ['PrimeTooShort'],
      p: officialP.subarray(1),
      g: 4,
      expect: 'p_size',
    },
    {
      key: 'p-empty',
      comment: 'p of 0 bytes',
      flags: ['PrimeTooShort'],
      p: new Uint8Array(0),
      g: 3,
      expect: 'p_size',
    },
    {
      key: 'p-2049-bits',
      comment: 'smallest safe prime above 2^2048: 257 bytes, 2049 bits',
      flags: ['PrimeTooLong'],
      p: bytesOf(SAFE_2049, 257),
      g: 4,
      expect: 'p_size',
    },
    {
      key: 'p-2-pow-2047',
      comment:
        'p = 2^2047 exactly: on the size line (TDLib counts 2048 bits, the docs want p > 2^2047), even, so refused either way',
      flags: ['CompositePrime', 'PrimeSizeBoundary'],
      p: bytesOf(TWO_2047, 256),
      g: 4,
      expect: 'p_not_prime',
    },
    {
      key: 'p-2-pow-2048',
      comment: 'p = 2^2048: 257 bytes 01 00…00',
      flags: ['PrimeTooLong'],
      p: bytesOf(TWO_2048, 257),
      g: 4,
      expect: 'p_size',
    },
    {
      key: 'p-leading-zero-byte',
      comment:
        'official p as 257 bytes with a leading 0x00: the value is valid, the wire form is not 256 bytes',
      flags: ['DivergenceLeadingZeroPrime'],
      p: bytesOf(official, 257),
      g: 3,
      expect: 'p_size',
      acceptable: true,
    },
  ];

  const generator: Case[] = [];
  for (const [g, why] of [
    [0, 'g = 0'],
    [1, 'g = 1'],
    [-1, 'g = −1'],
    [8, 'g = 8 = 2^3'],
    [9, 'g = 9 = 3^2, a square: a quadratic residue modulo every prime'],
    [2147483647, 'g = 2^31 − 1 (largest int32)'],
    [-2147483648, 'g = −2^31 (smallest int32)'],
  ] as const) {
    generator.push({
      key: `official-g${g}`,
      comment: `official p, ${why}`,
      flags: ['GeneratorOutOfRange'],
      p: officialP,
      g,
      expect: 'g_range',
    });
  }
  generator.push(
    {
      key: 'modp14-g1',
      comment: 'RFC 3526 prime, g = 1',
      flags: ['GeneratorOutOfRange'],
      p: bytesOf(modp14, 256),
      g: 1,
      expect: 'g_range',
    },
    {
      key: 'modp14-g8',
      comment: 'RFC 3526 prime (p mod 8 = 7, so 2 and 8 are quadratic residues), g = 8',
      flags: ['GeneratorOutOfRange'],
      p: bytesOf(modp14, 256),
      g: 8,
      expect: 'g_range',
    },
  );

  const notSafe: Case[] = [];
  for (const g of [2, 3, 4, 7]) {
    notSafe.push({
      key: `prime-not-safe-g${g}`,
      comment: `2048-bit prime passing every residue rule, (p − 1)/2 composite, g = ${g}`,
      flags: ['NotSafePrime'],
      p: bytesOf(PRIME_NOT_SAFE, 256),
      g,
      expect: 'p_not_safe_prime',
    });
  }
  notSafe.push(
    {
      key: 'prime-1-mod-3-g3',
      comment: '2048-bit prime with p mod 3 = 1, g = 3 (fails; such a p is never a safe prime either)',
      flags: ['GeneratorNotResidue'],
      p: bytesOf(PRIME_1_MOD_3, 256),
      g: 3,
      expect: 'g_residue',
    },
    {
      key: 'composite-q-prime-g2',
      comment: 'p composite although (p − 1)/2 is prime, residues pass, g = 2',
      flags: ['CompositePrime'],
      p: bytesOf(COMPOSITE_Q_PRIME, 256),
      g: 2,
      expect: 'p_not_prime',
    },
    {
      key: 'composite-q-prime-g4',
      comment: 'p composite although (p − 1)/2 is prime, g = 4',
      flags: ['CompositePrime'],
      p: bytesOf(COMPOSITE_Q_PRIME, 256),
      g: 4,
      expect: 'p_not_prime',
    },
    {
      key: 'composite-modp14-minus-840-g2',
      comment:
        'p = RFC 3526 prime − 840: same residues mod 840, so every g passes the table; p and (p − 1)/2 composite',
      flags: ['CompositePrime'],
      p: bytesOf(composite, 256),
      g: 2,
      expect: 'p_not_prime',
    },
    {
      key: 'even-official-plus-1-g4',
      comment: 'p = official p + 1: even, 2048 bits, g = 4',
      flags: ['CompositePrime'],
      p: bytesOf(official + 1n, 256),
      g: 4,
      expect: 'p_not_prime',
    },
  );

  const groups: DraftGroup[] = [
    { ...CHECK, source: sample.source, tests: known.map(draft) },
    {
      ...CHECK,
      source: 'RFC 3526 §3, 2048-bit MODP group (node:crypto getDiffieHellman("modp14"))',
      tests: rfc.map(draft),
    },
    { ...CHECK, tests: committed.map(draft) },
    { ...CHECK, tests: size.map(draft) },
    { ...CHECK, tests: generator.map(draft) },
    { ...CHECK, tests: notSafe.map(draft) },
  ];

  return {
    file: 'dh_params_test.json',
    algorithm: 'DH-PARAMS',
    schema: 'dh_params_test_schema_v1.json',
    header: [
      'Checks on the (p, g) pair of messages.dhConfig before every key generation (docs/spec.md R4.1, R4.2).',
      'p is big-endian hex exactly as on the wire; a valid p is 256 bytes, 2^2047 < p < 2^2048, prime, with (p − 1)/2 prime.',
      'g is a TL int and must be in 2..7 and satisfy its residue condition on p (the R4.2 table; g = 4 has none, so it never fails there).',
      'Invalid tests must fail with bad_params, whichever R4.2 step refuses them.',
      'Extra primes were found offline and are committed in the generator (src/generate/areas/dh-params.ts, with how they were made).',
    ],
    notes: {
      KnownAnswer: {
        bugType: 'KNOWN_ANSWER',
        description:
          'The official prime (D-sec, D-samp, TDLib test/secret.cpp) with its published generator g = 3.',
        rules: ['R4.2'],
        links: ['https://core.telegram.org/mtproto/samples-auth_key', D_SEC],
      },
      ValidParams: {
        bugType: 'BASIC',
        description:
          'A safe 2048-bit prime with a generator its residues allow: must be accepted. Catches a wrong row of the residue table.',
        rules: ['R4.2'],
        links: [TDLIB_DH, 'https://www.rfc-editor.org/rfc/rfc3526#section-3'],
      },
      PrimeSizeBoundary: {
        bugType: 'EDGE_CASE',
        description:
          'On the size line 2^2047 < p: the smallest safe prime above 2^2047 (top byte 0x80, 2048 bits, valid) and 2^2047 itself (refused, being even).',
        rules: ['R4.2'],
        links: [TDLIB_DH],
      },
      GeneratorNotResidue: {
        bugType: 'WEAK_PARAMS',
        description:
          'g in 2..7 but p fails its residue condition, so g does not generate the subgroup of order (p − 1)/2 and g^a leaks a bit of a. Catches a missing or wrong residue table; MadelineProto Crypt::checkPG checks only 1 < g < p − 1.',
        rules: ['R4.2'],
        links: [TDLIB_DH, MADELINE_CRYPT, ANDROID_UTILITIES],
      },
      GeneratorOutOfRange: {
        bugType: 'WEAK_PARAMS',
        description:
          "g outside 2..7 (0, 1, −1, 8, 9, the int32 extremes). 8 and 9 are quadratic residues modulo these primes, so a check by Euler's criterion alone accepts them; TDLib and Android accept only 2..7.",
        rules: ['R4.2'],
        links: [TDLIB_DH, MADELINE_CRYPT, ANDROID_UTILITIES],
      },
      PrimeTooShort: {
        bugType: 'EDGE_CASE',
        description:
          'p below 2^2047: a 2047-bit safe prime padded to 256 bytes (catches a size check on the byte length alone), 255 bytes, empty.',
        rules: ['R4.2'],
        links: [TDLIB_DH, ANDROID_UTILITIES],
      },
      PrimeTooLong: {
        bugType: 'EDGE_CASE',
        description: 'p of 2049 bits (257 bytes): a safe prime above 2^2048, and 2^2048 itself.',
        rules: ['R4.2'],
        links: [TDLIB_DH],
      },
      DivergenceLeadingZeroPrime: {
        bugType: 'DIVERGENCE',
        description:
          'A valid prime sent as 257 bytes with a leading 0x00. Android isGoodPrime (prime.length != 256 → reject) and the reference check the wire form and reject it; TDLib check_config (BigNum from the bytes, get_num_bits() == 2048) and MadelineProto checkPG (2^2047 < p < 2^2048 on the value) accept it. Either outcome is allowed.',
        rules: ['R4.2'],
        links: [TDLIB_DH, ANDROID_UTILITIES, MADELINE_CRYPT],
      },
      NotSafePrime: {
        bugType: 'MISSING_CHECK',
        description:
          'p is a 2048-bit prime but (p − 1)/2 is composite. MadelineProto Crypt::checkPG has the (p − 1)/2 test commented out, so it accepts these; TDLib, Android and the docs require a safe prime.',
        rules: ['R4.2'],
        links: [MADELINE_CRYPT, TDLIB_DH, D_SEC, D_E2E],
      },
      CompositePrime: {
        bugType: 'MISSING_CHECK',
        description:
          'p composite while size and residue rules pass: with (p − 1)/2 prime (catches testing only (p − 1)/2), with both composite, and p even.',
        rules: ['R4.2'],
        links: [TDLIB_DH, D_SEC],
      },
    },
    groups,
    crossCheckers: [nodePrimeChecker(), eulerChecker()],
  };
}

// --- independent checkers -------------------------------------------------------------------

/** R4.2 from the spec: size (strict: the wire form; lenient: the value's bit count), g, table, primes. */
function independentVerdict(pBytes: Uint8Array, g: number, lenient: boolean): boolean {
  const p = pBytes.length === 0 ? 0n : big(toHex(pBytes));
  const sizeOk = lenient ? p.toString(2).length === 2048 : pBytes.length === 256 && pBytes[0]! >= 0x80;
  if (!sizeOk) return false;
  if (!Number.isInteger(g) || g < 2 || g > 7) return false;
  if (!RESIDUE_RULE[g]!(p)) return false;
  return isPrime(p) && isPrime((p - 1n) / 2n);
}

function nodePrimeChecker(): CrossChecker {
  return {
    implementation:
      'node:crypto checkPrimeSync (OpenSSL) on p and (p − 1)/2, with the size, range and residue rules of R4.2 written in the generator',
    covers: 'dh.check_params, every test (acceptable: rejected on the wire form, accepted on the value)',
    check(_group, t) {
      const p = fromHex(t.fields.p as string);
      const g = t.fields.g as number;
      const strict = independentVerdict(p, g, false);
      const lenient = independentVerdict(p, g, true);
      if (t.result === 'valid') return strict && lenient;
      if (t.result === 'invalid') return !strict && !lenient;
      return !strict && lenient;
    },
  };
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  for (; exp > 0n; exp >>= 1n, base = (base * base) % mod)
    if ((exp & 1n) === 1n) result = (result * base) % mod;
  return result;
}

/** For a safe prime p and g in 2..7, the table must agree with Euler's criterion g^((p−1)/2) ≡ 1. */
function eulerChecker(): CrossChecker {
  return {
    implementation: "Euler's criterion g^((p − 1)/2) mod p (BigInt square-and-multiply in the generator)",
    covers: 'dh.check_params: the residue verdict of every test with a 256-byte safe prime p and g in 2..7',
    check(_group, t) {
      const bytes = fromHex(t.fields.p as string);
      const g = t.fields.g as number;
      if (bytes.length !== 256 || bytes[0]! < 0x80 || g < 2 || g > 7) return 'skip';
      const p = big(toHex(bytes));
      if (claimOf(p) !== 'safe_prime') return 'skip';
      const residue = modPow(BigInt(g), (p - 1n) / 2n, p) === 1n;
      return residue === RESIDUE_RULE[g]!(p) && (t.result === 'valid') === residue;
    },
  };
}
