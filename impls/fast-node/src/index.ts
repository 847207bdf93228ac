// fast-node as a library: the op table and dispatcher the process uses, and the fast cores, so
// tests and benchmarks can call them in-process.
export { handleLine, handleRequest } from './line.js';
export { NAME, OPS, VERSION } from './ops.js';
export { createBenchOp, MAX_ITERATIONS } from './bench.js';
export { WORKLOADS, type Workload } from './workloads.js';
export { IGE_PATH, igeDecrypt, igeEncrypt, NATIVE_STATUS } from './ige.js';
export { checkIgeArguments, jsIgeDecrypt, jsIgeEncrypt, TABLE_ENCRYPT_BELOW } from './ige-js.js';
export { ADDON_PATH, loadNative, NATIVE_ENV, type NativeIge, type NativeStatus } from './native.js';
export { encryptBlock, expandEncryptionKey } from './aes-encrypt.js';
export { AES256_SCHEDULE_WORDS, decryptBlock, expandDecryptionKey } from './aes-decrypt.js';
export { computeMsgKey } from './msg-key.js';
export { deriveMessageKeys, type MessageKeys } from './kdf.js';
export { computeKeyFingerprint } from './key-fingerprint.js';
export { encryptEnvelope } from './envelope-encrypt.js';
export { decryptEnvelope, type DecryptResult } from './envelope-decrypt.js';
export { computeDhKey, type DhKey } from './dh-key.js';
