// R1.2: the reference's AES-256-IGE must agree, byte for byte, with an independent oracle and with
// every third-party IGE we can run, on random keys, IVs and lengths (0 blocks up to 4 KiB). Decrypt is
// compared on random ciphertext too: every block string is a valid IGE ciphertext. Telethon, which runs
// in python, has its own file (differential-ige-telethon.test.ts) so that it runs in parallel.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { igeDecrypt, igeEncrypt } from '../src/ige.js';
import {
  oracleIgeDecrypt,
  oracleIgeEncrypt,
  GRAMJS,
  gramjsIgeDecrypt,
  gramjsIgeEncrypt,
  MTCUTE,
  mtcuteIgeDecrypt,
  mtcuteIgeEncrypt,
} from '@conform/oracles';
import { chooseSeed, propertyRuns, seededParams } from './support/seed.js';

// Native hex: fast enough for megabytes, and a mismatch still prints a readable diff.
const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const seed = chooseSeed();
const numRuns = propertyRuns(1000);
const params = () => seededParams(seed, numRuns);

type Ige = (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Uint8Array;
interface IgeCase {
  key: Uint8Array;
  iv: Uint8Array;
  data: Uint8Array;
}
const blocks = fc
  .integer({ min: 0, max: 256 })
  .chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n }));
const igeCase: fc.Arbitrary<IgeCase> = fc.record({
  key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  iv: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  data: blocks,
});

const inProcessPeers: [string, Ige, Ige][] = [
  ['the node:crypto oracle', oracleIgeEncrypt, oracleIgeDecrypt],
  [GRAMJS, gramjsIgeEncrypt, gramjsIgeDecrypt],
  [MTCUTE, mtcuteIgeEncrypt, mtcuteIgeDecrypt],
];

describe.each(inProcessPeers)('AES-256-IGE vs %s', (peer, peerEncrypt, peerDecrypt) => {
  it(`IGE encrypt agrees with ${peer} (R1.2)`, () => {
    fc.assert(
      fc.property(igeCase, ({ key, iv, data }) => {
        expect(toHex(igeEncrypt(key, iv, data))).toBe(toHex(peerEncrypt(key, iv, data)));
      }),
      params(),
    );
  });

  it(`IGE decrypt agrees with ${peer} (R1.2)`, () => {
    fc.assert(
      fc.property(igeCase, ({ key, iv, data }) => {
        expect(toHex(igeDecrypt(key, iv, data))).toBe(toHex(peerDecrypt(key, iv, data)));
      }),
      params(),
    );
  });
});
