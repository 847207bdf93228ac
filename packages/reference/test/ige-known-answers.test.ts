// The reference IGE (R1) reproduces published answers nobody here computed:
// Telegram's official samples (spec §9.2, §9.3), TDLib's AesIgeState regression (§9.4) and
// OpenSSL's igetest vectors (AES-128, which exercise the IGE chaining and IV layout of R1.2).
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { _igeDecryptAnyKey, _igeEncryptAnyKey, igeDecrypt, igeEncrypt } from '../src/ige.js';
import { fromHex, toHex } from './support/hex.js';
import { loadKnownAnswers, tdlibIgeInputs } from '@conform/known-answers';

const sha1 = (...parts: Uint8Array[]) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

const official = loadKnownAnswers('ige-official-sample.json');

describe("Telegram's official IGE samples (core.telegram.org/mtproto/samples-auth_key, spec §9.2–§9.3)", () => {
  it('the sample key and IV follow from the sample nonces (tmp_KDF), so the data is self-consistent', () => {
    const server = fromHex(official.server_nonce);
    const fresh = fromHex(official.new_nonce);
    const key = new Uint8Array([...sha1(fresh, server), ...sha1(server, fresh).subarray(0, 12)]);
    const iv = new Uint8Array([
      ...sha1(server, fresh).subarray(12, 20),
      ...sha1(fresh, fresh),
      ...fresh.subarray(0, 4),
    ]);
    for (const t of official.tests) {
      expect(toHex(key)).toBe(t.key);
      expect(toHex(iv)).toBe(t.iv);
    }
  });

  for (const t of official.tests) {
    it(`${t.name}: reference encrypts SHA1(data)+data+padding to the published ciphertext and back`, () => {
      const data = fromHex(t.data);
      const plaintext = new Uint8Array([...sha1(data), ...data, ...fromHex(t.padding)]);
      if (t.plaintext !== undefined) expect(toHex(plaintext)).toBe(t.plaintext); // as printed on the page
      expect(toHex(igeEncrypt(fromHex(t.key), fromHex(t.iv), plaintext))).toBe(t.ciphertext);
      expect(toHex(igeDecrypt(fromHex(t.key), fromHex(t.iv), fromHex(t.ciphertext)))).toBe(toHex(plaintext));
    });
  }
});

describe('TDLib AES-IGE regression answers (tdutils/test/crypto.cpp AesIgeState, spec §9.4)', () => {
  const { tests } = loadKnownAnswers('ige-tdlib-crc32.json');
  it('covers the six published lengths', () => {
    expect(tests.map((t) => t.length)).toEqual([0, 16, 32, 256, 1024, 65536]);
  });
  for (const t of tests) {
    it(`length ${t.length}: CRC32 of the ciphertext is ${t.crc32}, and it decrypts back`, () => {
      const { plaintext, key, iv } = tdlibIgeInputs(t.length);
      const ciphertext = igeEncrypt(key, iv, plaintext);
      expect(crc32(ciphertext) >>> 0).toBe(t.crc32);
      expect(igeDecrypt(key, iv, ciphertext)).toEqual(plaintext);
    });
  }
  it('length 32 expanded (spec §9.4): exact plaintext, key, iv and ciphertext', () => {
    const { plaintext, key, iv } = tdlibIgeInputs(32);
    expect(toHex(plaintext)).toBe('4c7b4aeccf62f232603b211f558bf57195491f5397d8db64620efab08c30dab5');
    expect(toHex(key)).toBe('3ef36a602c7c290e9f61268b6ea7ff16fec2e55b47989477d17d5df8b1381eda');
    expect(toHex(iv)).toBe('8efd468ba172d4e8aeaa573d0e2ced49a7ed4639f052a1a8ef30cba53dcb25ad');
    expect(toHex(igeEncrypt(key, iv, plaintext))).toBe(
      'c7dc97b92ae0375496947e56678e2bf4b1b5f178a91dfa2ddeb69d9d5db2361c',
    );
  });
});

describe("OpenSSL's published IGE vectors (test/igetest.c, AES-128)", () => {
  for (const t of loadKnownAnswers('ige-openssl-aes128.json').tests) {
    it(t.name, () => {
      const run = t.direction === 'encrypt' ? _igeEncryptAnyKey : _igeDecryptAnyKey;
      const back = t.direction === 'encrypt' ? _igeDecryptAnyKey : _igeEncryptAnyKey;
      expect(toHex(run(fromHex(t.key), fromHex(t.iv), fromHex(t.input)))).toBe(t.output);
      expect(toHex(back(fromHex(t.key), fromHex(t.iv), fromHex(t.output)))).toBe(t.input);
    });
  }
});

describe('IGE properties the mode guarantees (R1.2–R1.4)', () => {
  const key = fromHex('00'.repeat(31) + '01');
  const iv = fromHex('11'.repeat(32));
  it('empty input gives empty output (R1.3)', () => {
    expect(igeEncrypt(key, iv, new Uint8Array(0))).toEqual(new Uint8Array(0));
  });
  it('a change in one ciphertext block garbles that block and the rest, never the blocks before it', () => {
    const plaintext = Uint8Array.from({ length: 160 }, (_, i) => i);
    const c = igeEncrypt(key, iv, plaintext);
    c[80]! ^= 1; // block 5
    const p = igeDecrypt(key, iv, c);
    expect(p.subarray(0, 80)).toEqual(plaintext.subarray(0, 80));
    for (let block = 5; block < 10; block++) {
      expect(p.subarray(16 * block, 16 * block + 16)).not.toEqual(
        plaintext.subarray(16 * block, 16 * block + 16),
      );
    }
  });
  it('each call starts from its own IV: no chaining across messages (R1.4)', () => {
    const m = new Uint8Array(32).fill(5);
    expect(igeEncrypt(key, iv, m)).toEqual(igeEncrypt(key, iv, m));
  });
});

describe("GramJS's published IGE answer (gram-js/gramjs __tests__/crypto/AES.spec.ts)", () => {
  for (const t of loadKnownAnswers('ige-peers.json').tests) {
    it(t.name, () => {
      expect(toHex(igeEncrypt(fromHex(t.key), fromHex(t.iv), fromHex(t.plaintext)))).toBe(t.ciphertext);
      expect(toHex(igeDecrypt(fromHex(t.key), fromHex(t.iv), fromHex(t.ciphertext)))).toBe(t.plaintext);
    });
  }
});
