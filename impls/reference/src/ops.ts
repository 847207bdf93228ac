// One function per op of the frozen stateless table (docs/design.md §3.5). Each maps the protocol's
// arguments (hex, numbers, TL-JSON) to the reference's Uint8Array API and its results back.
// Misuse the reference detects itself throws TypeError/RangeError, which dispatch.ts reports as
// `bad_input`; protocol rejections are ProtocolErrors with the op's own code.
import { randomBytes } from 'node:crypto';
import {
  apiTlSchema,
  callEmojiIndices,
  checkDhParams,
  checkDhPublic,
  computeDhKey,
  computeDhPublic,
  computeKeyFingerprint,
  computeKeyHash,
  computeMsgKey,
  decodeTl,
  decryptEnvelope,
  deriveMessageKeys,
  encodeTl,
  encryptEnvelope,
  igeDecrypt,
  igeEncrypt,
  KEY_VISUAL_PALETTE,
  keyHashGrid,
  secretTlSchema,
  senderForKeyOffset,
  type TlObject,
  type TlSchema,
} from '@conform/reference';
import {
  argument,
  bytesArg,
  hex,
  integerArg,
  keyOffsetArg,
  optionalBytesArg,
  ProtocolError,
  badInput,
  type Args,
} from './args.js';
import { CHAT_PROFILES, STRICT_CHAT_PROFILE, type ChatProfile } from '@conform/reference';
import { createChatOps } from './chat-ops.js';
import { bench } from './bench.js';

export const NAME = 'conform reference';
export const VERSION = '0.1.0';
export const PROTOCOL = 1;

/** The results of a successful op: the fields after `"ok": true`. */
export type Results = Record<string, unknown>;
export type Op = (args: Args) => Results;

const KEY = 256; // chat key (R4.7)
const AES = 32; // AES-256 key and IGE iv (R1)
const DH = 256; // DH prime and secret (R4.2, R4.5)

const sender = (args: Args) => senderForKeyOffset(keyOffsetArg(args));

function hello(args: Args): Results {
  const protocol = argument(args, 'protocol');
  if (protocol !== undefined && protocol !== PROTOCOL) {
    throw new ProtocolError(
      'unsupported',
      `this adapter speaks protocol ${PROTOCOL}, asked for ${String(protocol)}`,
    );
  }
  return { name: NAME, version: VERSION, protocol: PROTOCOL, ops: [...OPS.keys()] };
}

function ige(encrypt: boolean): Op {
  return (args) => {
    const key = bytesArg(args, 'key', { length: AES });
    const iv = bytesArg(args, 'iv', { length: AES });
    const data = bytesArg(args, 'data', { multipleOf: 16 });
    return { data: hex(encrypt ? igeEncrypt(key, iv, data) : igeDecrypt(key, iv, data)) };
  };
}

function msgKey(args: Args): Results {
  const key = bytesArg(args, 'key', { length: KEY });
  const role = sender(args);
  const plaintext = bytesArg(args, 'plaintext', { multipleOf: 16 });
  return { msg_key: hex(computeMsgKey(key, role, plaintext)) };
}

function kdf(args: Args): Results {
  const key = bytesArg(args, 'key', { length: KEY });
  const msgKey = bytesArg(args, 'msg_key', { length: 16 });
  const { aesKey, aesIv } = deriveMessageKeys(key, sender(args), msgKey);
  return { aes_key: hex(aesKey), aes_iv: hex(aesIv) };
}

/** The implementation's own padding (R3.4) when none is given. */
const rng = (length: number) => new Uint8Array(randomBytes(length));

function e2eEncrypt(args: Args): Results {
  const key = bytesArg(args, 'key', { length: KEY });
  const role = sender(args);
  const message = bytesArg(args, 'message', { multipleOf: 4 });
  const padding = optionalBytesArg(args, 'padding');
  return { data: hex(encryptEnvelope(key, role, message, padding === undefined ? { rng } : { padding })) };
}

function e2eDecrypt(args: Args): Results {
  const key = bytesArg(args, 'key', { length: KEY });
  const role = sender(args);
  const data = bytesArg(args, 'data');
  const result = decryptEnvelope(key, role, data);
  // R3.8: one code for every rejection; the reason is for humans reading the detail only.
  if (!result.ok) throw new ProtocolError('rejected', result.reason);
  return { message: hex(result.message) };
}

function dhCheckParams(args: Args): Results {
  const p = bytesArg(args, 'p');
  const g = integerArg(args, 'g');
  // PROTOCOL.md §5: any JSON integer is a well-formed g; one outside int32 is no generator R4.2
  // allows (2..7), so it is refused like any other, not reported as a malformed argument.
  if (g < -0x80000000 || g > 0x7fffffff) throw new ProtocolError('bad_params', `g = ${g} is not an int32`);
  const result = checkDhParams(p, g);
  if (!result.ok) throw new ProtocolError('bad_params', result.reason);
  return {};
}

function dhCheckPublic(args: Args): Results {
  const p = bytesArg(args, 'p', { length: DH });
  const value = bytesArg(args, 'value');
  const result = checkDhPublic(p, value);
  if (!result.ok) throw new ProtocolError('bad_public', result.reason);
  return {};
}

function dhPublic(args: Args): Results {
  const p = bytesArg(args, 'p', { length: DH });
  const g = integerArg(args, 'g');
  const secret = bytesArg(args, 'secret', { length: DH });
  return { public: hex(computeDhPublic(p, g, secret)) };
}

