// The conform ops over GramJS (npm `telegram`). GramJS has no secret chats; what it has is the cloud
// MTProto 2.0 record layer, which uses the same IGE, msg_key and KDF formulas (spec §10) with the
// auth key in place of the chat key, and its auth-key handshake (network/Authenticator.ts). Every
// answer below is computed by GramJS code; the adapter only converts bytes and picks which GramJS
// entry point to call. Where GramJS offers no code for an op or a variant, the answer is
// `unsupported`, never a computation of our own.
//
// Most ops are written in prepared form (@conform/adapter-kit): arguments decoded once, then the
// GramJS calls, then the encoding of their output. The op is that form run once, and the `bench`
// op (PROTOCOL.md §8) runs the same GramJS calls many times, so a timing is always of the code
// that produced the op's answer.
import { createRequire } from 'node:module';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { IGE } from 'telegram/crypto/IGE.js';
import { InvalidBufferError, SecurityError } from 'telegram/errors/index.js';
import {
  getByteArray,
  modExp,
  readBigIntFromBuffer,
  readBufferFromBigInt,
  returnBigInt,
} from 'telegram/Helpers.js';
import { MTProtoState } from 'telegram/network/MTProtoState.js';
import {
  type Op,
  type Prepare,
  ProtocolError,
  benchOp,
  bytesArg,
  clientPlaintextArgs,
  hex,
  integerArg,
  keyOffsetArg,
  opOf,
  prepared,
  serverMessageArgs,
  preparedAsync,
  unsupported,
} from '@conform/adapter-kit';

const require = createRequire(import.meta.url);

export const VERSION = (require('telegram/package.json') as { version: string }).version;

/**
 * GramJS's Helpers module as its own code sees it: MTProtoState.encryptMessageData draws its padding
 * through `helpers.generateRandomBytes`, looked up on this object at every call (compiled
 * network/MTProtoState.js: `__1.helpers.generateRandomBytes(...)`).
 */
const helpers = require('telegram/Helpers') as { generateRandomBytes: (count: number) => Buffer };

type BigInteger = ReturnType<typeof readBigIntFromBuffer>;

/** The fields GramJS's typings mark private that its own sender sets on a state. */
interface StateFields {
  salt: BigInteger;
  id: BigInteger;
}

/** GramJS asked for a padding length other than the one the request gives. */
class PaddingLength extends Error {
  constructor(readonly asked: number) {
    super(`GramJS asked for ${asked} padding bytes`);
  }
}

async function authKeyOf(key: Buffer): Promise<AuthKey> {
  const authKey = new AuthKey();
  await authKey.setKey(key); // sha1(key): auxHash and keyId = SHA1(key)[12:20] read as a LE long
  return authKey;
}

/** The 8 wire bytes of GramJS's key id, written the way encryptMessageData writes them. */
function keyIdBytes(authKey: AuthKey): Buffer {
  if (authKey.keyId === undefined) throw new Error('GramJS computed no keyId');
  return readBufferFromBigInt(authKey.keyId, 8);
}

/**
 * MTProtoState.encryptMessageData, GramJS's client→server envelope (x = 0):
 * `key_id ‖ msg_key ‖ IGE(salt ‖ session_id ‖ data ‖ padding)`, padding 12..27 bytes, the fewest that
 * align. Glue: GramJS treats salt and session_id as opaque bytes, so any 16 bytes can stand in the
 * header; an E2E plaintext `le32(L) ‖ message ‖ padding` (R3.2) is handed over as header = its first
 * 16 bytes and data = the rest. With `padding` given, GramJS's randomness source returns exactly
 * those bytes, and only if GramJS asks for that many; its own msg_key (R2.1), KDF, IGE and key id
 * do the rest.
 */
async function encryptAsClient(
  key: Buffer,
  header: Buffer,
  data: Buffer,
  padding: Buffer | undefined,
): Promise<Buffer> {
  const state = new MTProtoState(await authKeyOf(key));
  const fields = state as unknown as StateFields;
  fields.salt = readBigIntFromBuffer(header.subarray(0, 8), true, false);
  fields.id = readBigIntFromBuffer(header.subarray(8, 16), true, false);
  if (padding === undefined) return state.encryptMessageData(data);
  const original = helpers.generateRandomBytes;
  helpers.generateRandomBytes = (count) => {
    if (count !== padding.length) throw new PaddingLength(count);
    return Buffer.from(padding);
  };
  try {
    return await state.encryptMessageData(data);
  } catch (error) {
    if (error instanceof PaddingLength) {
      throw unsupported(
        `GramJS pads this plaintext with ${error.asked} bytes (12..27, the fewest that align); ` +
          `it cannot be made to use the requested ${padding.length}`,
      );
    }
    throw error;
  } finally {
    helpers.generateRandomBytes = original;
  }
}

const rejected = (detail: string) => new ProtocolError('rejected', detail);

