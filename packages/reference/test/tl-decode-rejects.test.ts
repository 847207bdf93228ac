// decodeTl turns every malformed input into a typed TlError value (code, offset, path), never an
// exception: truncation, unknown or misplaced constructors, impossible vector counts, nesting,
// bad Bool/UTF-8/double, non-canonical lengths and padding, unused flag bits, trailing bytes.
import { describe, expect, it } from 'vitest';
import {
  decodeTl,
  encodeTl,
  parseTlSchema,
  TL_BUILTIN_LINES,
  type TlDecodeResult,
  type TlErrorCode,
  type TlObject,
} from '../src/tl/index.js';
import { fromHex } from './support/hex.js';

/** A message that exercises flags, optional fields, nested objects and vectors. */
const rich: TlObject = {
  _: 'decryptedMessageLayer',
  random_bytes: '00112233445566778899aabbccddeeff',
  layer: 144,
  in_seq_no: 4,
  out_seq_no: 7,
  message: {
    _: 'decryptedMessage',
    silent: true,
    random_id: '-9223372036854775808',
    ttl: 30,
    message: 'héllo 👋',
    media: {
      _: 'decryptedMessageMediaDocument',
      thumb: '',
      thumb_w: 0,
      thumb_h: 0,
      mime_type: 'image/webp',
      size: '4294967296',
      key: 'aa'.repeat(32),
      iv: 'bb'.repeat(32),
      attributes: [
        {
          _: 'documentAttributeSticker',
          alt: ':)',
          stickerset: { _: 'inputStickerSetShortName', short_name: 'x' },
        },
        { _: 'documentAttributeAudio', voice: true, duration: 3, waveform: '0102' },
      ],
      caption: '',
    },
    entities: [{ _: 'messageEntityBold', offset: 0, length: 5 }],
    reply_to_random_id: '1',
  },
};
const richBytes = encodeTl(rich);

function rejects(result: TlDecodeResult, code: TlErrorCode): { offset: number; path: string } {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  expect(result.error.code).toBe(code);
  expect(result.error.message).not.toBe('');
  return result.error;
}

function withWord(bytes: Uint8Array, offset: number, word: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, word, true);
  return copy;
}

const noop = { _: 'decryptedMessageActionNoop' };
const service = (action: object) => ({ _: 'decryptedMessageService', random_id: '1', action }) as TlObject;

