// The argument checks (PROTOCOL.md §3): every wrong argument is `bad_input` with a detail that
// names it, in one shape; right ones decode to bytes and numbers.
import { describe, expect, it } from 'vitest';
import {
  ProtocolError,
  bytesArg,
  hex,
  integerArg,
  keyOffsetArg,
  optionalBytesArg,
  paddingArg,
  type Args,
} from '../src/index.js';

/** The ProtocolError `check` throws (the test fails if it throws nothing or something else). */
function refusal(check: () => unknown): ProtocolError {
  try {
    check();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('expected a ProtocolError, got none');
}

describe('bytesArg', () => {
  it('decodes hex in either case', () => {
    expect([...bytesArg({ key: '00ff7F' }, 'key')]).toEqual([0x00, 0xff, 0x7f]);
    expect(bytesArg({ key: '' }, 'key')).toHaveLength(0);
  });

  it.each<[string, Args, string]>([
    ['a missing argument', {}, '"key" expected hex string, got nothing (missing)'],
    ['a number', { key: 5 }, '"key" expected hex string, got number 5'],
    ['null', { key: null }, '"key" expected hex string, got null'],
    ['an array', { key: ['00'] }, '"key" expected hex string, got an array'],
    [
      'an odd number of digits',
      { key: 'abc' },
      '"key" expected hex string (pairs of 0-9a-f), got other characters',
    ],
    [
      'a non-hex character',
      { key: '0g' },
      '"key" expected hex string (pairs of 0-9a-f), got other characters',
    ],
    ['a 0x prefix', { key: '0x00' }, '"key" expected hex string (pairs of 0-9a-f), got other characters'],
  ])('refuses %s with bad_input naming it', (_name, args, detail) => {
    const error = refusal(() => bytesArg(args, 'key'));
    expect([error.code, error.message]).toEqual(['bad_input', detail]);
  });

  it('applies exact lengths and multiples, never truncating or extending (§3 "Lengths")', () => {
    const short = refusal(() => bytesArg({ key: '00'.repeat(31) }, 'key', { length: 32 }));
    expect([short.code, short.message]).toEqual(['bad_input', '"key" expected 32 bytes, got 31 bytes']);
    const long = refusal(() => bytesArg({ key: '00'.repeat(33) }, 'key', { length: 32 }));
    expect(long.message).toBe('"key" expected 32 bytes, got 33 bytes');
    const ragged = refusal(() => bytesArg({ data: '26' }, 'data', { multipleOf: 16 }));
    expect(ragged.message).toBe('"data" expected a multiple of 16 bytes, got 1 bytes');
    expect(bytesArg({ data: '00'.repeat(32) }, 'data', { multipleOf: 16 })).toHaveLength(32);
  });

  it('reads own properties only', () => {
    expect(refusal(() => bytesArg({}, 'toString')).message).toBe(
      '"toString" expected hex string, got nothing (missing)',
    );
  });

  it('leaves an absent optional argument undefined but checks a present one', () => {
    expect(optionalBytesArg({}, 'key46')).toBeUndefined();
    expect(refusal(() => optionalBytesArg({ key46: null }, 'key46')).code).toBe('bad_input');
  });
});

describe('integerArg and keyOffsetArg', () => {
  it('takes JSON numbers with no fraction', () => {
    expect(integerArg({ g: 3 }, 'g')).toBe(3);
    expect(integerArg({ g: -(2 ** 40) }, 'g')).toBe(-(2 ** 40));
  });

  it.each<[Args, string]>([
    [{}, '"g" expected integer, got nothing (missing)'],
    [{ g: 1.5 }, '"g" expected integer, got number 1.5'],
    [{ g: '3' }, '"g" expected integer, got a string of 1 characters'],
    [{ g: true }, '"g" expected integer, got boolean true'],
  ])('refuses %j', (args, detail) => {
    expect(refusal(() => integerArg(args, 'g')).message).toBe(detail);
  });

  it('takes x = 0 or 8 only (R2.3)', () => {
    expect(keyOffsetArg({ x: 0 })).toBe(0);
    expect(keyOffsetArg({ x: 8 })).toBe(8);
    const error = refusal(() => keyOffsetArg({ x: 4 }));
    expect([error.code, error.message]).toEqual(['bad_input', '"x" expected 0 or 8, got 4']);
  });
});

describe('paddingArg (R3.4)', () => {
  it('takes 12..1024 bytes that make the plaintext whole blocks', () => {
    // 4 + 12 + 16 = 32 bytes of plaintext.
    expect(paddingArg({ padding: '00'.repeat(16) }, 12)).toHaveLength(16);
    expect(paddingArg({}, 12)).toBeUndefined();
  });

  it('refuses too little, too much, and a length that leaves a partial block', () => {
    expect(refusal(() => paddingArg({ padding: '00'.repeat(8) }, 4)).message).toBe(
      '"padding" expected 12..1024 bytes (R3.4), got 8 bytes',
    );
    expect(refusal(() => paddingArg({ padding: '00'.repeat(1036) }, 4)).message).toBe(
      '"padding" expected 12..1024 bytes (R3.4), got 1036 bytes',
    );
    expect(refusal(() => paddingArg({ padding: '00'.repeat(13) }, 12)).message).toBe(
      '"padding" expected a length making 4 + message + padding whole blocks, got 13 bytes',
    );
  });
});

describe('hex', () => {
  it('encodes exactly the bytes of a view, lowercase', () => {
    const buffer = Uint8Array.from([0xaa, 0xbb, 0xcc, 0xdd]);
    expect(hex(buffer.subarray(1, 3))).toBe('bbcc');
    expect(hex(new Uint8Array(0))).toBe('');
  });
});
