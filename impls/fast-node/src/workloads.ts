// The ops fast-node answers itself, each split in three so the `bench` op can time the middle one
// alone: decode (the protocol's argument checks, the reference's own: same codes, same details),
// compute (the fast core, run N times by bench), encode (results as the op answers them). An op
// is encode(compute(decode(args))). Every other op is the reference's (ops.ts).
import {
  computeDhKey as referenceComputeDhKey,
  isAllowedPadding,
  PADDING_MAX,
  PADDING_MIN,
} from '@conform/reference';
import {
  badInput,
  bytesArg,
  hex,
  keyOffsetArg,
  optionalBytesArg,
  ProtocolError,
  type Args,
  type Results,
} from '@conform/impl-reference';
import { computeDhKey, type DhKey } from './dh-key.js';
import { decryptEnvelope, type DecryptResult } from './envelope-decrypt.js';
import { encryptEnvelope } from './envelope-encrypt.js';
import { igeDecrypt, igeEncrypt } from './ige.js';
import { deriveMessageKeys } from './kdf.js';
import { computeMsgKey } from './msg-key.js';

/** One op in three steps; `compute` is what `bench` times. */
export interface Workload<Input = unknown, Value = unknown> {
  readonly decode: (args: Args) => Input;
  readonly compute: (input: Input) => Value;
  readonly encode: (value: Value) => Results;
}

const KEY = 256; // chat key (R4.7)
const AES = 32; // AES-256 key and IGE iv (R1)
const DH = 256; // DH prime and secret (R4.2, R4.5)

interface IgeInput {
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
  readonly data: Uint8Array;
}

const decodeIge = (args: Args): IgeInput => ({
  key: bytesArg(args, 'key', { length: AES }),
  iv: bytesArg(args, 'iv', { length: AES }),
  data: bytesArg(args, 'data', { multipleOf: 16 }), // R1.3
});

const encodeData = (data: Uint8Array): Results => ({ data: hex(data) });

const igeEncryptWorkload: Workload<IgeInput, Uint8Array> = {
  decode: decodeIge,
  compute: ({ key, iv, data }) => igeEncrypt(key, iv, data),
  encode: encodeData,
};

const igeDecryptWorkload: Workload<IgeInput, Uint8Array> = {
  decode: decodeIge,
  compute: ({ key, iv, data }) => igeDecrypt(key, iv, data),
  encode: encodeData,
};

const msgKeyWorkload: Workload<{ key: Uint8Array; x: 0 | 8; plaintext: Uint8Array }, Uint8Array> = {
  decode: (args) => ({
    key: bytesArg(args, 'key', { length: KEY }),
    x: keyOffsetArg(args), // R2.3
    plaintext: bytesArg(args, 'plaintext', { multipleOf: 16 }),
  }),
  compute: ({ key, x, plaintext }) => computeMsgKey(key, x, plaintext),
  encode: (msgKey) => ({ msg_key: hex(msgKey) }),
};

const kdfWorkload: Workload<
  { key: Uint8Array; msgKey: Uint8Array; x: 0 | 8 },
  ReturnType<typeof deriveMessageKeys>
> = {
  decode: (args) => ({
    key: bytesArg(args, 'key', { length: KEY }),
    msgKey: bytesArg(args, 'msg_key', { length: 16 }),
    x: keyOffsetArg(args),
  }),
  compute: ({ key, msgKey, x }) => deriveMessageKeys(key, x, msgKey),
  encode: ({ aesKey, aesIv }) => ({ aes_key: hex(aesKey), aes_iv: hex(aesIv) }),
};

interface EncryptInput {
  readonly key: Uint8Array;
  readonly x: 0 | 8;
  readonly message: Uint8Array;
  readonly padding: Uint8Array | undefined;
}

const e2eEncryptWorkload: Workload<EncryptInput, Uint8Array> = {
  decode: (args) => {
    const key = bytesArg(args, 'key', { length: KEY });
    const x = keyOffsetArg(args);
    const message = bytesArg(args, 'message', { multipleOf: 4 }); // TL is whole words (R7.1)
    const padding = optionalBytesArg(args, 'padding');
    if (padding !== undefined && !isAllowedPadding(message.length, padding.length)) {
      // R3.4; a RangeError, as the reference throws it, answers bad_input.
      throw new RangeError(
        `"padding" expected ${PADDING_MIN}..${PADDING_MAX} bytes making the plaintext a multiple of 16, got length=${padding.length}`,
      );
    }
    return { key, x, message, padding };
  },
  // Without padding, every run draws its own (R3.4): that is part of the op's work.
  compute: ({ key, x, message, padding }) => encryptEnvelope(key, x, message, padding),
  encode: encodeData,
};

const e2eDecryptWorkload: Workload<{ key: Uint8Array; x: 0 | 8; data: Uint8Array }, DecryptResult> = {
  decode: (args) => ({
    key: bytesArg(args, 'key', { length: KEY }),
    x: keyOffsetArg(args), // the sender's
    data: bytesArg(args, 'data'), // any length: short or ragged data is the op's to reject
  }),
  compute: ({ key, x, data }) => decryptEnvelope(key, x, data),
  encode: (result) => {
    // R3.8: one code for every rejection; the reason is for the detail only.
    if (!result.ok) throw new ProtocolError('rejected', result.reason);
    return { message: hex(result.message) };
  },
};

/** The reference's answer where OpenSSL is not asked (dh-key.ts), with the reference op's errors. */
function referenceDhKey(p: Uint8Array, peer: Uint8Array, secret: Uint8Array): DhKey {
  try {
    return referenceComputeDhKey(p, peer, secret);
  } catch (error) {
    // As impls/reference's dh.key: the reference calls the argument peerPublic, the protocol public.
    if (error instanceof RangeError && error.message.startsWith('"peerPublic"')) {
      throw badInput('public', 'a value in [2, p − 2]', 'one outside it');
    }
    throw error;
  }
}

const dhKeyWorkload: Workload<{ p: Uint8Array; peer: Uint8Array; secret: Uint8Array }, DhKey> = {
  decode: (args) => ({
    p: bytesArg(args, 'p', { length: DH }),
    peer: bytesArg(args, 'public'), // any length, as on the wire
    secret: bytesArg(args, 'secret', { length: DH }),
  }),
  compute: ({ p, peer, secret }) => computeDhKey(p, peer, secret) ?? referenceDhKey(p, peer, secret),
  encode: ({ key, fingerprint }) => ({ key: hex(key), fingerprint: hex(fingerprint) }),
};

/** The fast ops by protocol name; also the workloads `bench` offers. */
export const WORKLOADS: ReadonlyMap<string, Workload> = new Map<string, Workload>([
  ['ige.encrypt', igeEncryptWorkload as Workload],
  ['ige.decrypt', igeDecryptWorkload as Workload],
  ['mtproto2.msg_key', msgKeyWorkload as Workload],
  ['mtproto2.kdf', kdfWorkload as Workload],
  ['e2e.encrypt', e2eEncryptWorkload as Workload],
  ['e2e.decrypt', e2eDecryptWorkload as Workload],
  ['dh.key', dhKeyWorkload as Workload],
]);
