// msg_key, the KDF (R2.1, R2.3) and the key fingerprint (R4.7) on node:crypto's hashes, against
// @conform/reference for random keys, both key offsets and random plaintexts.
import fc from 'fast-check';
import {
  computeKeyFingerprint as referenceFingerprint,
  computeMsgKey as referenceMsgKey,
  deriveMessageKeys as referenceKdf,
  senderForKeyOffset,
} from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { deriveMessageKeys } from '../src/kdf.js';
import { computeKeyFingerprint } from '../src/key-fingerprint.js';
import { computeMsgKey } from '../src/msg-key.js';
import { chooseSeed, seeded, toHex } from './support/seed.js';

const seed = chooseSeed();
const key = fc.uint8Array({ minLength: 256, maxLength: 256 });
const x = fc.constantFrom<0 | 8>(0, 8);

describe('MTProto 2.0 hashes on node:crypto', () => {
  it('msg_key equals the reference for both senders (R2.1, R2.3)', () => {
    const plaintext = fc
      .integer({ min: 0, max: 64 })
      .chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n }));
    fc.assert(
      fc.property(key, x, plaintext, (key, x, plaintext) => {
        expect(toHex(computeMsgKey(key, x, plaintext))).toBe(
          toHex(referenceMsgKey(key, senderForKeyOffset(x), plaintext)),
        );
      }),
      seeded(seed, 1000),
    );
  });

  it('aes_key and aes_iv equal the reference for both senders (R2.1)', () => {
    const msgKey = fc.uint8Array({ minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(key, x, msgKey, (key, x, msgKey) => {
        const fast = deriveMessageKeys(key, x, msgKey);
        const reference = referenceKdf(key, senderForKeyOffset(x), msgKey);
        expect(toHex(fast.aesKey)).toBe(toHex(reference.aesKey));
        expect(toHex(fast.aesIv)).toBe(toHex(reference.aesIv));
      }),
      seeded(seed, 1000),
    );
  });

  it('the key fingerprint equals the reference (R4.7)', () => {
    fc.assert(
      fc.property(key, (key) => {
        expect(toHex(computeKeyFingerprint(key))).toBe(toHex(referenceFingerprint(key)));
      }),
      seeded(seed, 300),
    );
  });

  it('x selects different key bytes: the two senders get different answers (R2.3)', () => {
    const k = Uint8Array.from({ length: 256 }, (_, i) => i);
    const plaintext = new Uint8Array(16);
    expect(toHex(computeMsgKey(k, 0, plaintext))).not.toBe(toHex(computeMsgKey(k, 8, plaintext)));
    const msgKey = new Uint8Array(16);
    expect(toHex(deriveMessageKeys(k, 0, msgKey).aesKey)).not.toBe(
      toHex(deriveMessageKeys(k, 8, msgKey).aesKey),
    );
  });
});
