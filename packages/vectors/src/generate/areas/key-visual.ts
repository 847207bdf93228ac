// Key visualization vectors (R8.1): key.visual → key_hash = SHA1(K0)[0:16] + SHA256(K46)[0:20],
// where K0 is the initial key and K46 the key in use when the chat reached layer 46 (K0 itself when
// absent). Known answer from the official sample; generated keys with and without key46; malformed
// key lengths. Cross-checked by node:crypto SHA-1 and SHA-256 straight from R8.1.
import { loadKnownAnswers } from '@conform/known-answers';
import { computeKeyHash } from '@conform/reference';
import { createHash } from 'node:crypto';
import { draftTest, type Area, type CrossChecker, type DraftGroup, type DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';

const INITIAL = {
  type: 'KeyVisualTest',
  op: 'key.visual',
  inputs: { key: 'key' },
  outputs: { key_hash: 'key_hash' },
};
const UPGRADED = {
  type: 'KeyVisualTest',
  op: 'key.visual',
  inputs: { key: 'key', key46: 'key46' },
  outputs: { key_hash: 'key_hash' },
};

export function keyVisualArea(ctx: GenerationContext): Area {
  const sample = loadKnownAnswers('dh-official-sample.json');
  const rng = ctx.rng('key-visual');

  const hash = (key: Uint8Array, key46?: Uint8Array) =>
    toHex(key46 === undefined ? computeKeyHash(key) : computeKeyHash(key, key46));
  const valid = (key: string, comment: string, flags: string[], fields: Record<string, string>) =>
    draftTest('valid', key, comment, flags, fields);
  const invalid = (key: string, comment: string, flags: string[], fields: Record<string, string>) =>
    draftTest('invalid', key, comment, flags, fields);

  const officialKey = fromHex(sample.auth_key);
  if (hash(officialKey) !== sample.key_hash)
    throw new Error('key-visual: the reference misses the official key_hash');

  const knownInitial = [
    valid('official', 'official sample auth_key, no key46 (chat created at layer ≥ 46)', ['KnownAnswer'], {
      key: sample.auth_key,
      key_hash: sample.key_hash,
    }),
  ];
  const knownUpgraded = [
    valid(
      'official-key46-same',
      'official sample auth_key given as both key and key46: same as without key46',
      ['KnownAnswer'],
      {
        key: sample.auth_key,
        key46: sample.auth_key,
        key_hash: sample.key_hash,
      },
    ),
  ];

  const generatedInitial: DraftTest[] = [];
  for (let i = 0; i < 3; i++) {
    const key = rng(256);
    generatedInitial.push(
      valid(`random-${i}`, 'pseudorandom 256-byte key, no key46', ['Pseudorandom'], {
        key: toHex(key),
        key_hash: hash(key),
      }),
    );
  }
  {
    const key = new Uint8Array([0, 0, 0, ...rng(253)]);
    generatedInitial.push(
      valid(
        'leading-zeros',
        'key with three leading zero bytes: hashed as all 256 bytes',
        ['KeyLeadingZeros'],
        {
          key: toHex(key),
          key_hash: hash(key),
        },
      ),
    );
  }

  const generatedUpgraded: DraftTest[] = [];
  for (let i = 0; i < 3; i++) {
    const key = rng(256);
    const key46 = rng(256);
    generatedUpgraded.push(
      valid(
        `upgraded-${i}`,
        'key46 differs from the initial key (chat upgraded to layer 46 after a re-key)',
        ['Layer46Upgrade'],
        {
          key: toHex(key),
          key46: toHex(key46),
          key_hash: hash(key, key46),
        },
      ),
    );
  }
  {
    // The official key as key46 after a different initial key: catches halves taken from the wrong key.
    const key = rng(256);
    generatedUpgraded.push(
      valid(
        'upgraded-to-official',
        'pseudorandom initial key, official auth_key as key46: the SHA-256 half comes from key46',
        ['Layer46Upgrade'],
        {
          key: toHex(key),
          key46: sample.auth_key,
          key_hash: hash(key, officialKey),
        },
      ),
    );
    generatedUpgraded.push(
      valid(
        'official-upgraded',
        'official auth_key as the initial key, pseudorandom key46: the SHA-1 half comes from the initial key',
        ['Layer46Upgrade'],
        {
          key: sample.auth_key,
          key46: toHex(key),
          key_hash: hash(officialKey, key),
        },
      ),
    );
  }

  const malformedInitial: DraftTest[] = [];
  for (const length of [0, 32, 255, 257]) {
    malformedInitial.push(
      invalid(`key-${length}-bytes`, `key of ${length} bytes`, ['WrongKeyLength'], {
        key: toHex(rng(length)),
      }),
    );
  }
  const malformedUpgraded = [
    invalid('key46-255-bytes', 'valid key, key46 of 255 bytes', ['WrongKeyLength'], {
      key: sample.auth_key,
      key46: toHex(rng(255)),
    }),
    invalid('key46-257-bytes', 'valid key, key46 of 257 bytes', ['WrongKeyLength'], {
      key: sample.auth_key,
      key46: '00' + sample.auth_key,
    }),
    invalid('key46-empty', 'valid key, key46 of 0 bytes', ['WrongKeyLength'], {
      key: sample.auth_key,
      key46: '',
    }),
    invalid('key-255-bytes-with-key46', 'key of 255 bytes, valid key46', ['WrongKeyLength'], {
      key: toHex(rng(255)),
      key46: sample.auth_key,
    }),
  ];
  for (const t of [...malformedInitial, ...malformedUpgraded]) {
    const f = t.fields as Record<string, string>;
    let threw = false;
    try {
      hash(fromHex(f.key!), f.key46 === undefined ? undefined : fromHex(f.key46));
    } catch {
      threw = true;
    }
    if (!threw) throw new Error(`key-visual: the reference accepts malformed ${t.key}`);
  }

  const groups: DraftGroup[] = [
    { ...INITIAL, source: sample.source, tests: knownInitial },
    { ...UPGRADED, source: sample.source, tests: knownUpgraded },
    { ...INITIAL, tests: generatedInitial },
    { ...UPGRADED, tests: generatedUpgraded },
    { ...INITIAL, error: 'bad_input', tests: malformedInitial },
    { ...UPGRADED, error: 'bad_input', tests: malformedUpgraded },
  ];

  return {
    file: 'key_visual_test.json',
    algorithm: 'KEY-VISUALIZATION',
    schema: 'key_visual_test_schema_v1.json',
    header: [
      'The 36-byte key_hash drawn as the secret-chat key picture (docs/spec.md R8.1).',
      'key_hash = SHA1(key)[0:16] + SHA256(key46)[0:20]; key is the initial chat key, key46 the key in use when the chat reached layer 46.',
      'Groups without a key46 field call key.visual without it: key46 is then the initial key. Keys are exactly 256 bytes; invalid tests must fail with bad_input.',
    ],
    notes: {
      KnownAnswer: {
        bugType: 'KNOWN_ANSWER',
        description: 'key_hash of the official DH sample auth_key (samples-auth_key; spec §9.1).',
        rules: ['R8.1'],
        links: ['https://core.telegram.org/mtproto/samples-auth_key'],
      },
      Pseudorandom: {
        bugType: 'BASIC',
        description:
          'Pseudorandom keys, no key46: catches the wrong hash, the wrong slice, or the key fingerprint used instead.',
        rules: ['R8.1'],
      },
      KeyLeadingZeros: {
        bugType: 'EDGE_CASE',
        description: 'A key with leading zero bytes: both hashes run over all 256 bytes.',
        rules: ['R8.1', 'R4.7'],
      },
      Layer46Upgrade: {
        bugType: 'WRONG_PRIMITIVE',
        description:
          'key46 differs from the initial key (a chat created below layer 46 and re-keyed before the upgrade): the SHA-1 half comes from the initial key, the SHA-256 half from key46. Catches both halves taken from one key.',
        rules: ['R8.1'],
        links: ['https://core.telegram.org/api/end-to-end/pfs'],
      },
      WrongKeyLength: {
        bugType: 'MALFORMED_INPUT',
        description: 'key and key46 are exactly 256 bytes (R4.7); other lengths are refused with bad_input.',
        rules: ['R8.1', 'R4.7'],
      },
    },
    groups,
    crossCheckers: [hashChecker()],
  };
}

function hashChecker(): CrossChecker {
  return {
    implementation: 'node:crypto SHA-1 and SHA-256, key_hash assembled in the generator from R8.1',
    covers: 'key.visual, every test (invalid: key or key46 not 256 bytes)',
    check(_group, t) {
      const key = fromHex(t.fields.key as string);
      const key46 = t.fields.key46 === undefined ? key : fromHex(t.fields.key46 as string);
      const wellFormed = key.length === 256 && key46.length === 256;
      if (t.result !== 'valid') return !wellFormed;
      const sha1 = createHash('sha1').update(key).digest('hex').slice(0, 32);
      const sha256 = createHash('sha256').update(key46).digest('hex').slice(0, 40);
      return wellFormed && sha1 + sha256 === t.fields.key_hash;
    },
  };
}
