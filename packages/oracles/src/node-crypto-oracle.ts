// A second, deliberately naive implementation of the MTProto 2.0 message crypto, used only as a
// differential oracle. It shares no code with the reference (no import from ../src or @conform/*):
// AES comes from node:crypto (OpenSSL) one ECB block at a time, SHA-256 from node:crypto, and every
// formula is transcribed directly from the spec (R1.2, R2.1) with x as the plain number 0 or 8.
// Keep it slow and obvious: its value is that a reader can check it line by line against the spec.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

export interface OracleMessageKeys {
  readonly aesKey: Uint8Array;
  readonly aesIv: Uint8Array;
}

const BLOCK = 16;

/** AES-256-IGE encryption (R1.2): c_i = E(m_i ^ c_{i-1}) ^ m_{i-1}, c_0 = iv[0:16], m_0 = iv[16:32]. */
export function oracleIgeEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkIgeArguments(key, iv, data);
  const aes = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = new Uint8Array(data.length);
  let prevCipher: Uint8Array = iv.slice(0, BLOCK);
  let prevPlain: Uint8Array = iv.slice(BLOCK, 2 * BLOCK);
  for (let off = 0; off < data.length; off += BLOCK) {
    const plain = data.slice(off, off + BLOCK);
    const cipher = xor(ecbBlock(aes, xor(plain, prevCipher)), prevPlain);
    out.set(cipher, off);
    prevCipher = cipher;
    prevPlain = plain;
  }
  return out;
}

/** AES-256-IGE decryption (R1.2): m_i = D(c_i ^ m_{i-1}) ^ c_{i-1}, same IV layout. */
export function oracleIgeDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkIgeArguments(key, iv, data);
  const aes = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = new Uint8Array(data.length);
  let prevCipher: Uint8Array = iv.slice(0, BLOCK);
  let prevPlain: Uint8Array = iv.slice(BLOCK, 2 * BLOCK);
  for (let off = 0; off < data.length; off += BLOCK) {
    const cipher = data.slice(off, off + BLOCK);
    const plain = xor(ecbBlock(aes, xor(cipher, prevPlain)), prevCipher);
    out.set(plain, off);
    prevCipher = cipher;
    prevPlain = plain;
  }
  return out;
}

/** R2.1: msg_key = SHA256(substr(key, 88+x, 32) + plaintext)[8:24]; the plaintext includes padding. */
export function oracleMsgKey(key: Uint8Array, x: number, plaintext: Uint8Array): Uint8Array {
  checkKeyAndX(key, x);
  return sha256(substr(key, 88 + x, 32), plaintext).slice(8, 24);
}

/** R2.1: aes_key and aes_iv from sha256_a = SHA256(msg_key + substr(key, x, 36)) and sha256_b. */
export function oracleKdf(key: Uint8Array, msgKey: Uint8Array, x: number): OracleMessageKeys {
  checkKeyAndX(key, x);
  checkLength('msgKey', msgKey, 16);
  const a = sha256(msgKey, substr(key, x, 36));
  const b = sha256(substr(key, 40 + x, 36), msgKey);
  return {
    aesKey: concat(substr(a, 0, 8), substr(b, 8, 16), substr(a, 24, 8)),
    aesIv: concat(substr(b, 0, 8), substr(a, 8, 16), substr(b, 24, 8)),
  };
}

// One ECB block per call. Without padding, OpenSSL returns exactly the block it was given; the
// length check guards against a build that would buffer it (the chaining would then be wrong).
function ecbBlock(aes: { update(data: Uint8Array): Uint8Array }, block: Uint8Array): Uint8Array {
  const out = aes.update(block);
  if (out.length !== BLOCK) throw new Error(`oracle: ECB returned ${out.length} bytes for one block`);
  return out;
}

/** The spec's substr(s, off, len), as a copy. */
function substr(s: Uint8Array, off: number, len: number): Uint8Array {
  return s.slice(off, off + len);
}

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ b[i]!);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const part of parts) {
    out.set(part, off);
    off += part.length;
  }
  return out;
}

function checkIgeArguments(key: Uint8Array, iv: Uint8Array, data: Uint8Array): void {
  checkLength('key', key, 32);
  checkLength('iv', iv, 32);
  if (data.length % BLOCK !== 0)
    throw new RangeError(`oracle: data length ${data.length} is not a multiple of 16`);
}

function checkKeyAndX(key: Uint8Array, x: number): void {
  checkLength('key', key, 256);
  if (x !== 0 && x !== 8) throw new RangeError(`oracle: x must be 0 or 8, got ${x}`);
}

function checkLength(name: string, value: Uint8Array, length: number): void {
  if (value.length !== length)
    throw new RangeError(`oracle: ${name} must be ${length} bytes, got ${value.length}`);
}
