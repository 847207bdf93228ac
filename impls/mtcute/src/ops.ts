// The conform ops over mtcute (@mtcute/core 0.30.3 with its Node crypto provider, provider.ts).
// mtcute has no secret chats; it has the cloud MTProto 2.0 record layer (network/auth-key.ts), whose
// IGE, msg_key and KDF formulas are those of secret chats (spec §10) with the auth key in place of the
// chat key, and the auth-key handshake (network/authorization.ts) with its DH checks. Every answer
// below is computed by mtcute code; the adapter converts bytes and picks the mtcute entry point.
// Where mtcute offers nothing, the answer is `unsupported`, never a computation of our own.
//
// Most ops are written in prepared form (@conform/adapter-kit): arguments decoded once, then the
// mtcute calls, then the encoding of their output. The op is that form run once, and the `bench`
// op (PROTOCOL.md §8) runs the same mtcute calls many times, so a timing is always of the code
// that produced the op's answer.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAesIgeForMessage, longFromBuffer, randomLong } from '@mtcute/core/utils.js';
import { bigint } from '@fuman/utils';
import { runHandshake } from './handshake.js';
import {
  type Args,
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
  unsupported,
} from '@conform/adapter-kit';
import { NodeCryptoProvider } from './provider.js';

const require = createRequire(import.meta.url);
const coreDir = dirname(require.resolve('@mtcute/core'));

export const VERSION = (
  JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8')) as { version: string }
).version;

type Long = ReturnType<typeof randomLong>;

/** mtcute's AuthKey (network/auth-key.ts, 0.30.3): the cloud record layer for one key. */
interface AuthKey {
  readonly id: Uint8Array;
  setup(key: Uint8Array): void;
  match(keyId: Uint8Array): boolean;
  encryptMessage(message: Uint8Array, serverSalt: Long, sessionId: Long): Uint8Array;
  decryptMessage(data: Uint8Array, sessionId: Long, callback: (...args: unknown[]) => void): void;
}
type AuthKeyClass = new (crypto: NodeCryptoProvider, log: unknown, readerMap: unknown) => AuthKey;
// Not in the package's exports map: loaded by path, as packages/oracles does.
const { AuthKey } = (await import(pathToFileURL(join(coreDir, 'network', 'auth-key.js')).href)) as {
  AuthKey: AuthKeyClass;
};

const provider = new NodeCryptoProvider();

/** What AuthKey logged: mtcute drops a bad message with a warning instead of throwing. */
interface Warning {
  readonly format: string;
  readonly args: readonly unknown[];
}

function authKeyOf(key: Uint8Array, warnings: Warning[] = []): AuthKey {
  const log = {
    verbose: () => undefined,
    warn: (format: string, ...args: unknown[]) => warnings.push({ format, args }),
  };
  const authKey = new AuthKey(provider, log, {});
  authKey.setup(key); // id = SHA1(key)[12:20] (R4.7)
  return authKey;
}

/** mtcute asked for a padding length other than the one the request gives. */
class PaddingLength extends Error {
  constructor(readonly asked: number) {
    super(`mtcute asked for ${asked} padding bytes`);
  }
}

/**
 * AuthKey.encryptMessage, mtcute's client→server envelope (x = 0):
 * `id ‖ msg_key ‖ IGE(salt ‖ session_id ‖ message ‖ padding)`, padding 12..27 bytes, the fewest that
 * align. Glue: salt and session_id are opaque bytes to mtcute, so an E2E plaintext
 * `le32(L) ‖ message ‖ padding` (R3.2) is handed over as header = its first 16 bytes and message =
 * the rest. With `padding` given, the provider's randomFill (mtcute's randomness source) returns
 * exactly those bytes, and only if mtcute asks for that many.
 */
function encryptAsClient(
  key: Uint8Array,
  header: Uint8Array,
  data: Uint8Array,
  padding?: Uint8Array,
): Uint8Array {
  const authKey = authKeyOf(key);
  if (padding !== undefined) {
    provider.onRandomFill = (buf) => {
      if (buf.length !== padding.length) throw new PaddingLength(buf.length);
      buf.set(padding);
    };
  }
  try {
    return authKey.encryptMessage(
      data,
      longFromBuffer(header.subarray(0, 8)),
      longFromBuffer(header.subarray(8, 16)),
    );
  } catch (error) {
    if (error instanceof PaddingLength && padding !== undefined) {
      throw unsupported(
        `mtcute pads this plaintext with ${error.asked} bytes (12..27, the fewest that align); ` +
          `it cannot be made to use the requested ${padding.length}`,
      );
    }
    throw error;
  } finally {
    provider.onRandomFill = undefined;
  }
}