describe('decodeTl rejections', () => {
  it('accepts the rich message and re-encodes it exactly', () => {
    const result = decodeTl(richBytes);
    expect(result).toEqual({ ok: true, object: rich, consumed: richBytes.length });
  });

  it('rejects the rich message truncated at every offset', () => {
    for (let n = 0; n < richBytes.length; n++) {
      for (const allowTrailingBytes of [false, true]) {
        const result = decodeTl(richBytes.subarray(0, n), { allowTrailingBytes });
        expect(result.ok, `prefix ${n}`).toBe(false);
        if (!result.ok) expect(['truncated', 'too_large']).toContain(result.error.code);
      }
    }
  });

  it('rejects an unknown constructor, at the top level and nested (with its path)', () => {
    expect(rejects(decodeTl(fromHex('efbeadde')), 'unknown_constructor')).toMatchObject({
      offset: 0,
      path: '',
    });
    const bytes = encodeTl(service(noop));
    const error = rejects(decodeTl(withWord(bytes, 12, 0xdeadbeef)), 'unknown_constructor');
    expect(error).toMatchObject({ offset: 12, path: 'action' });
  });

  it('rejects a known constructor of the wrong type, and honours options.type', () => {
    const bytes = withWord(encodeTl(service(noop)), 12, 0x089f5c4a); // decryptedMessageMediaEmpty
    expect(rejects(decodeTl(bytes), 'unexpected_constructor').path).toBe('action');
    expect(
      rejects(decodeTl(encodeTl(service(noop)), { type: 'DecryptedMessageLayer' }), 'unexpected_constructor'),
    );
  });

  it('rejects a vector count larger than the bytes remaining, fast and without allocating', () => {
    const bytes = encodeTl({ _: 'decryptedMessageActionReadMessages', random_ids: ['1', '2'] });
    const started = performance.now();
    const error = rejects(decodeTl(withWord(bytes, 8, 0x7fffffff)), 'too_large');
    expect(performance.now() - started).toBeLessThan(50);
    expect(error).toMatchObject({ offset: 8, path: 'random_ids' });
    // 3 longs need 24 bytes; 16 remain.
    rejects(decodeTl(withWord(bytes, 8, 3)), 'too_large');
    rejects(decodeTl(withWord(bytes, 8, 0xffffffff)), 'bad_length');
  });

  it('rejects a boxed vector whose id is not vector#1cb5c415', () => {
    const bytes = encodeTl({ _: 'decryptedMessageActionReadMessages', random_ids: [] });
    rejects(decodeTl(withWord(bytes, 4, 0x12345678)), 'unknown_constructor');
    rejects(decodeTl(withWord(bytes, 4, 0x997275b5)), 'unexpected_constructor');
  });

  it('rejects invalid UTF-8 in a string, but accepts any bytes in a bytes field', () => {
    const bytes = encodeTl({ _: 'decryptedMessageMediaWebPage', url: 'ab' });
    const bad = bytes.slice();
    bad[5] = 0xff;
    expect(rejects(decodeTl(bad), 'bad_utf8')).toMatchObject({ offset: 4, path: 'url' });
    bad[5] = 0xc3; // a lead byte without its continuation
    rejects(decodeTl(bad), 'bad_utf8');
    expect(decodeTl(encodeTl({ _: 'photoSizeEmpty', type: '\ufeffx' })).ok).toBe(true); // BOM kept
  });

  it('rejects non-canonical strings: long form for a short length, nonzero padding, 0xFF prefix', () => {
    // decryptedMessageMediaWebPage#e50511d8 url:string
    rejects(decodeTl(fromHex('d81105e5 fe020000 61620000')), 'non_canonical');
    expect(rejects(decodeTl(fromHex('d81105e5 02616201')), 'non_canonical').offset).toBe(7);
    rejects(decodeTl(fromHex('d81105e5 ff020000 00000000 61620000')), 'bad_length');
    expect(decodeTl(fromHex('d81105e5 02616200')).ok).toBe(true);
  });

  it('rejects flag bits that no field uses', () => {
    const bytes = encodeTl({
      ...rich,
      message: { _: 'decryptedMessage', random_id: '0', ttl: 0, message: '' },
    });
    const flagsAt = 4 + 20 + 12 + 4;
    expect(decodeTl(bytes).ok).toBe(true);
    expect(rejects(decodeTl(withWord(bytes, flagsAt, 1)), 'unknown_flags').offset).toBe(flagsAt);
  });

  it('rejects a non-finite double', () => {
    const bytes = encodeTl({ _: 'decryptedMessageMediaGeoPoint', lat: 1.5, long: -0.25 });
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat64(4, NaN, true);
    expect(rejects(decodeTl(nan), 'bad_double').path).toBe('lat');
  });

  it('rejects trailing bytes by default (R3.7 step 6, D5) and reports consumed when allowed', () => {
    const bytes = new Uint8Array([...encodeTl(service(noop)), 0, 0, 0, 0]);
    expect(rejects(decodeTl(bytes), 'trailing_bytes').offset).toBe(bytes.length - 4);
    expect(decodeTl(bytes, { allowTrailingBytes: true })).toMatchObject({
      ok: true,
      consumed: bytes.length - 4,
    });
  });

  describe('with a test schema (Bool and recursion do not occur in the secret schema)', () => {
    const schema = parseTlSchema([
      ...TL_BUILTIN_LINES,
      'testFlag#00000001 value:Bool = TestFlag;',
      'testNode#00000002 flags:# next:flags.0?TestNode = TestNode;',
      'testGrid#00000003 rows:Vector<Vector<int>> key:int128 hash:int256 raw:vector<long> = TestGrid;',
    ]);

    it('rejects a Bool that is neither boolTrue nor boolFalse', () => {
      expect(decodeTl(fromHex('01000000 b5757299'), { schema })).toMatchObject({
        ok: true,
        object: { value: true },
      });
      expect(decodeTl(fromHex('01000000 379779bc'), { schema })).toMatchObject({
        ok: true,
        object: { value: false },
      });
      expect(rejects(decodeTl(fromHex('01000000 39d3ed3f'), { schema }), 'bad_bool')).toMatchObject({
        offset: 4,
        path: 'value',
      });
    });

    it('rejects nesting deeper than maxDepth (default 32)', () => {
      let node: TlObject = { _: 'testNode' };
      for (let i = 1; i < 40; i++) node = { _: 'testNode', next: node };
      const bytes = encodeTl(node, schema);
      const error = rejects(decodeTl(bytes, { schema }), 'too_deep');
      expect(error.path).toBe(Array(32).fill('next').join('.'));
      expect(decodeTl(bytes, { schema, maxDepth: 40 }).ok).toBe(true);
      rejects(decodeTl(bytes, { schema, maxDepth: 39 }), 'too_deep');
    });

    it('decodes nested vectors, int128/int256 and bare vectors, with paths into arrays', () => {
      const grid: TlObject = {
        _: 'testGrid',
        rows: [[1, 2], [], [-3]],
        key: '0f'.repeat(16),
        hash: 'f0'.repeat(32),
        raw: ['5', '-6'],
      };
      const bytes = encodeTl(grid, schema);
      expect(decodeTl(bytes, { schema })).toEqual({ ok: true, object: grid, consumed: bytes.length });
      const bad = withWord(bytes, 4 + 4 + 4, 0); // rows[0]'s vector id
      expect(rejects(decodeTl(bad, { schema }), 'unknown_constructor').path).toBe('rows[0]');
    });
  });
});
