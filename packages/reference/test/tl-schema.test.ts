// The schema's ids are proved independently: each is CRC32 of its normalized TL line (§7.1, §7.3),
// computed here with node:zlib rather than by the code under test.
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  API_TL_LINES,
  apiTlSchema,
  decodeTl,
  encodeTl,
  parseTlSchema,
  SECRET_TL_LINES,
  secretTlSchema,
  TL_BUILTIN_LINES,
} from '../src/tl/index.js';

/**
 * TL normalization for the CRC: drop the layer suffix and `#id`, braces, `?true` fields and the `;`;
 * write `Vector<T>` as `Vector T` and the type `bytes` as `string`, except for constructors hashed
 * with `bytes` as written (found by computation: only the layer-143 decryptedMessageMediaDocument,
 * which §7.1's blanket "bytes written as string" does not cover).
 */
const HASHED_WITH_BYTES = new Set(['decryptedMessageMediaDocument']);

function normalized(line: string): string {
  const name = /^([\w.]+)#/.exec(line)![1]!;
  const s = line
    .replace(/;\s*$/, '')
    .replace(/^([A-Za-z_.]+?)\d*#[0-9a-f]+/, '$1')
    .replace(/[{}]/g, '')
    .replace(/ \w+:\w+\.\d+\?true/g, '');
  return (HASHED_WITH_BYTES.has(name) ? s : s.replace(/([:?])bytes\b/g, '$1string'))
    .replace(/</g, ' ')
    .replace(/>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const idOf = (line: string): number => parseInt(/#([0-9a-f]+)/.exec(line)![1]!, 16);

describe('secret-chat TL schema (§7.3)', () => {
  it.each([...TL_BUILTIN_LINES, ...SECRET_TL_LINES])('id is CRC32 of the normalized line: %s', (line) => {
    expect((crc32(normalized(line)) >>> 0).toString(16)).toBe(idOf(line).toString(16));
  });

  it('normalizes the way the known ids need (1be31789, 91cc4674, 36b091de, 73164160)', () => {
    const byName = (n: string) => secretTlSchema.byName.get(n)!;
    expect(byName('decryptedMessageLayer').id).toBe(0x1be31789);
    expect(byName('decryptedMessage').id).toBe(0x91cc4674);
    expect(byName('decryptedMessage46').id).toBe(0x36b091de);
    expect(byName('decryptedMessageService').id).toBe(0x73164160);
    expect(normalized(byName('decryptedMessage').line)).toBe(
      'decryptedMessage flags:# random_id:long ttl:int message:string media:flags.9?DecryptedMessageMedia ' +
        'entities:flags.7?Vector MessageEntity via_bot_name:flags.11?string reply_to_random_id:flags.3?long ' +
        'grouped_id:flags.17?long = DecryptedMessage',
    );
  });

  it('has every constructor of layers 8..144 (86 with true#3fedd339) plus Bool, uniquely named', () => {
    expect(SECRET_TL_LINES).toHaveLength(85);
    expect(secretTlSchema.constructors).toHaveLength(85 + 3);
    expect(new Set(secretTlSchema.constructors.map((c) => c.name)).size).toBe(88);
    expect(secretTlSchema.vectorId).toBe(0x1cb5c415);
  });

  it('parses the current decryptedMessage with derived flags and a ?true field', () => {
    const ctor = secretTlSchema.byName.get('decryptedMessage')!;
    const flags = ctor.fields[0]!;
    expect(flags).toEqual({
      kind: 'flags',
      name: 'flags',
      knownBits: (1 << 1) | (1 << 3) | (1 << 5) | (1 << 7) | (1 << 9) | (1 << 11) | (1 << 17),
    });
    expect(ctor.fields.find((f) => f.name === 'no_webpage')).toEqual({
      kind: 'true',
      name: 'no_webpage',
      condition: { flags: 'flags', bit: 1 },
    });
    expect(ctor.fields.find((f) => f.name === 'entities')).toMatchObject({
      kind: 'value',
      type: { kind: 'vector', boxed: true, element: { kind: 'object', type: 'MessageEntity' } },
      condition: { flags: 'flags', bit: 7 },
    });
  });

  it('rejects malformed schemas at load time', () => {
    const withBuiltins = (...lines: string[]) => parseTlSchema([...TL_BUILTIN_LINES, ...lines]);
    expect(() => withBuiltins('a#1 x:Missing = A;')).toThrow(/Missing has no constructor/);
    expect(() => withBuiltins('a#1 x:flags.0?int = A;')).toThrow(/before its #/);
    expect(() => withBuiltins('a#1 f:# x:f.0?int y:f.0?int = A;')).toThrow(/reused bit/);
    expect(() => withBuiltins('a#1 = A;', 'b#1 = B;')).toThrow(/duplicate id/);
    expect(() => withBuiltins('not a line')).toThrow(/cannot parse/);
    expect(() => parseTlSchema(['a#1 = A;'])).toThrow(/built-ins/);
  });
});

describe('server API objects of a secret chat (R4.6, R4.8)', () => {
  it.each(API_TL_LINES)('id is CRC32 of the normalized line: %s', (line) => {
    expect((crc32(normalized(line)) >>> 0).toString(16)).toBe(idOf(line).toString(16));
  });

  it('has the ids spec R4.6 and R4.8 list (TDLib telegram_api.tl)', () => {
    const ids = Object.fromEntries(
      apiTlSchema.constructors.map((c) => [c.name, c.id.toString(16).padStart(8, '0')]),
    );
    expect(ids).toMatchObject({
      'messages.requestEncryption': 'f64daf43',
      encryptedChatRequested: '48f1d94c',
      'messages.acceptEncryption': '3dbc0415',
      encryptedChat: '61f0d4c7',
      updateEncryption: 'b4a2e88d',
      encryptedChatEmpty: 'ab7ec0a0',
      encryptedChatWaiting: '66b25953',
      encryptedChatDiscarded: '1e1c7c45',
      inputEncryptedChat: 'f141b5e1',
      'messages.discardEncryption': 'f393aea0',
      'messages.sendEncrypted': '44fa7a15',
      'messages.sendEncryptedService': '32d439a4',
      encryptedMessage: 'ed18c118',
      encryptedMessageService: '23734b06',
      updateNewEncryptedMessage: '12bcbd9a',
      'messages.receivedQueue': '55a5bb66',
    });
  });

  it('is a schema of its own: the secret layer does not take API objects, nor the API secret ones', () => {
    const chat = { _: 'inputEncryptedChat', chat_id: 7, access_hash: '-2' };
    const bytes = encodeTl(chat, apiTlSchema);
    // f141b5e1 (LE) · 7 · -2 as a little-endian long
    expect(Buffer.from(bytes).toString('hex')).toBe('e1b541f1' + '07000000' + 'feffffffffffffff');
    expect(decodeTl(bytes, { schema: apiTlSchema })).toEqual({ ok: true, object: chat, consumed: 16 });
    expect(() => encodeTl(chat)).toThrow();
    expect(decodeTl(bytes).ok).toBe(false);
    expect(() => encodeTl({ _: 'decryptedMessageActionNoop' }, apiTlSchema)).toThrow();
  });
});
