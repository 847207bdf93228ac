// DH computation vectors (R4.5, R4.7): dh.public (g^secret mod p), dh.key (peer^secret mod p and its
// fingerprint) and key.fingerprint (SHA1(key)[12:20]). The official sample is the known answer;
// generated cases use random secrets on the official prime and RFC 3526's, plus numerically short
// results where the 256-byte left-padding matters. Cross-checked by node:crypto DiffieHellman
// (OpenSSL) and node:crypto SHA-1.
import { loadKnownAnswers } from '@conform/known-answers';
import { computeDhKey, computeDhPublic, computeKeyFingerprint } from '@conform/reference';
import { createDiffieHellman, createHash, getDiffieHellman, type DiffieHellman } from 'node:crypto';
import { draftTest, type Area, type CrossChecker, type DraftGroup, type DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';
import { D_E2E, TDLIB_DH } from '../links.js';

const PUBLIC = {
  type: 'DhPublicValueTest',
  op: 'dh.public',
  inputs: { p: 'p', g: 'g', secret: 'secret' },
  outputs: { public: 'public' },
};
const KEY = {
  type: 'DhKeyTest',
  op: 'dh.key',
  inputs: { p: 'p', public: 'public', secret: 'secret' },
  outputs: { key: 'key', fingerprint: 'fingerprint' },
};
const FINGERPRINT = {
  type: 'KeyFingerprintTest',
  op: 'key.fingerprint',
  inputs: { key: 'key' },
  outputs: { fingerprint: 'fingerprint' },
};

/** A small exponent as the 256-byte big-endian secret the op takes (R4.5). */
function smallSecret(n: bigint): Uint8Array {
  return fromHex(n.toString(16).padStart(512, '0'));
}

function big(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

function valid(key: string, comment: string, flags: string[], fields: Record<string, unknown>): DraftTest {
  return { key, comment, flags, result: 'valid', fields };
}

export function dhKeyArea(ctx: GenerationContext): Area {
  const sample = loadKnownAnswers('dh-official-sample.json');
  const rng = ctx.rng('dh-key');
  const primes = [
    { name: 'official', label: 'official p', p: fromHex(sample.p), generators: [3, 4, 7] },
    {
      name: 'modp14',
      label: 'RFC 3526 prime',
      p: new Uint8Array(getDiffieHellman('modp14').getPrime()),
      generators: [2, 3, 4, 5, 6, 7],
    },
  ];
  const modp14 = primes[1]!.p;

  // --- dh.public ---
  const publicKnown = [
    valid('official-g_b', 'official sample: g_b = 3^b mod p', ['KnownAnswer'], {
      p: sample.p,
      g: sample.g,
      secret: sample.b,
      public: sample.g_b,
    }),
  ];
  const publicGenerated: DraftTest[] = [];
  for (const { name, label, p, generators } of primes) {
    for (const g of generators) {
      const secret = rng(256);
      publicGenerated.push(
        valid(`${name}-g${g}-random`, `${label}, g = ${g}, pseudorandom secret`, ['Pseudorandom'], {
          p: toHex(p),
          g,
          secret: toHex(secret),
          public: toHex(computeDhPublic(p, g, secret)),
        }),
      );
    }
  }
  {
    const secret = new Uint8Array([0, 0, ...rng(254)]);
    publicGenerated.push(
      valid(
        'official-g3-secret-leading-zeros',
        'official p, g = 3, secret with two leading zero bytes (still 256 bytes)',
        ['SecretLeadingZeros'],
        {
          p: sample.p,
          g: 3,
          secret: toHex(secret),
          public: toHex(computeDhPublic(primes[0]!.p, 3, secret)),
        },
      ),
    );
    const ones = new Uint8Array(256).fill(0xff);
    publicGenerated.push(
      valid(
        'official-g3-secret-above-p',
        'official p, g = 3, secret = 2^2048 − 1 > p: the exponent is not reduced mod p',
        ['SecretAboveP'],
        {
          p: sample.p,
          g: 3,
          secret: toHex(ones),
          public: toHex(computeDhPublic(primes[0]!.p, 3, ones)),
        },
      ),
    );
  }
  for (const [e, why, flag] of [
    [1000n, '2^1000: 126 significant bytes, left-padded with 130 zero bytes', 'ShortResult'],
    [2047n, '2^2047: exactly 256 bytes, top byte 0x80, no padding', 'TopBitResult'],
  ] as const) {
    const secret = smallSecret(e);
    const pub = computeDhPublic(modp14, 2, secret);
    if (big(pub) !== 1n << e) throw new Error(`dh-key: 2^${e} mod modp14 is not 2^${e}`);
    publicGenerated.push(
      valid(`modp14-g2-secret-${e}`, `RFC 3526 prime, g = 2, secret = ${e}: public = ${why}`, [flag], {
        p: toHex(modp14),
        g: 2,
        secret: toHex(secret),
        public: toHex(pub),
      }),
    );
  }

  // --- dh.key ---
  const keyKnown = [
    valid('official-auth_key', 'official sample: key = g_a^b mod p', ['KnownAnswer'], {
      p: sample.p,
      public: sample.g_a,
      secret: sample.b,
      key: sample.auth_key,
      fingerprint: sample.fingerprint,
    }),
  ];
  const keyGenerated: DraftTest[] = [];
  for (const { name, label, p, generators } of primes) {
    for (const g of [generators[0]!, generators[generators.length - 1]!]) {
      const a = rng(256);
      const b = rng(256);
      const peer = computeDhPublic(p, g, b);
      const { key, fingerprint } = computeDhKey(p, peer, a);
      if (toHex(computeDhKey(p, computeDhPublic(p, g, a), b).key) !== toHex(key))
        throw new Error(`dh-key: the reference is not symmetric on ${name} g=${g}`);
      keyGenerated.push(
        valid(
          `${name}-g${g}-random`,
          `${label}, peer public = ${g}^b, pseudorandom secret`,
          ['Pseudorandom'],
          {
            p: toHex(p),
            public: toHex(peer),
            secret: toHex(a),
            key: toHex(key),
            fingerprint: toHex(fingerprint),
          },
        ),
      );
    }
  }
  let shortKey: Uint8Array;
  {
    // (2^1000 + 1)^2 < 2^2001 < p: the key has 251 significant bytes and 5 leading zero bytes.
    const peer = 1n << 1000n;
    const peerHex = (peer + 1n).toString(16);
    const secret = smallSecret(2n);
    const { key, fingerprint } = computeDhKey(
      primes[0]!.p,
      fromHex(peerHex.padStart(peerHex.length + (peerHex.length % 2), '0')),
      secret,
    );
    if (big(key) !== (peer + 1n) ** 2n || key[0] !== 0)
      throw new Error('dh-key: the short key is not (2^1000 + 1)^2');
    shortKey = key;
    keyGenerated.push(
      valid(
        'official-short-key',
        'official p, peer public = 2^1000 + 1 in its minimal 126 bytes, secret = 2: key = (2^1000 + 1)^2 has 5 leading zero bytes, kept in the key and in SHA1(key)',
        ['ShortResult'],
        {
          p: sample.p,
          public: toHex(fromHex(peerHex.padStart(peerHex.length + (peerHex.length % 2), '0'))),
          secret: toHex(secret),
          key: toHex(key),
          fingerprint: toHex(fingerprint),
        },
      ),
    );
    const longPeer = new Uint8Array([0, ...fromHex(sample.g_a)]);
    const long = computeDhKey(primes[0]!.p, longPeer, fromHex(sample.b));
    keyGenerated.push(
      valid(
        'official-peer-leading-zero',
        'official sample with g_a sent as 257 bytes (leading 0x00): same key',
        ['PeerLeadingZero'],
        {
          p: sample.p,
          public: toHex(longPeer),
          secret: sample.b,
          key: toHex(long.key),
          fingerprint: toHex(long.fingerprint),
        },
      ),
    );
  }

  // --- key.fingerprint ---
  const fingerprintKnown = [
    valid('official-auth_key', 'official sample auth_key: fingerprint 8ae7a271969a9b1f', ['KnownAnswer'], {
      key: sample.auth_key,
      fingerprint: sample.fingerprint,
    }),
  ];
  const fingerprintGenerated: DraftTest[] = [];
  for (let i = 0; i < 3; i++) {
    const key = rng(256);
    fingerprintGenerated.push(
      valid(`random-${i}`, 'pseudorandom 256-byte key', ['Pseudorandom'], {
        key: toHex(key),
        fingerprint: toHex(computeKeyFingerprint(key)),
      }),
    );
  }
  fingerprintGenerated.push(
    valid(
      'short-key',
      'key (2^1000 + 1)^2 with its 5 leading zero bytes: SHA1 over all 256 bytes',
      ['ShortResult'],
      {
        key: toHex(shortKey),
        fingerprint: toHex(computeKeyFingerprint(shortKey)),
      },
    ),
  );

  // --- malformed arguments (bad_input) ---
  const bad = (key: string, comment: string, flags: string[], fields: Record<string, unknown>) =>
    draftTest('invalid', key, comment, flags, fields);
  const secret255 = rng(255);
  const publicMalformed = [
    bad('secret-255-bytes', 'secret of 255 bytes', ['WrongSecretLength'], {
      p: sample.p,
      g: 3,
      secret: toHex(secret255),
    }),
    bad('secret-257-bytes', 'secret of 257 bytes', ['WrongSecretLength'], {
      p: sample.p,
      g: 3,
      secret: toHex(rng(257)),
    }),
    bad('secret-32-bytes', 'secret of 32 bytes', ['WrongSecretLength'], {
      p: sample.p,
      g: 3,
      secret: toHex(rng(32)),
    }),
  ];
  const keyMalformed = [
    bad('secret-255-bytes', 'secret of 255 bytes', ['WrongSecretLength'], {
      p: sample.p,
      public: sample.g_a,
      secret: toHex(secret255),
    }),
    bad(
      'secret-257-bytes',
      'secret of 257 bytes (the official b with a leading 0x00)',
      ['WrongSecretLength'],
      {
        p: sample.p,
        public: sample.g_a,
        secret: '00' + sample.b,
      },
    ),
  ];
  const fingerprintMalformed = [
    bad(
      'key-stripped',
      'the short key without its 5 leading zero bytes (251 bytes): keys are always 256 bytes',
      ['KeyNotPadded'],
      {
        key: toHex(shortKey.subarray(5)),
      },
    ),
    bad('key-255-bytes', 'key of 255 bytes', ['WrongKeyLength'], { key: toHex(rng(255)) }),
    bad('key-257-bytes', 'key of 257 bytes (official auth_key with a leading 0x00)', ['WrongKeyLength'], {
      key: '00' + sample.auth_key,
    }),
    bad('key-empty', 'key of 0 bytes', ['WrongKeyLength'], { key: '' }),
  ];
  // The reference must refuse every malformed call (it throws on misuse).
  for (const t of [...publicMalformed, ...keyMalformed, ...fingerprintMalformed]) {
    const f = t.fields as Record<string, string | number>;
    let threw = false;
    try {
      if (f.g !== undefined)
        computeDhPublic(fromHex(f.p as string), f.g as number, fromHex(f.secret as string));
      else if (f.secret !== undefined)
        computeDhKey(fromHex(f.p as string), fromHex(f.public as string), fromHex(f.secret as string));
      else computeKeyFingerprint(fromHex(f.key as string));
    } catch {
      threw = true;
    }
    if (!threw) throw new Error(`dh-key: the reference accepts malformed ${t.key}`);
  }

  const groups: DraftGroup[] = [
    { ...PUBLIC, source: sample.source, tests: publicKnown },
    { ...KEY, source: sample.source, tests: keyKnown },
    { ...FINGERPRINT, source: sample.source, tests: fingerprintKnown },
    { ...PUBLIC, tests: publicGenerated },
    { ...KEY, tests: keyGenerated },
    { ...FINGERPRINT, tests: fingerprintGenerated },
    { ...PUBLIC, error: 'bad_input', tests: publicMalformed },
    { ...KEY, error: 'bad_input', tests: keyMalformed },
    { ...FINGERPRINT, error: 'bad_input', tests: fingerprintMalformed },
  ];

  return {
    file: 'dh_test.json',
    algorithm: 'DH-2048',
    schema: 'dh_test_schema_v1.json',
    header: [
      'Diffie-Hellman computations of the secret-chat handshake (docs/spec.md R4.5, R4.7). Parameters are valid (R4.2).',
      'dh.public: public = g^secret mod p; dh.key: key = public^secret mod p with fingerprint = SHA1(key)[12:20].',
      'secret is 256 bytes; public and key results are exactly 256 bytes, big-endian, left-padded with zeros (R4.7).',
      'The peer public value of dh.key is a big-endian number of any length. Invalid tests must fail with bad_input.',
    ],
    notes: {
      KnownAnswer: {
        bugType: 'KNOWN_ANSWER',
        description:
          'The official DH sample (samples-auth_key): g = 3, g_b = 3^b mod p, auth_key = g_a^b mod p, fingerprint 8ae7a271969a9b1f.',
        rules: ['R4.5', 'R4.7'],
        links: ['https://core.telegram.org/mtproto/samples-auth_key'],
      },
      Pseudorandom: {
        bugType: 'BASIC',
        description:
          'Pseudorandom 256-byte secrets on the official and the RFC 3526 prime, every valid generator.',
        rules: ['R4.5', 'R4.7'],
      },
      ShortResult: {
        bugType: 'EDGE_CASE',
        description:
          'A public value or key numerically shorter than 256 bytes (2^1000; (2^1000 + 1)^2): it must be left-padded to 256 bytes, and the fingerprint is SHA1 of the padded key. Catches BigInteger.toByteArray()/computeSecret-style stripping.',
        rules: ['R4.7'],
        links: [D_E2E, TDLIB_DH],
      },
      TopBitResult: {
        bugType: 'EDGE_CASE',
        description:
          'A result whose top bit is set (2^2047): exactly 256 bytes, neither padded nor given a sign byte (Java BigInteger.toByteArray() returns 257 bytes here).',
        rules: ['R4.7'],
      },
      SecretLeadingZeros: {
        bugType: 'EDGE_CASE',
        description: 'A 256-byte secret whose first bytes are zero: it is still a big-endian number.',
        rules: ['R4.5'],
      },
      SecretAboveP: {
        bugType: 'EDGE_CASE',
        description:
          'A secret larger than p: the exponent must not be reduced mod p (only mod p − 1 would preserve the result).',
        rules: ['R4.5'],
      },
      PeerLeadingZero: {
        bugType: 'EDGE_CASE',
        description: 'The peer value with a leading zero byte (257 bytes): parse it as a number.',
        rules: ['R4.3', 'R4.7'],
      },
      WrongSecretLength: {
        bugType: 'MALFORMED_INPUT',
        description:
          'The secret exponent is exactly 256 bytes (R4.5); other lengths are refused with bad_input.',
        rules: ['R4.5'],
      },
      KeyNotPadded: {
        bugType: 'MALFORMED_INPUT',
        description:
          'A key passed without its leading zero bytes: keys are exactly 256 bytes, so this is refused, not padded.',
        rules: ['R4.7'],
      },
      WrongKeyLength: {
        bugType: 'MALFORMED_INPUT',
        description: 'The chat key is exactly 256 bytes (R4.7).',
        rules: ['R4.7'],
      },
    },
    groups,
    crossCheckers: [nodeDhChecker(), nodeFingerprintChecker()],
  };
}

// --- independent checkers -------------------------------------------------------------------

function pad256(bytes: Buffer): string {
  return toHex(new Uint8Array(bytes)).padStart(512, '0');
}

/**
 * node:crypto DiffieHellman (OpenSSL). One object per prime — creating one runs OpenSSL's DH_check,
 * about a second for the official prime — built with the prime's first generator: dh.public for
 * that g is setPrivateKey + generateKeys; for another g it is computeSecret(g), i.e. g^secret mod p
 * through DH_compute_key; dh.key is computeSecret(public). Node strips leading zeros: padded here.
 */
function nodeDhChecker(): CrossChecker {
  const objects = new Map<string, { dh: DiffieHellman; g: number }>();
  const forPrime = (pHex: string, g: number) => {
    let entry = objects.get(pHex);
    if (entry === undefined) {
      entry = { dh: createDiffieHellman(fromHex(pHex), Uint8Array.of(g)), g };
      objects.set(pHex, entry);
    }
    return entry;
  };
  return {
    implementation: `node:crypto DiffieHellman (OpenSSL): setPrivateKey + generateKeys / computeSecret, results left-padded to 256 bytes; fingerprint by node:crypto SHA-1`,
    covers: 'dh.public and dh.key, every valid test; invalid tests: the secret is not 256 bytes',
    check(group, t) {
      const f = t.fields as Record<string, string | number>;
      if (group.op === 'key.fingerprint') return 'skip';
      if (t.result !== 'valid') return fromHex(f.secret as string).length !== 256;
      const { dh, g: own } = forPrime(f.p as string, group.op === 'dh.public' ? (f.g as number) : 2);
      dh.setPrivateKey(fromHex(f.secret as string));
      if (group.op === 'dh.public') {
        const g = f.g as number;
        const pub = g === own ? dh.generateKeys() : dh.computeSecret(Uint8Array.of(g));
        return pad256(pub) === f.public;
      }
      const key = pad256(dh.computeSecret(fromHex(f.public as string)));
      const fingerprint = createHash('sha1').update(fromHex(key)).digest('hex').slice(24);
      return key === f.key && fingerprint === f.fingerprint;
    },
  };
}

function nodeFingerprintChecker(): CrossChecker {
  return {
    implementation: 'node:crypto SHA-1: fingerprint = SHA1(key)[12:20], the key exactly 256 bytes',
    covers: 'key.fingerprint, every test (invalid: the key is not 256 bytes)',
    check(group, t) {
      if (group.op !== 'key.fingerprint') return 'skip';
      const key = fromHex(t.fields.key as string);
      if (t.result !== 'valid') return key.length !== 256;
      return (
        key.length === 256 && createHash('sha1').update(key).digest('hex').slice(24) === t.fields.fingerprint
      );
    },
  };
}
