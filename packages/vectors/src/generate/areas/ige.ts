// AES-256-IGE vectors (R1): published answers, generated cases at the block boundaries, and
// malformed arguments. Cross-checked by the node:crypto oracle, GramJS and mtcute.
import { loadKnownAnswers, tdlibIgeInputs } from '@conform/known-answers';
import {
  GRAMJS,
  gramjsIgeDecrypt,
  gramjsIgeEncrypt,
  MTCUTE,
  mtcuteIgeDecrypt,
  mtcuteIgeEncrypt,
  oracleIgeDecrypt,
  oracleIgeEncrypt,
} from '@conform/oracles';
import { igeDecrypt, igeEncrypt } from '@conform/reference';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { draftTest, type Area, type CrossChecker, type DraftGroup, type DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';

const ENCRYPT = {
  type: 'IgeTest',
  op: 'ige.encrypt',
  inputs: { key: 'key', iv: 'iv', data: 'msg' },
  outputs: { data: 'ct' },
};
const DECRYPT = {
  type: 'IgeTest',
  op: 'ige.decrypt',
  inputs: { key: 'key', iv: 'iv', data: 'ct' },
  outputs: { data: 'msg' },
};

function test(key: string, comment: string, flags: string[], fields: Record<string, string>): DraftTest {
  return draftTest('valid', key, comment, flags, fields);
}

export function igeArea(ctx: GenerationContext): Area {
  const official = loadKnownAnswers('ige-official-sample.json');
  const peers = loadKnownAnswers('ige-peers.json');
  const rng = ctx.rng('ige');

  const knownEncrypt: DraftTest[] = [];
  const knownDecrypt: DraftTest[] = [];
  for (const t of official.tests) {
    const data = fromHex(t.data);
    const msg = toHex(
      new Uint8Array([...createHash('sha1').update(data).digest(), ...data, ...fromHex(t.padding)]),
    );
    const fields = { key: t.key, iv: t.iv, msg, ct: t.ciphertext };
    knownEncrypt.push(test(`official-${t.id}`, `Telegram sample: ${t.name}`, ['KnownAnswer'], fields));
    knownDecrypt.push(test(`official-${t.id}`, `Telegram sample: ${t.name}`, ['KnownAnswer'], fields));
  }
  for (const t of peers.tests) {
    const fields = { key: t.key, iv: t.iv, msg: t.plaintext, ct: t.ciphertext };
    knownEncrypt.push(test(`gramjs-${t.id}`, t.name, ['KnownAnswer'], fields));
    knownDecrypt.push(test(`gramjs-${t.id}`, t.name, ['KnownAnswer'], fields));
  }

  // TDLib's AesIgeState regression (spec §9.4): TDLib publishes only CRC32s of the ciphertexts, so the
  // vectors carry the full bytes and a cross-check holds their CRC32 to TDLib's published numbers.
  const tdlib = loadKnownAnswers('ige-tdlib-crc32.json');
  const tdlibCrc = new Map<string, number>();
  for (const t of tdlib.tests) {
    if (t.length === 0 || t.length > 1024) continue; // 0 is covered below; 64 KiB is too big for a vector file
    const { plaintext, key, iv } = tdlibIgeInputs(t.length);
    const fields = {
      key: toHex(key),
      iv: toHex(iv),
      msg: toHex(plaintext),
      ct: toHex(igeEncrypt(key, iv, plaintext)),
    };
    tdlibCrc.set(fields.ct, t.crc32);
    const comment = `TDLib AesIgeState, length ${t.length}: CRC32 of the ciphertext is ${t.crc32}`;
    knownEncrypt.push(test(`tdlib-${t.length}`, comment, ['KnownAnswer'], fields));
    knownDecrypt.push(test(`tdlib-${t.length}`, comment, ['KnownAnswer'], fields));
  }

  const generatedEncrypt: DraftTest[] = [];
  const generatedDecrypt: DraftTest[] = [];
  for (const blocks of [0, 1, 2, 3, 4, 16, 64, 256]) {
    const key = rng(32);
    const iv = rng(32);
    const msg = rng(16 * blocks);
    const fields = { key: toHex(key), iv: toHex(iv), msg: toHex(msg), ct: toHex(igeEncrypt(key, iv, msg)) };
    const flags = blocks === 0 ? ['EmptyInput'] : blocks === 1 ? ['OneBlock'] : ['Pseudorandom'];
    generatedEncrypt.push(test(`random-${blocks}-blocks`, `${blocks} blocks`, flags, fields));
    generatedDecrypt.push(test(`random-${blocks}-blocks`, `${blocks} blocks`, flags, fields));
  }
  {
    // The two IV halves are different blocks (R1.2): an implementation that swaps them fails here.
    const key = rng(32);
    const iv = new Uint8Array([...new Uint8Array(16), ...new Uint8Array(16).fill(0xff)]);
    const msg = rng(48);
    const fields = { key: toHex(key), iv: toHex(iv), msg: toHex(msg), ct: toHex(igeEncrypt(key, iv, msg)) };
    generatedEncrypt.push(
      test('iv-halves', 'IV halves 00…00 | ff…ff: c_0 is iv[0:16], m_0 is iv[16:32]', ['IvLayout'], fields),
    );
    generatedDecrypt.push(
      test('iv-halves', 'IV halves 00…00 | ff…ff: c_0 is iv[0:16], m_0 is iv[16:32]', ['IvLayout'], fields),
    );
  }

  const malformed: DraftTest[] = [];
  const key = toHex(rng(32));
  const iv = toHex(rng(32));
  for (const length of [1, 15, 17, 31, 33]) {
    const msg = toHex(rng(length));
    malformed.push({
      key: `data-${length}`,
      comment: `data of ${length} bytes is not whole blocks`,
      flags: ['NotBlockAligned'],
      result: 'invalid',
      fields: { key, iv, msg },
    });
  }
  for (const length of [0, 16, 31, 33]) {
    malformed.push({
      key: `key-${length}`,
      comment: `a ${length}-byte key`,
      flags: ['WrongKeyLength'],
      result: 'invalid',
      fields: { key: toHex(rng(length)), iv, msg: toHex(rng(16)) },
    });
  }
  for (const length of [0, 16, 31, 48]) {
    malformed.push({
      key: `iv-${length}`,
      comment: `a ${length}-byte IV`,
      flags: ['WrongIvLength'],
      result: 'invalid',
      fields: { key, iv: toHex(rng(length)), msg: toHex(rng(16)) },
    });
  }
  const malformedDecrypt = malformed.map((t) => ({
    ...t,
    fields: { key: t.fields.key!, iv: t.fields.iv!, ct: t.fields.msg! },
  }));

  const groups: DraftGroup[] = [
    { ...ENCRYPT, source: `${official.source} | ${peers.source} | ${tdlib.source}`, tests: knownEncrypt },
    { ...DECRYPT, source: `${official.source} | ${peers.source} | ${tdlib.source}`, tests: knownDecrypt },
    { ...ENCRYPT, tests: generatedEncrypt },
    { ...DECRYPT, tests: generatedDecrypt },
    { ...ENCRYPT, error: 'bad_input', tests: malformed },
    { ...DECRYPT, error: 'bad_input', tests: malformedDecrypt },
  ];
  // Decrypting the reference's own ciphertext is also a check of the reference itself.
  for (const g of groups)
    for (const t of g.tests)
      if (t.result === 'valid') check(igeDecrypt, fromHex(t.fields.ct as string), t, 'msg');

  return {
    file: 'ige_test.json',
    algorithm: 'AES-256-IGE',
    schema: 'ige_test_schema_v1.json',
    header: [
      'AES-256 in Infinite Garble Extension mode as Telegram uses it (docs/spec.md R1).',
      'iv[0:16] is the previous ciphertext block c_0, iv[16:32] the previous plaintext block m_0 (R1.2).',
      'Invalid tests must fail with error bad_input: IGE has no padding of its own (R1.3).',
    ],
    notes: {
      KnownAnswer: {
        bugType: 'KNOWN_ANSWER',
        description: 'Published data: Telegram samples-auth_key steps 6 and 7.1, GramJS AES.spec.',
        rules: ['R1.1', 'R1.2'],
        links: ['https://core.telegram.org/mtproto/samples-auth_key'],
      },
      EmptyInput: { bugType: 'EDGE_CASE', description: 'Zero blocks: the output is empty.', rules: ['R1.3'] },
      OneBlock: {
        bugType: 'EDGE_CASE',
        description: 'A single block uses both IV halves and nothing else.',
        rules: ['R1.2'],
      },
      Pseudorandom: {
        bugType: 'BASIC',
        description: 'Pseudorandom key, IV and data of several blocks.',
        rules: ['R1.1', 'R1.2', 'R1.4'],
      },
      IvLayout: {
        bugType: 'WRONG_PRIMITIVE',
        description: 'IV halves that differ visibly: catches swapped c_0 and m_0.',
        rules: ['R1.2'],
      },
      NotBlockAligned: {
        bugType: 'MALFORMED_INPUT',
        description: 'Data that is not a whole number of blocks must be refused, not padded.',
        rules: ['R1.3'],
      },
      WrongKeyLength: {
        bugType: 'MALFORMED_INPUT',
        description: 'AES-256 takes exactly 32 key bytes.',
        rules: ['R1.1'],
      },
      WrongIvLength: {
        bugType: 'MALFORMED_INPUT',
        description: 'The IGE IV is exactly 32 bytes (two blocks).',
        rules: ['R1.2'],
      },
    },
    groups,
    crossCheckers: [
      {
        implementation: 'TDLib tdutils/test/crypto.cpp published CRC32s (node:zlib crc32)',
        covers: 'ige.encrypt of the TDLib AesIgeState inputs',
        check: (group, t) => {
          const expected = tdlibCrc.get(t.fields.ct as string);
          if (expected === undefined || group.op !== 'ige.encrypt') return 'skip';
          return crc32(fromHex(t.fields.ct as string)) >>> 0 === expected;
        },
      },
      igeChecker(
        'node:crypto oracle (AES-256-ECB per block, @conform/oracles)',
        oracleIgeEncrypt,
        oracleIgeDecrypt,
      ),
      igeChecker(GRAMJS, gramjsIgeEncrypt, gramjsIgeDecrypt),
      igeChecker(MTCUTE, mtcuteIgeEncrypt, mtcuteIgeDecrypt),
    ],
  };
}

type Ige = (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Uint8Array;

function check(run: Ige, input: Uint8Array, t: DraftTest, field: string): void {
  const got = toHex(run(fromHex(t.fields.key as string), fromHex(t.fields.iv as string), input));
  if (got !== t.fields[field]) throw new Error(`ige: the reference does not invert itself on ${t.key}`);
}

function igeChecker(implementation: string, encrypt: Ige, decrypt: Ige): CrossChecker {
  return {
    implementation,
    covers: 'ige.encrypt and ige.decrypt, every valid test',
    check(group, t) {
      if (t.result !== 'valid') return 'skip';
      const key = fromHex(t.fields.key as string);
      const iv = fromHex(t.fields.iv as string);
      if (group.op === 'ige.encrypt')
        return toHex(encrypt(key, iv, fromHex(t.fields.msg as string))) === t.fields.ct;
      return toHex(decrypt(key, iv, fromHex(t.fields.ct as string))) === t.fields.msg;
    },
  };
}
