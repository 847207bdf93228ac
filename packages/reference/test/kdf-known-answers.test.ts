// The reference KDF (R2.1) reproduces the MTProto 2.0 answers published in mtcute's and GramJS's
// own test suites, for both directions (R2.3: x = 0 and x = 8).
import { describe, expect, it } from 'vitest';
import { deriveMessageKeys, senderForKeyOffset } from '../src/index.js';
import { fromHex, toHex } from './support/hex.js';
import { loadKnownAnswers } from '@conform/known-answers';

const answers = loadKnownAnswers('mtproto2-kdf-peers.json');

describe('MTProto 2.0 KDF known answers from third-party suites (R2.1)', () => {
  it('covers both key offsets', () => {
    expect(new Set(answers.tests.map((t) => t.x))).toEqual(new Set([0, 8]));
  });
  for (const t of answers.tests) {
    it(`${t.name} — ${t.source}`, () => {
      const { aesKey, aesIv } = deriveMessageKeys(
        fromHex(t.key),
        senderForKeyOffset(t.x),
        fromHex(t.msg_key),
      );
      expect(toHex(aesKey)).toBe(t.aes_key);
      expect(toHex(aesIv)).toBe(t.aes_iv);
    });
  }
});
