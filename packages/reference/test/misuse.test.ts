// Caller misuse throws TypeError/RangeError naming the argument (docs/design.md, "The reference package"); protocol input never throws.
import { describe, expect, it } from 'vitest';
import {
  computeMsgKey,
  decryptEnvelope,
  deriveMessageKeys,
  encryptEnvelope,
  igeDecrypt,
  igeEncrypt,
  sealPlaintext,
  type Role,
} from '../src/index.js';

const key = new Uint8Array(256).fill(7);
const block = new Uint8Array(16);

describe('misuse throws with the argument named', () => {
  const cases: [string, () => unknown, RegExp, ErrorConstructor][] = [
    [
      'igeEncrypt short key',
      () => igeEncrypt(new Uint8Array(31), new Uint8Array(32), block),
      /"key" expected Uint8Array of length 32, got length=31/,
      RangeError,
    ],
    [
      'igeEncrypt short iv',
      () => igeEncrypt(new Uint8Array(32), new Uint8Array(16), block),
      /"iv" expected Uint8Array of length 32, got length=16/,
      RangeError,
    ],
    [
      'igeDecrypt ragged data',
      () => igeDecrypt(new Uint8Array(32), new Uint8Array(32), new Uint8Array(17)),
      /"data" expected Uint8Array of length multiple of 16, got length=17/,
      RangeError,
    ],
    [
      'igeEncrypt string data',
      () => igeEncrypt(new Uint8Array(32), new Uint8Array(32), 'abc' as unknown as Uint8Array),
      /"data" expected Uint8Array, got string/,
      TypeError,
    ],
    [
      'computeMsgKey short key',
      () => computeMsgKey(new Uint8Array(255), 'creator', block),
      /"key" expected Uint8Array of length 256, got length=255/,
      RangeError,
    ],
    [
      'computeMsgKey bad role',
      () => computeMsgKey(key, 'admin' as Role, block),
      /"sender" expected one of "creator", "participant"/,
      RangeError,
    ],
    [
      'deriveMessageKeys short msg_key',
      () => deriveMessageKeys(key, 'participant', new Uint8Array(15)),
      /"msgKey" expected Uint8Array of length 16, got length=15/,
      RangeError,
    ],
    [
      'encryptEnvelope padding 11',
      () => encryptEnvelope(key, 'creator', new Uint8Array(16), { padding: new Uint8Array(12 - 1) }),
      /"padding" expected 12\.\.1024 bytes/,
      RangeError,
    ],
    [
      'encryptEnvelope padding 1025+',
      () => encryptEnvelope(key, 'creator', new Uint8Array(4), { padding: new Uint8Array(1036) }),
      /"padding" expected 12\.\.1024 bytes/,
      RangeError,
    ],
    [
      'encryptEnvelope misaligned padding',
      () => encryptEnvelope(key, 'creator', new Uint8Array(4), { padding: new Uint8Array(13) }),
      /"padding" expected/,
      RangeError,
    ],
    [
      'encryptEnvelope message not whole words',
      () => encryptEnvelope(key, 'creator', new Uint8Array(5), { padding: new Uint8Array(23) }),
      /"message" expected Uint8Array of length multiple of 4, got length=5/,
      RangeError,
    ],
    [
      'sealPlaintext ragged',
      () => sealPlaintext(key, 'creator', new Uint8Array(20)),
      /"plaintext" expected Uint8Array of length multiple of 16/,
      RangeError,
    ],
    [
      'decryptEnvelope no keys',
      () => decryptEnvelope([], 'creator', new Uint8Array(64)),
      /"keys" expected/,
      TypeError,
    ],
    [
      'decryptEnvelope short second key',
      () => decryptEnvelope([key, new Uint8Array(8)], 'creator', new Uint8Array(64)),
      /"keys\[1\]" expected Uint8Array of length 256, got length=8/,
      RangeError,
    ],
    [
      'decryptEnvelope data not bytes',
      () => decryptEnvelope(key, 'creator', [1, 2, 3] as unknown as Uint8Array),
      /"data" expected Uint8Array, got array\(length=3\)/,
      TypeError,
    ],
  ];
  for (const [name, call, message, type] of cases) {
    it(name, () => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });
  }
});