/**
 * msg_key for x = 8. mtcute computes it only in AuthKey.decryptMessage, which compares it with the
 * received one and, on a mismatch, logs both: `received message with invalid messageKey = %h
 * (expected %h)`. Glue: the plaintext is encrypted under a probe msg_key (with mtcute's own KDF and
 * IGE, so that mtcute decrypts it back to exactly this plaintext) and the expected value mtcute
 * reports is the answer. If the probe happens to be right, mtcute logs nothing about it.
 */
function msgKeyAsServer(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const probe = new Uint8Array(16);
  const ciphertext = createAesIgeForMessage(provider, key, probe, false).encrypt(plaintext);
  const warnings: Warning[] = [];
  const authKey = authKeyOf(key, warnings);
  authKey.decryptMessage(Buffer.concat([authKey.id, probe, ciphertext]), randomLong(), () => undefined);
  const report = warnings.find((w) => w.format.includes('invalid messageKey'));
  if (report === undefined) return probe;
  const expected = report.args[1];
  if (!(expected instanceof Uint8Array)) throw new Error('mtcute reported no expected msg_key');
  return expected;
}

const rejected = (detail: string) => new ProtocolError('rejected', detail);

const igeArgs = (a: Args) => ({
  key: bytesArg(a, 'key', { length: 32 }),
  iv: bytesArg(a, 'iv', { length: 32 }),
  data: bytesArg(a, 'data', { multipleOf: 16 }),
});

/** A big-endian number widened to `width` bytes: the protocol's encoding of `public`. */
const leftPad = (bytes: Uint8Array, width: number): Uint8Array =>
  bytes.length >= width ? bytes : Buffer.concat([new Uint8Array(width - bytes.length), bytes]);

/** g travels as a TL `int` in server_DH_inner_data. */
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * dh.check_params / dh.check_public through mtcute's handshake (handshake.ts). mtcute's refusals
 * are MtSecurityErrors: `Step 3: dh_prime …` and `Step 3: ivalid g …` (checkDhPrime) and
 * `g is not within (1, dh_prime - 1)` judge p and g (and so does `g_b is not within …`, g_b being
 * g^b mod p); `g_a is not within …` (two checks) judges g_a.
 */
const PARAMS_REFUSAL = /^Step 3: (dh_prime|ivalid g)|^g is not within|^g_b is not within/;
const PUBLIC_REFUSAL = /^g_a is not within/;

// R1: AES-256-IGE of @mtcute/wasm (ige256.c), through the provider as mtcute calls it.
function ige(direction: 'encrypt' | 'decrypt'): Prepare {
  return (a) => {
    const { key, iv, data } = igeArgs(a);
    const encode = (output: Uint8Array) => ({ data: hex(output) });
    return direction === 'encrypt'
      ? prepared(() => provider.createAesIge(key, iv).encrypt(data), encode)
      : prepared(() => provider.createAesIge(key, iv).decrypt(data), encode);
  };
}

// R2.1 msg_key. x = 0: AuthKey.encryptMessage over header P[0:16], message P[16:-16] and padding
// P[-16:] (mtcute pads such a message with exactly 16 bytes); msg_key is wire[8:24]. x = 8: the
// value AuthKey.decryptMessage expects (msgKeyAsServer). Not a bench workload (BENCH_NOT_OFFERED).
const msgKey: Op = (a) => {
  const key = bytesArg(a, 'key', { length: 256 });
  const x = keyOffsetArg(a);
  const plaintext = bytesArg(a, 'plaintext', { multipleOf: 16 });
  if (x === 8) return { msg_key: hex(msgKeyAsServer(key, plaintext)) };
  if (plaintext.length < 32) {
    throw unsupported(
      'mtcute client plaintexts hold 16 header bytes and 12+ padding bytes: 32 bytes at least',
    );
  }
  const end = plaintext.length - 16;
  const wire = encryptAsClient(
    key,
    plaintext.subarray(0, 16),
    plaintext.subarray(16, end),
    plaintext.subarray(end),
  );
  return { msg_key: hex(wire.subarray(8, 24)) };
};

