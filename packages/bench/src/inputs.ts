// The inputs of every workload, deterministic from the seed, and the answers the reference gives for
// them (computed in-process with @conform/reference): an implementation is timed on exactly these
// bytes, and only once its answer for them is the reference's.
import { createHash } from 'node:crypto';
import {
  allowedPaddingLengths,
  computeDhKey,
  computeDhPublic,
  computeMsgKey,
  deriveMessageKeys,
  encodeTl,
  encryptEnvelope,
  igeDecrypt,
  igeEncrypt,
  type Rng,
} from '@conform/reference';
import { loadVectorFile } from '@conform/vectors';
import type { WorkloadSpec } from './workloads.js';

/** The arguments of the op (PROTOCOL.md §5, hex at the edge) and the result fields it must answer. */
export interface WorkloadInput {
  readonly args: Readonly<Record<string, string | number>>;
  readonly expected: Readonly<Record<string, string>>;
}

/**
 * A byte source for one purpose: SHA-256 in counter mode over the seed and a label, so every
 * workload's bytes depend on the seed and its own id only (a run with fewer workloads times the same
 * inputs as a full one).
 */
export function seededRng(seed: string, label: string): Rng {
  let counter = 0;
  let pool = new Uint8Array(0);
  return (length: number) => {
    const blocks: Uint8Array[] = [pool];
    let have = pool.length;
    while (have < length) {
      const block = createHash('sha256').update(`${seed}\u0000${label}\u0000${counter++}`).digest();
      blocks.push(block);
      have += block.length;
    }
    const all = Buffer.concat(blocks);
    pool = new Uint8Array(all.subarray(length));
    return new Uint8Array(all.subarray(0, length));
  };
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The sender of every e2e input: the chat's creator, x = 0 (R2.3). */
export const SENDER_X = 0;

/**
 * A valid decryptedMessageLayer (R3.2, R3.5: 15 random bytes) of exactly `size` bytes of TL, the text
 * of its decryptedMessage grown until the serialization is that long. Sizes below E2E_MIN_SIZE or
 * not a multiple of 4 have none (RangeError).
 */
export function e2eMessage(size: number, rng: Rng): Uint8Array {
  const randomId = new DataView(rng(8).buffer).getBigInt64(0, true).toString();
  const randomBytes = hex(rng(15));
  const build = (text: string) =>
    encodeTl({
      _: 'decryptedMessageLayer',
      random_bytes: randomBytes,
      layer: 144,
      in_seq_no: 0,
      out_seq_no: 1,
      message: { _: 'decryptedMessage', random_id: randomId, ttl: 0, message: text },
    });
  const overhead = build('').length; // a TL string of 0 bytes takes one word
  // The text is printable ASCII, one byte a character; a TL string grows by whole words, and its
  // length prefix from 1 to 4 bytes at 254 (R7.1), so try the lengths near the estimate.
  const estimate = Math.max(0, size - overhead);
  for (let length = Math.max(0, estimate - 8); length <= estimate + 8; length++) {
    const text = Array.from(rng(length), (b) => String.fromCharCode(0x20 + (b % 95))).join('');
    const tl = build(text);
    if (tl.length === size) return tl;
  }
  throw new RangeError(`no decryptedMessageLayer of exactly ${size} bytes (a multiple of 4, at least 56)`);
}

let officialPrime: Uint8Array | undefined;

/** The 2048-bit prime of Telegram's official DH sample, as the dh vectors carry it (R4.2, §9.1). */
export function telegramPrime(): Uint8Array {
  if (officialPrime !== undefined) return officialPrime;
  const file = loadVectorFile('dh_test.json');
  const known = file.testGroups
    .filter((g) => g.op === 'dh.key')
    .flatMap((g) => g.tests)
    .find((t) => t.flags.includes('KnownAnswer'));
  const p = known?.['p'];
  if (typeof p !== 'string' || p.length !== 512)
    throw new Error('dh_test.json has no dh.key known answer with a 256-byte p');
  officialPrime = Uint8Array.from(Buffer.from(p, 'hex'));
  return officialPrime;
}

/** The padded e2e plaintext of a message (R3.2): le32(len) ‖ message ‖ the smallest padding R3.4 allows. */
function plaintextParts(size: number, rng: Rng) {
  const key = rng(256);
  const message = e2eMessage(size, rng);
  const padding = rng(allowedPaddingLengths(message.length)[0]!);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, message.length, true);
  return { key, message, padding, plaintext: Buffer.concat([length, message, padding]) };
}

/** The input of one workload and the reference's answer to it. */
export function buildInput(workload: WorkloadSpec, seed: string): WorkloadInput {
  const rng = seededRng(seed, workload.id);
  const size = workload.size ?? 0;
  switch (workload.op) {
    case 'ige.encrypt':
    case 'ige.decrypt': {
      const [key, iv, data] = [rng(32), rng(32), rng(size)];
      const out = workload.op === 'ige.encrypt' ? igeEncrypt(key, iv, data) : igeDecrypt(key, iv, data);
      return { args: { key: hex(key), iv: hex(iv), data: hex(data) }, expected: { data: hex(out) } };
    }
    case 'e2e.encrypt':
    case 'e2e.decrypt': {
      const { key, message, padding } = plaintextParts(size, rng);
      const wire = encryptEnvelope(key, 'creator', message, { padding });
      return workload.op === 'e2e.encrypt'
        ? {
            args: { key: hex(key), x: SENDER_X, message: hex(message), padding: hex(padding) },
            expected: { data: hex(wire) },
          }
        : {
            args: { key: hex(key), x: SENDER_X, data: hex(wire) },
            expected: { message: hex(message) },
          };
    }
    case 'mtproto2.msg_key': {
      const { key, plaintext } = plaintextParts(size, rng);
      return {
        args: { key: hex(key), x: SENDER_X, plaintext: hex(plaintext) },
        expected: { msg_key: hex(computeMsgKey(key, 'creator', plaintext)) },
      };
    }
    case 'mtproto2.kdf': {
      const [key, msgKey] = [rng(256), rng(16)];
      const { aesKey, aesIv } = deriveMessageKeys(key, 'creator', msgKey);
      return {
        args: { key: hex(key), msg_key: hex(msgKey), x: SENDER_X },
        expected: { aes_key: hex(aesKey), aes_iv: hex(aesIv) },
      };
    }
    case 'dh.key': {
      // R4.5, R4.7: the peer's g_b = 3^b mod p on the official prime, our secret a.
      const p = telegramPrime();
      const [secret, peerSecret] = [rng(256), rng(256)];
      const peer = computeDhPublic(p, 3, peerSecret);
      const { key, fingerprint } = computeDhKey(p, peer, secret);
      return {
        args: { p: hex(p), public: hex(peer), secret: hex(secret) },
        expected: { key: hex(key), fingerprint: hex(fingerprint) },
      };
    }
    case undefined:
      throw new TypeError(`"${workload.id}" is derived from other workloads and has no input of its own`);
  }
}
