// The native path (native/ige.c through src/native.ts) against @conform/reference's IGE (R1.2) on
// random keys, ivs and lengths 0..4 KiB, aligned or not, and its misuse errors. When the addon is
// not built, the property tests say they were skipped, except under CI with a C compiler present,
// where a missing addon is a failure (the build should have made it). The JavaScript path is
// proven by ige.test.ts and, through the runner with CONFORM_FAST_NODE_NATIVE=0, by adapter.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { igeDecrypt as referenceDecrypt, igeEncrypt as referenceEncrypt } from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { ADDON_PATH, loadNative, NATIVE_ENV, type NativeIge } from '../src/native.js';
import { chooseSeed, seeded, toHex } from './support/seed.js';

const seed = chooseSeed();
const built = existsSync(ADDON_PATH);
const compilerPresent = spawnSync('cc', ['--version'], { stdio: 'ignore' }).status === 0;
const status = loadNative(ADDON_PATH, {});
const addon: NativeIge | undefined = status.state === 'active' ? status.addon : undefined;
const whyNot = status.state === 'active' ? '' : status.reason;

describe('the native addon is built where it can be', () => {
  it(`is built and active, or the skip is said (${built ? 'built' : 'not built'})`, () => {
    if (!built && process.env['CI'] && compilerPresent) {
      expect.fail(`CI has a C compiler (cc --version works) but ${ADDON_PATH} was not built`);
    }
    if (addon === undefined) {
      console.warn(`[native] SKIPPED the native path's property tests: ${whyNot}`);
      if (built) expect(status.state, whyNot).toBe('unavailable'); // built: only a CPU without AES-NI excuses it
      return;
    }
    expect(status.state).toBe('active');
  });
});

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
/** `bytes` copied to offset `shift` of a fresh buffer (unaligned for the addon's loads). */
function at(bytes: Uint8Array, shift: number): Uint8Array {
  const buffer = new Uint8Array(shift + bytes.length);
  buffer.set(bytes, shift);
  return buffer.subarray(shift);
}
const igeCase = fc
  .record({
    key: bytes(32),
    iv: bytes(32),
    data: fc.integer({ min: 0, max: 256 }).chain((n) => bytes(16 * n)),
    shift: fc.integer({ min: 0, max: 15 }),
  })
  .map(({ key, iv, data, shift }) => ({ key: at(key, shift), iv: at(iv, shift), data: at(data, shift) }));

function call(fn: NativeIge['igeEncrypt'], key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length).fill(0x5a);
  fn(key, iv, data, out);
  return out;
}

describe.skipIf(addon === undefined)('native AES-256-IGE on AES-NI (R1.2)', () => {
  const native = addon!;

  it('encryption equals the reference IGE encryption', () => {
    fc.assert(
      fc.property(igeCase, ({ key, iv, data }) => {
        const before = toHex(data);
        expect(toHex(call(native.igeEncrypt, key, iv, data))).toBe(toHex(referenceEncrypt(key, iv, data)));
        expect(toHex(data), 'the input is left as it was').toBe(before);
      }),
      seeded(seed, 1000),
    );
  });

  it('decryption equals the reference IGE decryption', () => {
    fc.assert(
      fc.property(igeCase, ({ key, iv, data }) => {
        const before = toHex(data);
        expect(toHex(call(native.igeDecrypt, key, iv, data))).toBe(toHex(referenceDecrypt(key, iv, data)));
        expect(toHex(data), 'the input is left as it was').toBe(before);
      }),
      seeded(seed, 1000),
    );
  });

  it('each half of the iv matters: c_0 first, m_0 second (R1.2)', () => {
    const key = new Uint8Array(32).fill(1);
    const data = new Uint8Array(48).fill(2);
    for (const index of [0, 16]) {
      const iv = new Uint8Array(32);
      iv[index] = 1;
      expect(toHex(call(native.igeEncrypt, key, iv, data))).toBe(toHex(referenceEncrypt(key, iv, data)));
      expect(toHex(call(native.igeDecrypt, key, iv, data))).toBe(toHex(referenceDecrypt(key, iv, data)));
    }
  });

  it.each([
    ['key', new Uint8Array(31), new Uint8Array(32), new Uint8Array(16), new Uint8Array(16)],
    ['iv', new Uint8Array(32), new Uint8Array(33), new Uint8Array(16), new Uint8Array(16)],
    ['data', new Uint8Array(32), new Uint8Array(32), new Uint8Array(15), new Uint8Array(15)],
    ['out', new Uint8Array(32), new Uint8Array(32), new Uint8Array(16), new Uint8Array(32)],
  ])('refuses a wrong %s length with a RangeError naming it (R1.3)', (name, key, iv, data, out) => {
    for (const fn of [native.igeEncrypt, native.igeDecrypt]) {
      expect(() => fn(key, iv, data, out)).toThrow(RangeError);
      expect(() => fn(key, iv, data, out)).toThrow(new RegExp(`"${name}"`));
    }
  });

  it('refuses arguments that are not Uint8Arrays with a TypeError, and output that overlaps the input', () => {
    const block = new Uint8Array(16);
    const fn = native.igeEncrypt as unknown as (...args: unknown[]) => void;
    expect(() => fn('00'.repeat(32), new Uint8Array(32), block, new Uint8Array(16))).toThrow(TypeError);
    expect(() => fn(new Uint8Array(32), new Uint16Array(16), block, new Uint8Array(16))).toThrow(/"iv"/);
    expect(() => fn(new Uint8Array(32), new Uint8Array(32), block)).toThrow(TypeError);
    const shared = new Uint8Array(48);
    expect(() =>
      native.igeDecrypt(new Uint8Array(32), new Uint8Array(32), shared.subarray(0, 32), shared.subarray(16)),
    ).toThrow(/apart/);
  });
});

describe('loading the native path', () => {
  it(`is turned off by ${NATIVE_ENV}=0`, () => {
    expect(loadNative(ADDON_PATH, { [NATIVE_ENV]: '0' })).toEqual({
      state: 'off',
      reason: `${NATIVE_ENV}=0`,
    });
  });

  it('falls back when the addon is missing or is not the addon', () => {
    expect(loadNative('/nonexistent/conform_ige.node', {})).toMatchObject({ state: 'unavailable' });
    expect(loadNative(import.meta.filename, {})).toMatchObject({ state: 'broken' });
  });
});