// R2.1 KDF: createAesIgeForMessage (utils/crypto/mtproto.ts) hands the key and IV it derives to
// the provider's createAesIge, where the hook sees them. Its `client` flag is true iff x = 0.
const kdf: Prepare = (a) => {
  const key = bytesArg(a, 'key', { length: 256 });
  const msgKey = bytesArg(a, 'msg_key', { length: 16 });
  const x = keyOffsetArg(a);
  return prepared(
    () => {
      let seen: { aesKey: Uint8Array; aesIv: Uint8Array } | undefined;
      provider.onCreateAesIge = (aesKey, aesIv) => (seen = { aesKey: aesKey.slice(), aesIv: aesIv.slice() });
      try {
        createAesIgeForMessage(provider, key, msgKey, x === 0);
      } finally {
        provider.onCreateAesIge = undefined;
      }
      if (seen === undefined) throw new Error('mtcute derived no key');
      return seen;
    },
    ({ aesKey, aesIv }) => ({ aes_key: hex(aesKey), aes_iv: hex(aesIv) }),
  );
};

// R3.1-R3.6: the E2E envelope through AuthKey.encryptMessage (encryptAsClient). x = 0 only.
const e2eEncrypt: Prepare = (a) => {
  const { key, header, data, padding } = clientPlaintextArgs(a, 'mtcute');
  return prepared(
    () => encryptAsClient(key, header, data, padding),
    (wire) => ({ data: hex(wire) }),
  );
};

// R3.7 as mtcute receives a server→client message (x = 8): MtprotoSession.decryptMessage looks the
// key up with AuthKey.match (step 2), then AuthKey.decryptMessage drops a ragged tail (D4), derives
// the key, decrypts and checks msg_key over the whole buffer (steps 3-4). Past that it reads the
// cloud layout (session_id, msg_id, seq_no, length at offset 28), not the E2E one, so step 5 is not
// mtcute's to judge: a message whose msg_key mtcute accepts is answered `unsupported`. A run ends
// with what mtcute did and logged; the encoding judges it, so every answer is an error.
const e2eDecrypt: Prepare = (a) => {
  const { key, data } = serverMessageArgs(a, 'mtcute');
  return prepared(
    () => {
      const warnings: Warning[] = [];
      const authKey = authKeyOf(key, warnings);
      if (!authKey.match(data.subarray(0, 8))) return { matched: false, delivered: false, warnings };
      let delivered = false;
      authKey.decryptMessage(data, randomLong(), () => (delivered = true));
      return { matched: true, delivered, warnings };
    },
    ({ matched, delivered, warnings }) => {
      if (!matched) throw rejected('mtcute: received message with unknown authKey');
      const bad = warnings.find((w) => w.format.includes('invalid messageKey'));
      if (bad !== undefined) throw rejected(`mtcute: ${bad.format.replace(/ = .*/, '')}`);
      const after = delivered
        ? 'and delivered it as a cloud message'
        : `then dropped it in its cloud-layout checks (${warnings[0]?.format ?? 'no warning'})`;
      throw unsupported(
        `mtcute accepted the key id and msg_key (R3.7 steps 2-4) ${after}; the E2E length checks of step 5 are not in mtcute`,
      );
    },
  );
};

// R4.2 through the handshake: p and g as the server's DH config, g_a = floor(p / 2) (inside every
// range check whenever p is a 2048-bit number), so a refusal can only be about p or g.
const dhCheckParams: Op = async (a) => {
  const p = bytesArg(a, 'p');
  const g = integerArg(a, 'g');
  if (g < INT32.min || g > INT32.max)
    throw unsupported('g travels as a TL int: mtcute never sees this value');
  const gA = bigint.toBytes(bigint.fromBytes(p) >> 1n);
  const verdict = await runHandshake(p, g, gA);
  if (verdict.passed) return {};
  if (PARAMS_REFUSAL.test(verdict.message))
    throw new ProtocolError('bad_params', `mtcute: ${verdict.message}`);
  throw new Error(`mtcute refused for another reason: ${verdict.message}`);
};

