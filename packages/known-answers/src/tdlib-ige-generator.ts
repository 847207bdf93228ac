// TDLib's AES-IGE test input generator (tdutils/test/crypto.cpp, TEST(Crypto, AesIgeState)),
// re-implemented from its description: a 32-bit LCG seeded with the length, whose bits 23..30 are
// the bytes. Used with data/ige-tdlib-crc32.json, whose answers are CRC32s of its ciphertexts.

/** The plaintext (`length` bytes), then the 32-byte key, then the 32-byte IV, from one generator. */
export function tdlibIgeInputs(length: number): { plaintext: Uint8Array; key: Uint8Array; iv: Uint8Array } {
  let seed = length >>> 0;
  const next = (n: number): Uint8Array =>
    Uint8Array.from({ length: n }, () => {
      seed = (Math.imul(seed, 123457567) + 987651241) >>> 0;
      return (seed >>> 23) & 0xff;
    });
  const plaintext = next(length);
  const key = next(32);
  const iv = next(32);
  return { plaintext, key, iv };
}