function dhKey(args: Args): Results {
  const p = bytesArg(args, 'p', { length: DH });
  const peer = bytesArg(args, 'public');
  const secret = bytesArg(args, 'secret', { length: DH });
  let result;
  try {
    result = computeDhKey(p, peer, secret);
  } catch (error) {
    // The reference calls the argument peerPublic; the protocol calls it public.
    if (error instanceof RangeError && error.message.startsWith('"peerPublic"')) {
      throw badInput('public', 'a value in [2, p − 2]', 'one outside it');
    }
    throw error;
  }
  return { key: hex(result.key), fingerprint: hex(result.fingerprint) };
}

function keyFingerprint(args: Args): Results {
  return { fingerprint: hex(computeKeyFingerprint(bytesArg(args, 'key', { length: KEY }))) };
}

function keyVisual(args: Args): Results {
  const key = bytesArg(args, 'key', { length: KEY });
  const key46 = optionalBytesArg(args, 'key46', { length: KEY });
  return { key_hash: hex(computeKeyHash(key, key46 ?? key)) };
}

// R8.2: the picture both users compare, as palette indices (PROTOCOL.md §5, "Added after the freeze").
function keyPicture(args: Args): Results {
  const keyHash = bytesArg(args, 'key_hash');
  if (keyHash.length !== 36 && keyHash.length !== 16)
    throw badInput('key_hash', '36 bytes (or 16, the legacy hash)', `${keyHash.length} bytes`);
  const grid = keyHashGrid(keyHash);
  return {
    side: grid.length,
    rows: grid.map((row) => row.join('')),
    palette: KEY_VISUAL_PALETTE.map((colour) => colour.slice(1)),
  };
}

// R8.3: a call's emoji fingerprint, as indices into the 333 emoticons (PROTOCOL.md §5, "Added after the freeze").
function keyEmoji(args: Args): Results {
  const key = bytesArg(args, 'key', { length: KEY });
  const gA = bytesArg(args, 'g_a');
  if (gA.length < 1 || gA.length > KEY) throw badInput('g_a', `1..${KEY} bytes`, `${gA.length} bytes`);
  return { indices: callEmojiIndices(key, gA) };
}

function tlEncode(args: Args): Results {
  return { bytes: hex(encodeWith(args, secretTlSchema)) };
}

function tlDecode(args: Args): Results {
  return { object: decodeWith(args, secretTlSchema) };
}

// R4.6, R4.8: the server API objects of a secret chat, a schema apart from the secret layer's
// (PROTOCOL.md §5, "Added after the freeze").
function apiEncode(args: Args): Results {
  return { bytes: hex(encodeWith(args, apiTlSchema)) };
}

function apiDecode(args: Args): Results {
  return { object: decodeWith(args, apiTlSchema) };
}

function encodeWith(args: Args, schema: TlSchema): Uint8Array {
  const object = argument(args, 'object');
  if (object === undefined) throw badInput('object', 'a TL-JSON object', 'nothing (missing)');
  try {
    // encodeTl checks the whole value itself and throws naming the field path.
    return encodeTl(object as TlObject, schema);
  } catch (error) {
    throw new ProtocolError('bad_tl', error instanceof Error ? error.message : String(error));
  }
}

function decodeWith(args: Args, schema: TlSchema): TlObject {
  const result = decodeTl(bytesArg(args, 'bytes'), { schema });
  if (!result.ok) {
    const { code, offset, path, message } = result.error;
    throw new ProtocolError(
      'bad_tl',
      `${code} at ${path === '' ? 'the top level' : path} (offset ${offset}): ${message}`,
    );
  }
  return result.object;
}

/**
 * `node dist/main.js --profile tdlib|android` makes the chats behave as that client does where
 * clients diverge (docs/spec.md §12): what an implementation with those divergences looks like in a
 * report (its transcripts come out `acceptable`, not `pass`). The stateless ops never change.
 */
function profileFromArgv(): ChatProfile {
  const i = process.argv.indexOf('--profile');
  if (i < 0) return STRICT_CHAT_PROFILE;
  const name = process.argv[i + 1];
  if (name !== 'tdlib' && name !== 'android' && name !== 'strict') {
    console.error(`conform reference: --profile expects strict, tdlib or android, got ${String(name)}`);
    process.exit(2);
  }
  return CHAT_PROFILES[name];
}

/** Every op this adapter answers, by protocol name (a Map: no inherited keys such as `toString`). */
export const OPS: ReadonlyMap<string, Op> = new Map<string, Op>([
  ['hello', hello],
  ['ige.encrypt', ige(true)],
  ['ige.decrypt', ige(false)],
  ['mtproto2.msg_key', msgKey],
  ['mtproto2.kdf', kdf],
  ['e2e.encrypt', e2eEncrypt],
  ['e2e.decrypt', e2eDecrypt],
  ['dh.check_params', dhCheckParams],
  ['dh.check_public', dhCheckPublic],
  ['dh.public', dhPublic],
  ['dh.key', dhKey],
  ['key.fingerprint', keyFingerprint],
  ['key.visual', keyVisual],
  ['key.picture', keyPicture],
  ['key.emoji', keyEmoji],
  ['tl.encode', tlEncode],
  ['tl.decode', tlDecode],
  ['api.encode', apiEncode],
  ['api.decode', apiDecode],
  ...createChatOps({ profile: profileFromArgv() }), // the chat-session ops, PROTOCOL.md §5
  ['bench', bench], // timed runs of the stateless ops, PROTOCOL.md §8 (bench.ts)
]);