// R4.3 through the handshake: the server's g_a is the value under test, with g = 4 (no residue
// condition, R4.2), so any safe prime passes checkDhPrime and only the g_a checks can refuse.
const dhCheckPublic: Op = async (a) => {
  const p = bytesArg(a, 'p', { length: 256 });
  const value = bytesArg(a, 'value');
  const verdict = await runHandshake(p, 4, value);
  if (verdict.passed) return {};
  if (PUBLIC_REFUSAL.test(verdict.message))
    throw new ProtocolError('bad_public', `mtcute: ${verdict.message}`);
  throw new Error(`mtcute refused for another reason: ${verdict.message}`);
};

// R4.5: g_b as doAuthorization computes it, `bigint.modPowBinary(g, b, dhPrime)` (@fuman/utils, the
// bigint code mtcute's handshake calls). mtcute sends `bigint.toBytes(gB, 0)`, the minimal form (as
// TDLib's DhHandshake::get_g_b does; receivers parse a number, R4.3); the protocol's result is the
// same number as 256 bytes, so only here does the adapter left-pad (PROTOCOL.md §5 dh.public).
const dhPublic: Op = (a) => {
  const p = bytesArg(a, 'p', { length: 256 });
  const g = integerArg(a, 'g');
  const secret = bytesArg(a, 'secret', { length: 256 });
  const gB = bigint.modPowBinary(BigInt(g), bigint.fromBytes(secret), bigint.fromBytes(p));
  return { public: hex(leftPad(bigint.toBytes(gB, 0), 256)) };
};

// R4.7: the auth key as doAuthorization computes it,
// `bigint.toBytes(bigint.modPowBinary(gA, b, dhPrime))`, and the id AuthKey.setup derives from it.
// The key is returned exactly as mtcute keeps it: those bytes are what it hashes and derives from.
const dhKey: Prepare = (a) => {
  const p = bytesArg(a, 'p', { length: 256 });
  const peer = bytesArg(a, 'public');
  const secret = bytesArg(a, 'secret', { length: 256 });
  const [gA, b, dhPrime] = [bigint.fromBytes(peer), bigint.fromBytes(secret), bigint.fromBytes(p)];
  return prepared(
    () => {
      const key = bigint.toBytes(bigint.modPowBinary(gA, b, dhPrime));
      return { key, fingerprint: authKeyOf(key).id };
    },
    ({ key, fingerprint }) => ({ key: hex(key), fingerprint: hex(fingerprint) }),
  );
};

// R4.7: AuthKey.setup's id, the key id mtcute matches incoming messages against.
const keyFingerprint: Op = (a) => ({ fingerprint: hex(authKeyOf(bytesArg(a, 'key', { length: 256 })).id) });

/** The ops that are bench workloads too (PROTOCOL.md §8), in prepared form. */
export const WORKLOADS: ReadonlyMap<string, Prepare> = new Map([
  ['ige.encrypt', ige('encrypt')],
  ['ige.decrypt', ige('decrypt')],
  ['mtproto2.kdf', kdf],
  ['e2e.encrypt', e2eEncrypt],
  ['e2e.decrypt', e2eDecrypt],
  ['dh.key', dhKey],
]);

/** Stateless ops mtcute answers that bench does not time, and why. */
export const BENCH_NOT_OFFERED: ReadonlyMap<string, string> = new Map([
  [
    'mtproto2.msg_key',
    'mtcute computes msg_key only inside AuthKey.encryptMessage and decryptMessage, together with the ' +
      'KDF and the IGE of the whole message: a timing would be that of the envelope (bench e2e.encrypt)',
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
  ['dh.check_params', dhCheckParams],
  ['dh.check_public', dhCheckPublic],
  ['dh.public', dhPublic],
  ['dh.key', workload('dh.key')],
  ['key.fingerprint', keyFingerprint],
  ['bench', benchOp(WORKLOADS, BENCH_NOT_OFFERED)],
];

export const OPS: ReadonlyMap<string, Op> = new Map(ops);

/** The protocol's other ops, and why mtcute has nothing to answer them with. */
export const NOT_OFFERED: ReadonlyMap<string, string> = new Map([
  ['key.visual', 'mtcute has no secret chats and no key visualization (R8.1)'],
  ['tl.encode', "mtcute's TL schema (@mtcute/core tl/) does not include the secret-chat layer"],
  ['tl.decode', "mtcute's TL schema (@mtcute/core tl/) does not include the secret-chat layer"],
]);
