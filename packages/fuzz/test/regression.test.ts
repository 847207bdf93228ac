// Regression files take their format (schema, group type, inputs, outputs, error code) from the
// bundled vectors: every op the fuzzer knows must have one, and a finding on each op added after
// the freeze must become a file its schema accepts, with the group type and rule of its bundled
// file (key_picture_test.json: KeyPictureTest, R8.2; call_emoji_test.json: CallEmojiTest, R8.3;
// tl_api_test.json: ApiTlTest, R4.8).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VectorFile } from '@conform/vectors';
import { verifyVectorFiles } from '../../runner/src/vectors-verify.js';
import { ORACLE, STATELESS_OPS, regressionFile, type Expectation } from '../src/index.js';
import { regressionFormats, writeRegressionFile } from '../src/regression.js';

const dir = mkdtempSync(join(tmpdir(), 'conform-fuzz-regression-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileFor(op: string, args: Record<string, unknown>, expected: Expectation = ORACLE.get(op)!(args)) {
  const signature = `${op} test finding`;
  const made = regressionFile({
    signature,
    op,
    kind: 'answers a different result',
    args,
    expected,
    comment: signature,
    header: ['written by regression.test.ts'],
  });
  if ('problem' in made) throw new Error(made.problem);
  const path = writeRegressionFile(dir, `${signature} ${JSON.stringify(args).length}`, made.file);
  expect(verifyVectorFiles([path])[0]!.problems).toEqual([]);
  return made.file;
}

const groupOf = (file: VectorFile) => {
  expect(file.testGroups).toHaveLength(1);
  return file.testGroups[0]!;
};

describe('regression files', () => {
  it('have a format for every op the fuzzer knows', () => {
    const formats = regressionFormats();
    for (const op of STATELESS_OPS) expect(formats.has(op), op).toBe(true);
  });

  it('key.picture: KeyPictureTest under R8.2, valid and bad_input', () => {
    const valid = fileFor('key.picture', { key_hash: '1b'.repeat(36) });
    expect(valid.schema).toBe('key_picture_test_schema_v1.json');
    expect(valid.notes.FuzzFinding!.rules).toEqual(['R8.2']);
    const group = groupOf(valid);
    expect(group).toMatchObject({ type: 'KeyPictureTest', op: 'key.picture' });
    expect(group.error).toBeUndefined();
    // 0x1b = 0b00_01_10_11: least significant bits first gives 3, 2, 1, 0 (R8.2).
    expect(group.tests[0]).toMatchObject({ result: 'valid', side: 12, rows: Array(12).fill('321032103210') });
    const invalid = groupOf(fileFor('key.picture', { key_hash: '00'.repeat(35) }));
    expect(invalid).toMatchObject({ type: 'KeyPictureTest', error: 'bad_input' });
    expect(invalid.tests[0]).toMatchObject({ result: 'invalid' });
  });

  it('key.emoji: CallEmojiTest under R8.3, valid and bad_input', () => {
    const valid = fileFor('key.emoji', { key: '00'.repeat(256), g_a: '02' });
    expect(valid.schema).toBe('call_emoji_test_schema_v1.json');
    expect(valid.notes.FuzzFinding!.rules).toEqual(['R8.3']);
    expect(groupOf(valid)).toMatchObject({ type: 'CallEmojiTest', inputs: { key: 'key', g_a: 'g_a' } });
    const invalid = groupOf(fileFor('key.emoji', { key: '00'.repeat(256), g_a: '' }));
    expect(invalid).toMatchObject({ type: 'CallEmojiTest', error: 'bad_input' });
    expect(invalid.tests[0]).toMatchObject({ result: 'invalid', g_a: '' });
  });

  it('api.encode and api.decode: ApiTlTest under R4.8, valid and bad_tl', () => {
    const object = { _: 'inputEncryptedChat', chat_id: 7, access_hash: '-2' };
    // The TL bytes of PROTOCOL.md §5's api.decode example: f141b5e1, int 7, long -2 (little-endian).
    const bytes = 'e1b541f107000000feffffffffffffff';
    const encode = fileFor('api.encode', { object });
    expect(encode.schema).toBe('tl_api_test_schema_v1.json');
    expect(encode.notes.FuzzFinding!.rules).toEqual(['R4.8']);
    expect(groupOf(encode)).toMatchObject({ type: 'ApiTlTest', op: 'api.encode' });
    expect(groupOf(encode).tests[0]).toMatchObject({ result: 'valid', object, bytes });
    const decode = groupOf(fileFor('api.decode', { bytes }));
    expect(decode.tests[0]).toMatchObject({ result: 'valid', object, bytes });
    // decryptedMessageActionNoop, a secret-layer constructor, is no API object (R4.8, R7.5).
    const refused = groupOf(fileFor('api.decode', { bytes: '63dd2fa8' }));
    expect(refused).toMatchObject({ type: 'ApiTlTest', error: 'bad_tl' });
    expect(groupOf(fileFor('api.encode', { object: { _: 'decryptedMessageActionNoop' } }))).toMatchObject({
      error: 'bad_tl',
    });
  });

  it('say why a finding cannot be written when the schema allows no such error', () => {
    // api.encode without an object is bad_input; tl_api_test.json's groups allow only bad_tl.
    expect(() => fileFor('api.encode', {})).toThrow(/allows only bad_tl/);
  });
});
