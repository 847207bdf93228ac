// Known answers for the TL codec: the §7.1 serialization examples (official D-ser/D-samp), the
// community payload of §9.7 (third party), and the TL-JSON example of docs/design.md §3.6.
import { describe, expect, it } from 'vitest';
import { decodeTl, encodeTl, type TlObject } from '../src/tl/index.js';
import { fromHex, toHex } from './support/hex.js';

/** Encodes a one-string object through the schema, returning just the string's serialization. */
function serializedString(text: string): Uint8Array {
  const bytes = encodeTl({ _: 'decryptedMessageMediaWebPage', url: text });
  return bytes.subarray(4); // after the constructor id
}

function serializedBytes(hex: string): Uint8Array {
  const bytes = encodeTl({ _: 'decryptedMessageActionRequestKey', exchange_id: '0', g_a: hex });
  return bytes.subarray(4 + 8);
}

describe('TL serialization examples (spec §7.1, D-samp)', () => {
  it('an 8-byte string: length byte, data, 3 zero bytes', () => {
    expect(toHex(serializedBytes('1460e7d3fa727791'))).toBe('081460e7d3fa727791000000');
  });

  it('a 256-byte string: FE 00 01 00, no padding', () => {
    const out = serializedBytes('ab'.repeat(256));
    expect(toHex(out.subarray(0, 4))).toBe('fe000100');
    expect(out).toHaveLength(4 + 256);
  });

  it('592 bytes → FE 50 02 00; 336 bytes → FE 50 01 00', () => {
    expect(toHex(serializedBytes('00'.repeat(592)).subarray(0, 4))).toBe('fe500200');
    expect(toHex(serializedBytes('00'.repeat(336)).subarray(0, 4))).toBe('fe500100');
  });

  it('253 bytes use the short form, 254 the long form (boundary)', () => {
    expect(toHex(serializedBytes('00'.repeat(253)).subarray(0, 1))).toBe('fd');
    expect(serializedBytes('00'.repeat(253))).toHaveLength(256);
    expect(toHex(serializedBytes('00'.repeat(254)).subarray(0, 4))).toBe('fefe0000');
    expect(serializedBytes('00'.repeat(254))).toHaveLength(260);
  });

  it('strings are UTF-8 (a 2-byte character counts 2)', () => {
    expect(toHex(serializedString('é'))).toBe('02c3a900');
  });

  it('boxed objects start with the LE constructor id (0x1be31789 → 89 17 E3 1B)', () => {
    const layer = encodeTl({
      _: 'decryptedMessageLayer',
      random_bytes: '',
      layer: 144,
      in_seq_no: 0,
      out_seq_no: 0,
      message: { _: 'decryptedMessageService', random_id: '-1', action: { _: 'decryptedMessageActionNoop' } },
    });
    expect(toHex(layer.subarray(0, 4))).toBe('8917e31b');
  });
});

describe('spec §9.7 community payload (third party)', () => {
  // The first 4 bytes of the posted plaintext, 3C000000, are the R3.2 length prefix (60); the TL body
  // follows. Posted without padding; it decodes consistently under §7.1.
  const body = fromHex(`
    8917E31B 0F F1C770B657C36AF705BDACA4BE2C0B 2E000000 01000000 62000000
    DE91B036 00000000 38507C7CD5FA6F7C 00000000 06 546573743132 00`);
  const expected: TlObject = {
    _: 'decryptedMessageLayer',
    random_bytes: 'f1c770b657c36af705bdaca4be2c0b',
    layer: 46,
    in_seq_no: 1,
    out_seq_no: 98,
    message: {
      _: 'decryptedMessage46',
      random_id: BigInt('0x7C6FFAD57C7C5038').toString(),
      ttl: 0,
      message: 'Test12',
    },
  };

  it('is 60 bytes, as its length prefix says', () => {
    expect(body).toHaveLength(0x3c);
  });

  it('decodes to layer 46, seq 1/98, decryptedMessage46 "Test12"', () => {
    const result = decodeTl(body, { type: 'DecryptedMessageLayer' });
    expect(result).toEqual({ ok: true, object: expected, consumed: 60 });
  });

  it('re-encodes byte-identically', () => {
    expect(toHex(encodeTl(expected))).toBe(toHex(body));
  });
});

describe('TL-JSON example (docs/design.md §3.6)', () => {
  const example: TlObject = {
    _: 'decryptedMessageLayer',
    random_bytes: '000102030405060708090a0b0c0d0e',
    layer: 144,
    in_seq_no: 0,
    out_seq_no: 1,
    message: { _: 'decryptedMessage', random_id: '81985529216486895', ttl: 0, message: 'Hello' },
  };

  it('round-trips JSON → TL → JSON unchanged', () => {
    const bytes = encodeTl(example);
    expect(decodeTl(bytes)).toEqual({ ok: true, object: example, consumed: bytes.length });
  });

  it('derives the flags word and omits false ?true fields on decode', () => {
    const withFlags = {
      ...example,
      message: { ...(example.message as TlObject), silent: true, no_webpage: false, grouped_id: '-5' },
    };
    const bytes = encodeTl(withFlags);
    const flagsAt = 4 + 16 + 12 + 4; // id, random_bytes, three ints, message id
    expect(toHex(bytes.subarray(flagsAt, flagsAt + 4))).toBe('20000200'); // bits 5 and 17
    const decoded = decodeTl(bytes);
    expect(decoded.ok && decoded.object.message).toEqual({
      _: 'decryptedMessage',
      silent: true,
      random_id: '81985529216486895',
      ttl: 0,
      message: 'Hello',
      grouped_id: '-5',
    });
  });
});
