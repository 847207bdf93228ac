// mtcute (@mtcute/core + @mtcute/wasm) as a peer. No secret chats, but the cloud MTProto 2.0 code uses
// the same IGE and msg_key/KDF formulas (spec §10). Everything cryptographic here is mtcute's own:
// IGE, SHA-1 and SHA-256 come from its WebAssembly module, the key schedule from @mtcute/core.
import { randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAesIgeForMessage } from '@mtcute/core/utils.js';
import { ige256Decrypt, ige256Encrypt, initSync, sha1, sha256 } from '@mtcute/wasm';

const require = createRequire(import.meta.url);
const coreDir = dirname(require.resolve('@mtcute/core'));
const version = (JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8')) as { version: string })
  .version;

/** "mtcute @mtcute/core@<installed version>", for test titles. */
export const MTCUTE = `mtcute @mtcute/core@${version}`;

// The portable (non-SIMD) build, loaded synchronously as mtcute's own tests do.
initSync(new WebAssembly.Module(readFileSync(require.resolve('@mtcute/wasm/mtcute.wasm'))));

export function mtcuteIgeEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return ige256Encrypt(data, key, iv);
}

export function mtcuteIgeDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return ige256Decrypt(data, key, iv);
}

/** The slice of mtcute's ICryptoProvider that its message code calls. */
const crypto = {
  sha1,
  sha256,
  randomFill: (buf: Uint8Array) => randomFillSync(buf),
  createAesIge: (key: Uint8Array, iv: Uint8Array) => ({
    encrypt: (data: Uint8Array) => ige256Encrypt(data, key, iv),
    decrypt: (data: Uint8Array) => ige256Decrypt(data, key, iv),
  }),
};
type CryptoProvider = Parameters<typeof createAesIgeForMessage>[0];

/**
 * createAesIgeForMessage hands its derived key and IV only to `crypto.createAesIge`, so a provider
 * that records them exposes mtcute's KDF. mtcute's `client` flag is true exactly when x = 0.
 */
export function mtcuteKdf(
  key: Uint8Array,
  msgKey: Uint8Array,
  x: 0 | 8,
): { aesKey: Uint8Array; aesIv: Uint8Array } {
  let seen: { aesKey: Uint8Array; aesIv: Uint8Array } | undefined;
  const spy = {
    ...crypto,
    createAesIge: (aesKey: Uint8Array, aesIv: Uint8Array) => {
      seen = { aesKey: aesKey.slice(), aesIv: aesIv.slice() };
      return crypto.createAesIge(aesKey, aesIv);
    },
  };
  createAesIgeForMessage(spy as unknown as CryptoProvider, key, msgKey, x === 0);
  if (seen === undefined) throw new Error('mtcute did not call createAesIge');
  return seen;
}

// mtcute's message encrypt/decrypt lives in the AuthKey class of network/auth-key.js, which the
// package's exports map does not expose. It is loaded by file path; this is its shape in 0.30.3.
interface Int64 {
  low: number;
  high: number;
}
interface MtcuteAuthKey {
  setup(key: Uint8Array): void;
  encryptMessage(message: Uint8Array, serverSalt: Int64, sessionId: Int64): Uint8Array;
  decryptMessage(data: Uint8Array, sessionId: Int64, callback: (msgId: { toString(): string }) => void): void;
}
type AuthKeyClass = new (crypto: unknown, log: unknown, readerMap: unknown) => MtcuteAuthKey;
const { AuthKey } = (await import(pathToFileURL(join(coreDir, 'network', 'auth-key.js')).href)) as {
  AuthKey: AuthKeyClass;
};

/** mtcute's rejection text (it logs and drops, it does not throw) for a msg_key that does not match. */
export const MTCUTE_MSG_KEY_REJECTION = /invalid messageKey/;

function authKeyFor(key: Uint8Array, warnings: string[]): MtcuteAuthKey {
  const log = { verbose: () => undefined, warn: (format: string) => warnings.push(format) };
  const authKey = new AuthKey(crypto, log, {});
  authKey.setup(key);
  return authKey;
}

function int64(bytes: Uint8Array): Int64 {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return { low: view.getInt32(0, true), high: view.getInt32(4, true) };
}

/** AuthKey.encryptMessage, client→server (x = 0): key_id ‖ msg_key ‖ IGE(salt ‖ session_id ‖ data ‖ padding). */
export function mtcuteEncryptClientMessage(
  key: Uint8Array,
  salt: Uint8Array,
  sessionId: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  return authKeyFor(key, []).encryptMessage(data, int64(salt), int64(sessionId));
}

/**
 * AuthKey.decryptMessage, server→client (x = 8). It checks msg_key, session_id, the length field
 * (≤ the data, multiple of 4) and 12..1024 padding; a rejection is a logged warning, returned here.
 */
export function mtcuteDecryptServerMessage(
  key: Uint8Array,
  sessionId: Uint8Array,
  wire: Uint8Array,
): { ok: true; msgId: bigint } | { ok: false; reason: string } {
  const warnings: string[] = [];
  let msgId: bigint | undefined;
  authKeyFor(key, warnings).decryptMessage(wire, int64(sessionId), (id) => {
    msgId = BigInt.asIntN(64, BigInt(id.toString())); // mtcute reads msg_id unsigned; the others signed
  });
  if (msgId !== undefined) return { ok: true, msgId };
  return { ok: false, reason: warnings.join('; ') || 'dropped without a warning' };
}
