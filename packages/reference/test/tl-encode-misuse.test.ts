// Caller misuse of encodeTl throws TypeError (wrong JS type, missing or unknown field, given flags)
// or RangeError (value out of range, unknown constructor, wrong type of constructor), naming the
// field by its TL-JSON path.
import { describe, expect, it } from 'vitest';
import { encodeTl, type TlObject } from '../src/tl/index.js';

const layer = (message: Record<string, unknown>): TlObject =>
  ({
    _: 'decryptedMessageLayer',
    random_bytes: '00'.repeat(15),
    layer: 144,
    in_seq_no: 0,
    out_seq_no: 1,
    message: { _: 'decryptedMessage', random_id: '1', ttl: 0, message: 'hi', ...message },
  }) as TlObject;

const encode = (object: unknown) => () => encodeTl(object as TlObject);

describe('encodeTl misuse', () => {
  it('names the nested field path of a bad long', () => {
    expect(encode(layer({ random_id: 5 }))).toThrow(
      new TypeError('"message.random_id" expected decimal string of a signed 64-bit integer, got number 5'),
    );
    expect(encode(layer({ random_id: '9223372036854775808' }))).toThrow(RangeError);
    expect(encode(layer({ random_id: '-9223372036854775808' }))).not.toThrow();
  });

  it('rejects a missing required field and an unknown field', () => {
    expect(encode(layer({ ttl: undefined }))).toThrow(
      new TypeError('"message.ttl" expected int, got undefined (missing field)'),
    );
    expect(encode(layer({ colour: 'red' }))).toThrow(
      new TypeError('"message.colour" is not a field of decryptedMessage'),
    );
  });

  it('rejects a given flags word: flags are derived, never given', () => {
    expect(encode(layer({ flags: 0 }))).toThrow(/"message.flags" is derived/);
  });

  it('rejects unknown constructors and constructors of the wrong type', () => {
    expect(encode({ _: 'nope' })).toThrow(
      new RangeError('"object._" expected a known constructor name, got string "nope"'),
    );
    expect(encode(layer({ media: { _: 'decryptedMessageActionNoop' } }))).toThrow(
      new RangeError(
        '"message.media" expected a DecryptedMessageMedia constructor, got "decryptedMessageActionNoop" (DecryptedMessageAction)',
      ),
    );
    expect(encode('decryptedMessageActionNoop')).toThrow(TypeError);
    expect(encode(null)).toThrow(TypeError);
  });

  it('checks ints, doubles, hex, strings, booleans and arrays, with indices in paths', () => {
    expect(encode(layer({ ttl: 2 ** 31 }))).toThrow(RangeError);
    expect(encode(layer({ ttl: 1.5 }))).toThrow(TypeError);
    expect(encode({ _: 'decryptedMessageMediaGeoPoint', lat: NaN, long: 0 })).toThrow(
      /"lat" expected finite number/,
    );
    expect(encode({ _: 'decryptedMessageActionRequestKey', exchange_id: '1', g_a: 'abc' })).toThrow(
      /"g_a" expected hex/,
    );
    expect(encode(layer({ message: '\udc00' }))).toThrow(/"message.message" expected well-formed Unicode/);
    expect(encode(layer({ silent: 'yes' }))).toThrow(/"message.silent" expected boolean/);
    expect(encode(layer({ entities: [{ _: 'messageEntityBold', offset: 0, length: '1' }] }))).toThrow(
      /"message.entities\[0\].length" expected integer/,
    );
    expect(encode({ _: 'decryptedMessageActionReadMessages', random_ids: '1' })).toThrow(
      /"random_ids" expected array/,
    );
  });

  it('accepts absent and false ?true fields alike, and upper-case hex', () => {
    const a = encodeTl(layer({ silent: false }));
    expect(a).toEqual(encodeTl(layer({})));
    expect(encodeTl({ _: 'decryptedMessageActionRequestKey', exchange_id: '1', g_a: 'ABCD' })).toEqual(
      encodeTl({ _: 'decryptedMessageActionRequestKey', exchange_id: '1', g_a: 'abcd' }),
    );
  });
});