/** A big-endian number widened to `width` bytes: the protocol's encoding of `public`. */
const leftPad = (bytes: Buffer, width: number): Buffer =>
  bytes.length >= width ? bytes : Buffer.concat([Buffer.alloc(width - bytes.length), bytes]);

// R1: GramJS's IGE (crypto/IGE.ts over @cryptography/aes). encryptIge appends random bytes to a
// partial block, so the protocol's length rule (checked first) is what keeps the result defined.
function ige(direction: 'encrypt' | 'decrypt'): Prepare {
  return (a) => {
    const key = bytesArg(a, 'key', { length: 32 });
    const iv = bytesArg(a, 'iv', { length: 32 });
    const data = bytesArg(a, 'data', { multipleOf: 16 });
    const encode = (output: Buffer) => ({ data: hex(output) });
    return direction === 'encrypt'
      ? prepared(() => new IGE(key, iv).encryptIge(data), encode)
      : prepared(() => new IGE(key, iv).decryptIge(data), encode);
  };
}

// R2.1 msg_key. GramJS computes it in encryptMessageData (x = 0) only; its server→client check
// compares without exposing the value, so x = 8 is not offered. A plaintext P of 32+ bytes is
// handed over as header P[0:16], data P[16:-16] and padding P[-16:] (GramJS pads such data with
// exactly 16 bytes); msg_key is wire[8:24]. Not a bench workload (BENCH_NOT_OFFERED).
const msgKey: Op = async (a) => {
  const key = bytesArg(a, 'key', { length: 256 });
  const x = keyOffsetArg(a);
  const plaintext = bytesArg(a, 'plaintext', { multipleOf: 16 });
  if (x === 8) {
    throw unsupported('GramJS computes msg_key only for client→server messages (x = 0)');
  }
  if (plaintext.length < 32) {
    throw unsupported('GramJS plaintexts hold 16 header bytes and 12+ padding bytes: 32 bytes at least');
  }
  const end = plaintext.length - 16;
  const wire = await encryptAsClient(
    key,
    plaintext.subarray(0, 16),
    plaintext.subarray(16, end),
    plaintext.subarray(end),
  );
  return { msg_key: hex(wire.subarray(8, 24)) };
};

// R2.1 KDF: MTProtoState._calcKey; its `client` flag is true exactly when x = 0 (R2.3).
const kdf: Prepare = (a) => {
  const key = bytesArg(a, 'key', { length: 256 });
  const msgKey = bytesArg(a, 'msg_key', { length: 16 });
  const x = keyOffsetArg(a);
  const state = new MTProtoState();
  return preparedAsync(
    () => state._calcKey(key, msgKey, x === 0),
    ({ key: aesKey, iv }) => ({ aes_key: hex(aesKey), aes_iv: hex(iv) }),
  );
};

// R3.1-R3.6: the E2E envelope through encryptMessageData (see encryptAsClient). x = 0 only.
const e2eEncrypt: Prepare = (a) => {
  const { key, header, data, padding } = clientPlaintextArgs(a, 'GramJS');
  return preparedAsync(
    () => encryptAsClient(key, header, data, padding),
    (wire) => ({ data: hex(wire) }),
  );
};

// R3.7 through MTProtoState.decryptMessageData, GramJS's server→client path (x = 8): it checks the
// key id (step 2), derives the key, decrypts and checks msg_key over the whole buffer (steps 3-4).
// Past that it parses the cloud layout (salt, session_id, msg_id, seq_no, length, TL object), not
// the E2E one (le32(L) ‖ TL), so step 5 (length and padding) is not GramJS's to judge: a message
// whose msg_key GramJS accepts is answered `unsupported`, never `rejected` or a message. A run ends
// with what GramJS threw, if anything; the encoding judges it, so every answer is an error.
const e2eDecrypt: Prepare = (a) => {
  const { key, data } = serverMessageArgs(a, 'GramJS');
  return preparedAsync(
    async (): Promise<{ thrown?: unknown }> => {
      const state = new MTProtoState(await authKeyOf(key));
      try {
        await state.decryptMessageData(data);
        return {};
      } catch (error) {
        return { thrown: error };
      }
    },
    ({ thrown }) => {
      let after = 'and parsed it as a cloud message';
      if (thrown !== undefined) {
        const text = thrown instanceof Error ? thrown.message : String(thrown);
        if (thrown instanceof InvalidBufferError) throw rejected(`GramJS: InvalidBufferError (${text})`);
        if (thrown instanceof SecurityError && /invalid auth key|msg_key doesn't match/.test(text)) {
          throw rejected(`GramJS: ${text}`);
        }
        after = `then failed in its cloud-layout parsing (${text})`;
      }
      throw unsupported(
        `GramJS accepted the key id and msg_key (R3.7 steps 2-4) ${after}; ` +
          'the E2E length checks of step 5 are not in GramJS',
      );
    },
  );
};

// R4.5: the g_b computation of Authenticator.ts, `modExp(bigInt(g), b, dhPrime)`. GramJS sends it
// as `getByteArray(gb, false)`, the minimal big-endian form (as TDLib's DhHandshake::get_g_b does;
// receivers parse a number, R4.3); the protocol's result is the same number as 256 bytes, so only
// here does the adapter left-pad (an encoding, PROTOCOL.md §5 dh.public).
const dhPublic: Op = (a) => {
  const p = bytesArg(a, 'p', { length: 256 });
  const g = integerArg(a, 'g');
  const secret = bytesArg(a, 'secret', { length: 256 });
  const dhPrime = readBigIntFromBuffer(p, false, false);
  const b = readBigIntFromBuffer(secret, false, false);
  return { public: hex(leftPad(getByteArray(modExp(returnBigInt(g), b, dhPrime), false), 256)) };
};

// R4.7: the auth key of Authenticator.ts: `gab = modExp(ga, b, dhPrime)`, then
// `authKey.setKey(getByteArray(gab))`. The key is returned exactly as GramJS keeps it (not padded
// by the adapter: those bytes are what GramJS hashes for the key id and feeds to the KDF).
const dhKey: Prepare = (a) => {
  const p = bytesArg(a, 'p', { length: 256 });
  const peer = bytesArg(a, 'public');
  const secret = bytesArg(a, 'secret', { length: 256 });
  const dhPrime = readBigIntFromBuffer(p, false, false);
  const ga = readBigIntFromBuffer(peer, false, false);
  const b = readBigIntFromBuffer(secret, false, false);
  return preparedAsync(
    async () => {
      const authKey = await authKeyOf(getByteArray(modExp(ga, b, dhPrime)));
      const kept = authKey.getKey();
      if (kept === undefined) throw new Error('GramJS kept no key');
      return { kept, fingerprint: keyIdBytes(authKey) };
    },
    ({ kept, fingerprint }) => ({ key: hex(kept), fingerprint: hex(fingerprint) }),
  );
};

// R4.7: AuthKey.keyId, the key id GramJS puts in front of every message.
const keyFingerprint: Op = async (a) => {
  const key = bytesArg(a, 'key', { length: 256 });
  return { fingerprint: hex(keyIdBytes(await authKeyOf(key))) };
};

/** The ops that are bench workloads too (PROTOCOL.md §8), in prepared form. */
export const WORKLOADS: ReadonlyMap<string, Prepare> = new Map([
  ['ige.encrypt', ige('encrypt')],
  ['ige.decrypt', ige('decrypt')],
  ['mtproto2.kdf', kdf],
  ['e2e.encrypt', e2eEncrypt],
  ['e2e.decrypt', e2eDecrypt],
  ['dh.key', dhKey],
]);

/** Stateless ops GramJS answers that bench does not time, and why. */
export const BENCH_NOT_OFFERED: ReadonlyMap<string, string> = new Map([
  [
    'mtproto2.msg_key',
    'GramJS computes msg_key only inside encryptMessageData, together with the KDF and the IGE ' +
      'encryption of the whole message: a timing would be that of the envelope (bench e2e.encrypt)',
  ],
]);

const workload = (name: string): Op => {
  const prepare = WORKLOADS.get(name);
  if (prepare === undefined) throw new Error(`no workload ${name}`);
  return opOf(prepare);
};

const ops: [string, Op][] = [
  ['ige.encrypt', workload('ige.encrypt')],
  ['ige.decrypt', workload('ige.decrypt')],
  ['mtproto2.msg_key', msgKey],
  ['mtproto2.kdf', workload('mtproto2.kdf')],
  ['e2e.encrypt', workload('e2e.encrypt')],
  ['e2e.decrypt', workload('e2e.decrypt')],
  ['dh.public', dhPublic],
  ['dh.key', workload('dh.key')],
  ['key.fingerprint', keyFingerprint],
  ['bench', benchOp(WORKLOADS, BENCH_NOT_OFFERED)],
];

export const OPS: ReadonlyMap<string, Op> = new Map(ops);

/** The protocol's other ops, and why GramJS has nothing to answer them with. */
export const NOT_OFFERED: ReadonlyMap<string, string> = new Map([
  ['dh.check_params', 'GramJS checks neither dh_prime nor g: Authenticator.ts uses them as received (R4.2)'],
  [
    'dh.check_public',
    'GramJS does not range-check g_a or g_b: Authenticator.ts uses them as received (R4.3)',
  ],
  ['key.visual', 'GramJS has no secret chats and no key visualization (R8.1)'],
  ['tl.encode', "GramJS's TL schema does not include the secret-chat layer (decryptedMessage…)"],
  ['tl.decode', "GramJS's TL schema does not include the secret-chat layer (decryptedMessage…)"],
]);
