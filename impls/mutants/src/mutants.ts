// The catalogue: each mutant is the reference adapter with ONE behaviour changed, by replacing
// the ops that behaviour reaches. `expectCaughtBy` names the vector files that must fail it;
// `catchable: false` marks bugs the vectors cannot see, with the reason.
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  checkDhParams,
  checkDhPublic,
  computeDhKey,
  computeDhPublic,
  computeKeyHash,
  decodeTl,
  encodeTl,
  igeDecrypt,
  igeEncrypt,
  STRICT_CHAT_PROFILE,
  type ChatProfile,
  type TlObject,
  type TlValue,
} from '@conform/reference';
import {
  argument,
  badInput,
  bytesArg,
  hex,
  integerArg,
  keyOffsetArg,
  optionalBytesArg,
  ProtocolError,
  type Args,
} from '../../reference/src/args.js';
import { createChatOps } from '../../reference/src/chat-ops.js';
import { OPS, type Op } from '../../reference/src/ops.js';
import {
  decrypt,
  DEFAULT_KNOBS,
  encrypt,
  kdfWith,
  readUint32LE,
  referenceMsgKey,
  type Knobs,
} from './envelope.js';

export interface Mutant {
  readonly id: string;
  readonly description: string;
  /** Rule ids of docs/spec.md the bug breaks. */
  readonly rules: readonly string[];
  /** Vector files with at least one test this mutant fails. */
  readonly expectCaughtBy: readonly string[];
  /** `false` for bugs no vector can observe; `reason` says why. */
  readonly catchable?: false;
  readonly reason?: string;
  /** The ops that replace the reference's. */
  readonly ops: Readonly<Record<string, Op>>;
}

// A copy taken before main.ts patches the table, so a mutant op can fall back on the original.
const ORIGINAL: ReadonlyMap<string, Op> = new Map(OPS);
const reference = (name: string): Op => ORIGINAL.get(name)!;
const sha = (algorithm: string, data: Uint8Array) =>
  new Uint8Array(createHash(algorithm).update(data).digest());
const rng = (n: number) => new Uint8Array(randomBytes(n));

/** The ops the envelope knobs reach: msg_key, kdf, e2e.*, and every fingerprint. */
function envelopeOps(changes: Partial<Knobs>): Record<string, Op> {
  const k: Knobs = { ...DEFAULT_KNOBS, ...changes };
  return {
    'mtproto2.msg_key': (args) => {
      const key = bytesArg(args, 'key', { length: 256 });
      const x = keyOffsetArg(args);
      return { msg_key: hex(k.msgKey(key, x, bytesArg(args, 'plaintext', { multipleOf: 16 }))) };
    },
    'mtproto2.kdf': (args) => {
      const key = bytesArg(args, 'key', { length: 256 });
      const x = keyOffsetArg(args);
      const { aesKey, aesIv } = k.kdf(key, x, bytesArg(args, 'msg_key', { length: 16 }));
      return { aes_key: hex(aesKey), aes_iv: hex(aesIv) };
    },
    'e2e.encrypt': (args) => {
      const key = bytesArg(args, 'key', { length: 256 });
      const x = keyOffsetArg(args);
      const message = bytesArg(args, 'message', { multipleOf: 4 });
      return { data: hex(encrypt(k, key, x, message, optionalBytesArg(args, 'padding'), rng)) };
    },
    'e2e.decrypt': (args) => {
      const key = bytesArg(args, 'key', { length: 256 });
      const x = keyOffsetArg(args);
      const result = decrypt(k, key, x, bytesArg(args, 'data'));
      if (!result.ok) throw new ProtocolError(result.code, result.reason);
      return { message: hex(result.message) };
    },
    'key.fingerprint': (args) => ({
      fingerprint: hex(k.fingerprint(bytesArg(args, 'key', { length: 256 }))),
    }),
    'dh.key': (args) => {
      const { key } = reference('dh.key')(args) as { key: string };
      return { key, fingerprint: hex(k.fingerprint(Uint8Array.from(Buffer.from(key, 'hex')))) };
    },
  };
}

/** IGE (R1.1, R1.2) with a changed iv layout or decryption chaining; AES-256 single blocks from node:crypto. */
function igeOp(encrypt: boolean, variant: 'swap_iv' | 'cbc_decrypt'): Op {
  return (args) => {
    const key = bytesArg(args, 'key', { length: 32 });
    let iv = bytesArg(args, 'iv', { length: 32 });
    const data = bytesArg(args, 'data', { multipleOf: 16 });
    if (variant === 'swap_iv') {
      iv = Uint8Array.from([...iv.subarray(16), ...iv.subarray(0, 16)]);
      return { data: hex(encrypt ? igeEncrypt(key, iv, data) : igeDecrypt(key, iv, data)) };
    }
    if (encrypt) return { data: hex(igeEncrypt(key, iv, data)) };
    // The bug: CBC-style chaining — the xor with the previous plaintext block is dropped after block 0.
    const aes = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    const out = new Uint8Array(data.length);
    let prevCipher = iv.subarray(0, 16);
    const firstPlain = iv.subarray(16, 32);
    for (let off = 0; off < data.length; off += 16) {
      const cipher = data.subarray(off, off + 16);
      const block = cipher.map((b, j) => b ^ (off === 0 ? firstPlain[j]! : 0));
      const plain = new Uint8Array(aes.update(block));
      for (let j = 0; j < 16; j++) out[off + j] = plain[j]! ^ prevCipher[j]!;
      prevCipher = cipher;
    }
    return { data: hex(out) };
  };
}

function dhCheckParamsWith(accept: (reason: string, p: Uint8Array) => boolean): Op {
  return (args) => {
    const p = bytesArg(args, 'p');
    const g = integerArg(args, 'g');
    // As the adapter: a g outside int32 is refused, not malformed (PROTOCOL.md §5). One bug each.
    if (g < -0x80000000 || g > 0x7fffffff) throw new ProtocolError('bad_params', `g = ${g} is not an int32`);
    const result = checkDhParams(p, g);
    if (!result.ok && !accept(result.reason, p)) throw new ProtocolError('bad_params', result.reason);
    return {};
  };
}

const toBig = (b: Uint8Array) => (b.length === 0 ? 0n : BigInt(`0x${hex(b)}`));
const MARGIN = 1n << 1984n;

function dhCheckPublicWith(check: (n: bigint, value: Uint8Array) => boolean): Op {
  return (args) => {
    const p = bytesArg(args, 'p', { length: 256 });
    const value = bytesArg(args, 'value');
    checkDhPublic(p, value); // the reference's own argument checks (throws on misuse)
    if (!check(toBig(p), value)) throw new ProtocolError('bad_public', 'rejected');
    return {};
  };
}

function tlDecodeWith(
  onError: (bytes: Uint8Array, code: string) => TlObject | undefined,
  post: (o: TlObject) => TlObject = (o) => o,
): Op {
  return (args) => {
    const bytes = bytesArg(args, 'bytes');
    const result = decodeTl(bytes);
    if (result.ok) return { object: post(result.object) };
    const rescued = onError(bytes, result.error.code);
    if (rescued !== undefined) return { object: rescued };
    return reference('tl.decode')(args);
  };
}

function unsignedInts(value: TlValue): TlValue {
  if (typeof value === 'number')
    return Number.isInteger(value) && value < 0 && value >= -0x80000000 ? value >>> 0 : value;
  if (Array.isArray(value)) return value.map(unsignedInts);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsignedInts(v)])) as TlObject;
  }
  return value;
}

const withPaddingOff = (plaintext: Uint8Array): Uint8Array => {
  const length = readUint32LE(plaintext, 0);
  return 4 + length <= plaintext.length ? plaintext.subarray(0, 4 + length) : plaintext;
};

const TIMING =
  'A timing bug only: it rejects exactly what the reference rejects, with the same code, so no vector can tell; the timing probe (issue 6) must.';

/** How long the planted leak burns on its early exit: far above the pipe noise of a loaded machine. */
const SLOW_PATH_MS = 3;

/**
 * e2e.decrypt with the 2021 leak (R3.12, R3.14) made loud: the length field and the padding range are
 * checked before msg_key (R3.8 forbids it), and that early exit burns SLOW_PATH_MS of CPU. Verdicts and
 * codes are the reference's, so no vector sees it; `conform timing` must. With lengthBeforeMsgKey the
 * length reasons come only from the early exit: it runs first, and the check after msg_key repeats it.
 */
function slowEarlyLengthCheck(): Op {
  const k: Knobs = { ...DEFAULT_KNOBS, lengthBeforeMsgKey: true };
  const early = new Set(['length_not_mod4', 'length_too_big', 'padding_too_short', 'padding_too_long']);
  return (args) => {
    const key = bytesArg(args, 'key', { length: 256 });
    const x = keyOffsetArg(args);
    const result = decrypt(k, key, x, bytesArg(args, 'data'));
    if (result.ok) return { message: hex(result.message) };
    if (early.has(result.reason)) {
      const until = process.hrtime.bigint() + BigInt(SLOW_PATH_MS * 1_000_000);
      while (process.hrtime.bigint() < until) {
        // busy: a sleep would free the CPU and let the runner's side of the pipe absorb the delay
      }
    }
    throw new ProtocolError(result.code, result.reason);
  };
}

/** The reference's chat ops, each chat following the strict profile with `change` applied. */
function chatMutant(id: string, description: string, rules: string[], change: Partial<ChatProfile>): Mutant {
  return {
    id,
    description,
    rules,
    expectCaughtBy: ['chat_test.json'],
    ops: Object.fromEntries(createChatOps({ profile: { ...STRICT_CHAT_PROFILE, ...change } })),
  };
}

/** Some chat ops replaced, over one shared table of strict chats. */
function withChatOps(replace: (ops: ReadonlyMap<string, Op>) => Record<string, Op>): Record<string, Op> {
  const ops = createChatOps();
  return { ...Object.fromEntries(ops), ...replace(ops) };
}

export const MUTANTS: readonly Mutant[] = [
  // R1: AES-256-IGE
  {
    id: 'ige-iv-halves-swapped',
    description: 'IGE takes the iv halves in the wrong order (x0 first, y0 second)',
    rules: ['R1.2'],
    expectCaughtBy: ['ige_test.json'],
    ops: { 'ige.encrypt': igeOp(true, 'swap_iv'), 'ige.decrypt': igeOp(false, 'swap_iv') },
  },
  {
    id: 'ige-decrypt-cbc-chaining',
    description: 'IGE decryption chains like CBC: drops the xor with the previous plaintext block',
    rules: ['R1.1'],
    expectCaughtBy: ['ige_test.json'],
    ops: { 'ige.decrypt': igeOp(false, 'cbc_decrypt') },
  },
  // R2: msg_key and KDF
  {
    id: 'kdf-ignores-x',
    description: 'the KDF always uses key offset x = 0, whoever sent the message',
    rules: ['R2.3'],
    expectCaughtBy: ['mtproto2_test.json', 'e2e_encrypt_test.json', 'e2e_decrypt_test.json'],
    ops: envelopeOps({ kdf: (key, _x, msgKey) => DEFAULT_KNOBS.kdf(key, 0, msgKey) }),
  },
  {
    id: 'kdf-sha256-a-b-swapped',
    description: 'the KDF swaps sha256_a and sha256_b',
    rules: ['R2.1'],
    expectCaughtBy: ['mtproto2_test.json', 'e2e_encrypt_test.json', 'e2e_decrypt_test.json'],
    ops: envelopeOps({ kdf: kdfWith(true) }),
  },
  {
    id: 'msg-key-without-padding',
    description: 'msg_key hashes the length and body only, not the padding (MTProto 1.0 style)',
    rules: ['R2.4'],
    expectCaughtBy: ['e2e_encrypt_test.json', 'e2e_decrypt_test.json'],
    ops: envelopeOps({ msgKey: (key, x, plaintext) => referenceMsgKey(key, x, withPaddingOff(plaintext)) }),
  },
  {
    id: 'msg-key-offset-88-fixed',
    description: 'msg_key takes the key at offset 88 regardless of x',
    rules: ['R2.3'],
    expectCaughtBy: ['mtproto2_test.json', 'e2e_encrypt_test.json', 'e2e_decrypt_test.json'],
    ops: envelopeOps({ msgKey: (key, _x, plaintext) => referenceMsgKey(key, 0, plaintext) }),
  },
  {
    id: 'msg-key-first-16-bytes',
    description: 'msg_key is bytes 0..16 of the SHA-256 instead of 8..24',
    rules: ['R2.1'],
    expectCaughtBy: ['mtproto2_test.json', 'e2e_encrypt_test.json', 'e2e_decrypt_test.json'],
    ops: envelopeOps({
      msgKey: (key, x, plaintext) =>
        new Uint8Array(
          createHash('sha256')
            .update(key.subarray(88 + x, 120 + x))
            .update(plaintext)
            .digest(),
        ).slice(0, 16),
    }),
  },
  // R3: the envelope
  {
    id: 'decrypt-no-padding-range-check',
    description: 'e2e.decrypt skips the 12..1024 padding-range check',
    rules: ['R3.7'],
    expectCaughtBy: ['e2e_decrypt_test.json'],
    ops: { 'e2e.decrypt': envelopeOps({ paddingMin: -Infinity, paddingMax: Infinity })['e2e.decrypt']! },
  },
  {
    id: 'decrypt-accepts-short-padding',
    description: 'e2e.decrypt accepts 0..11 bytes of padding (MTProto 1.0)',
    rules: ['R3.4', 'R3.7'],
    expectCaughtBy: ['e2e_decrypt_test.json'],
    ops: { 'e2e.decrypt': envelopeOps({ paddingMin: 0 })['e2e.decrypt']! },
  },
  {
    id: 'decrypt-length-before-msg-key',
    description: 'e2e.decrypt checks the length field before msg_key (early exit, same verdicts)',
    rules: ['R3.8'],
    expectCaughtBy: [],
    catchable: false,
    reason: TIMING,
    ops: envelopeOps({ lengthBeforeMsgKey: true }),
  },
  {
    id: 'decrypt-slow-padding-check-before-msg-key',
    description:
      'e2e.decrypt checks the length and padding before msg_key and burns 3 ms on that early exit (same verdicts)',
    rules: ['R3.8', 'R3.14'],
    expectCaughtBy: [],
    catchable: false,
    reason: 'timing only: conform timing finds it',
    ops: { 'e2e.decrypt': slowEarlyLengthCheck() },
  },
  {
    id: 'decrypt-skips-length-mod4',
    description: 'e2e.decrypt accepts a length field that is not a multiple of 4',
    rules: ['R3.7'],
    expectCaughtBy: [],
    catchable: false,
    reason: 'Divergence D3: Android accepts such lengths, so the vectors mark them `acceptable`.',
    ops: envelopeOps({ checkLengthMod4: false }),
  },
  {
    id: 'decrypt-accepts-length-beyond-data',
    description: 'e2e.decrypt skips L ≤ len − 4 and returns the body cut at the end of the data',
    rules: ['R3.7'],
    expectCaughtBy: ['e2e_decrypt_test.json'],
    ops: envelopeOps({ checkLengthBound: false }),
  },
  {
    id: 'decrypt-ignores-fingerprint',
    description: 'e2e.decrypt never compares the key fingerprint',
    rules: ['R3.7'],
    expectCaughtBy: ['e2e_decrypt_test.json'],
    ops: envelopeOps({ checkFingerprint: false }),
  },
  {
    id: 'decrypt-distinct-msg-key-error',
    description: 'e2e.decrypt reports a msg_key mismatch as `msg_key_mismatch`, not `rejected`',
    rules: ['R3.8'],
    expectCaughtBy: ['e2e_decrypt_test.json'],
    ops: envelopeOps({ msgKeyMismatchCode: 'msg_key_mismatch' }),
  },
  {
    id: 'encrypt-short-padding',
    description: 'e2e.encrypt accepts and draws padding shorter than 12 bytes',
    rules: ['R3.4'],
    expectCaughtBy: ['e2e_encrypt_test.json'],
    ops: { 'e2e.encrypt': envelopeOps({ paddingMin: 0 })['e2e.encrypt']! },
  },
  // R4: fingerprint, DH
  {
    id: 'fingerprint-sha1-head',
    description: 'key_fingerprint is SHA1(key)[0:8] instead of the low 64 bits [12:20]',
    rules: ['R4.7'],
    expectCaughtBy: ['dh_test.json', 'e2e_encrypt_test.json', 'e2e_decrypt_test.json'],
    ops: envelopeOps({ fingerprint: (key) => sha('sha1', key).slice(0, 8) }),
  },
  {
    id: 'fingerprint-sha256',
    description: 'key_fingerprint is the low 64 bits of SHA-256 instead of SHA-1',
    rules: ['R4.7'],
    expectCaughtBy: ['dh_test.json', 'e2e_encrypt_test.json', 'e2e_decrypt_test.json'],
    ops: envelopeOps({ fingerprint: (key) => sha('sha256', key).slice(24, 32) }),
  },
  {
    id: 'dh-params-no-safe-prime-test',
    description: 'dh.check_params accepts a prime p whose (p − 1) / 2 is not prime',
    rules: ['R4.2'],
    expectCaughtBy: ['dh_params_test.json'],
    ops: { 'dh.check_params': dhCheckParamsWith((reason) => reason === 'p_not_safe_prime') },
  },
  {
    id: 'dh-params-no-residue-rule',
    description: 'dh.check_params accepts any g in 2..7 without its quadratic-residue rule',
    rules: ['R4.2'],
    expectCaughtBy: ['dh_params_test.json'],
    ops: {
      'dh.check_params': dhCheckParamsWith((reason, p) => reason === 'g_residue' && checkDhParams(p, 4).ok),
    },
  },
  {
    id: 'dh-params-257-byte-p',
    description: 'dh.check_params accepts a 257-byte p with a leading zero byte',
    rules: ['R4.2'],
    expectCaughtBy: [],
    catchable: false,
    reason: 'The vectors mark a leading-zero 257-byte p as `acceptable`: either verdict passes.',
    ops: {
      'dh.check_params': (args) => {
        const p = bytesArg(args, 'p');
        const trimmed = p.length === 257 && p[0] === 0 ? p.subarray(1) : p;
        return reference('dh.check_params')({ ...args, p: hex(trimmed) });
      },
    },
  },
  {
    id: 'dh-public-margin-inclusive',
    description: 'dh.check_public rejects 2^1984 and p − 2^1984 themselves (off by one)',
    rules: ['R4.3'],
    expectCaughtBy: ['dh_public_test.json'],
    ops: {
      'dh.check_public': dhCheckPublicWith((n, value) => {
        const v = toBig(value);
        return v > 1n && v < n - 1n && v > MARGIN && v < n - MARGIN;
      }),
    },
  },
  {
    id: 'dh-public-no-margin',
    description: 'dh.check_public checks 1 < v < p − 1 only, without the 2^1984 margin',
    rules: ['R4.3'],
    expectCaughtBy: [],
    catchable: false,
    reason: 'Divergence D12: the vectors mark values inside the range but outside the margin `acceptable`.',
    ops: {
      'dh.check_public': dhCheckPublicWith((n, value) => {
        const v = toBig(value);
        return v > 1n && v < n - 1n;
      }),
    },
  },
  {
    id: 'dh-public-little-endian-check',
    description: 'dh.check_public reads the value little-endian',
    rules: ['R4.3'],
    expectCaughtBy: ['dh_public_test.json'],
    ops: {
      'dh.check_public': dhCheckPublicWith((n, value) => {
        const v = toBig(value.slice().reverse());
        return v > 1n && v < n - 1n && v >= MARGIN && v <= n - MARGIN;
      }),
    },
  },
  {
    id: 'dh-key-not-left-padded',
    description: 'dh.key drops leading zero bytes of g_ab instead of keeping 256 bytes',
    rules: ['R4.7'],
    expectCaughtBy: ['dh_test.json'],
    ops: {
      'dh.key': (args) => {
        const p = bytesArg(args, 'p', { length: 256 });
        const peer = bytesArg(args, 'public');
        const secret = bytesArg(args, 'secret', { length: 256 });
        let key: Uint8Array;
        try {
          key = computeDhKey(p, peer, secret).key;
        } catch {
          return reference('dh.key')(args);
        }
        let start = 0;
        while (start < key.length - 1 && key[start] === 0) start++;
        const trimmed = key.subarray(start);
        return { key: hex(trimmed), fingerprint: hex(sha('sha1', trimmed).slice(12, 20)) };
      },
    },
  },
  {
    id: 'dh-public-little-endian',
    description: 'dh.public writes g^a mod p little-endian',
    rules: ['R4.5'],
    expectCaughtBy: ['dh_test.json'],
    ops: {
      'dh.public': (args) => {
        const p = bytesArg(args, 'p', { length: 256 });
        const g = integerArg(args, 'g');
        const secret = bytesArg(args, 'secret', { length: 256 });
        return { public: hex(computeDhPublic(p, g, secret).reverse()) };
      },
    },
  },
  // R8: key visualization
  {
    id: 'key-visual-ignores-key46',
    description: 'key.visual hashes the current key for the SHA-256 part, ignoring key46',
    rules: ['R8.1'],
    expectCaughtBy: ['key_visual_test.json'],
    ops: {
      'key.visual': (args) => {
        const key = bytesArg(args, 'key', { length: 256 });
        optionalBytesArg(args, 'key46', { length: 256 });
        return { key_hash: hex(computeKeyHash(key, key)) };
      },
    },
  },
  {
    id: 'key-visual-legacy-16-bytes',
    description: 'key.visual returns the pre-layer-46 hash: SHA1(key)[0:16] only',
    rules: ['R8.1'],
    expectCaughtBy: ['key_visual_test.json'],
    ops: {
      'key.visual': (args) => ({
        key_hash: hex(sha('sha1', bytesArg(args, 'key', { length: 256 })).slice(0, 16)),
      }),
    },
  },
  {
    id: 'key-picture-msb-first',
    description: "key.picture takes each byte's two-bit groups from the most significant bits first",
    rules: ['R8.2'],
    expectCaughtBy: ['key_picture_test.json'],
    ops: {
      'key.picture': (args) => {
        const answer = reference('key.picture')(args) as { rows: string[] };
        const keyHash = bytesArg(args, 'key_hash');
        const side = answer.rows.length;
        const pixel = (k: number) => (keyHash[k >> 2]! >> (6 - 2 * (k & 3))) & 3;
        const rows = answer.rows.map((_, y) =>
          Array.from({ length: side }, (_, x) => String(pixel(y * side + x))).join(''),
        );
        return { ...answer, rows };
      },
    },
  },
  {
    id: 'key-emoji-unmasked',
    description: 'key.emoji reduces each 64-bit chunk modulo 333 without clearing its top bit',
    rules: ['R8.3'],
    expectCaughtBy: ['call_emoji_test.json'],
    ops: {
      'key.emoji': (args) => {
        reference('key.emoji')(args); // the same argument checks
        const digest = createHash('sha256')
          .update(bytesArg(args, 'key'))
          .update(bytesArg(args, 'g_a'))
          .digest();
        const indices = [0, 1, 2, 3].map((i) => Number(digest.readBigUInt64BE(8 * i) % 333n));
        return { indices };
      },
    },
  },
  {
    id: 'api-decode-falls-back-to-secret-layer',
    description:
      "api.decode and api.encode fall back on the secret layer's schema for what the API schema refuses",
    rules: ['R4.8', 'R7.5'],
    expectCaughtBy: ['tl_api_test.json'],
    ops: {
      'api.decode': (args) => {
        try {
          return reference('api.decode')(args);
        } catch {
          return reference('tl.decode')(args);
        }
      },
      'api.encode': (args) => {
        try {
          return reference('api.encode')(args);
        } catch {
          return reference('tl.encode')(args);
        }
      },
    },
  },
  // R7: TL
  {
    id: 'tl-decode-truncated-as-zeros',
    description: 'tl.decode reads past the end of the bytes as zeros instead of refusing',
    rules: ['R3.7'],
    expectCaughtBy: ['tl_test.json'],
    ops: {
      'tl.decode': tlDecodeWith((bytes, code) => {
        if (code !== 'truncated') return undefined;
        const padded = new Uint8Array(bytes.length + 4096);
        padded.set(bytes);
        const again = decodeTl(padded, { allowTrailingBytes: true });
        return again.ok ? again.object : undefined;
      }),
    },
  },
  {
    id: 'tl-decode-unknown-constructor',
    description: 'tl.decode answers an unknown constructor with a placeholder object instead of refusing',
    rules: ['R3.7', 'R7.5'],
    expectCaughtBy: ['tl_test.json'],
    ops: {
      'tl.decode': tlDecodeWith((_bytes, code) =>
        code === 'unknown_constructor' ? { _: 'unknown' } : undefined,
      ),
    },
  },
  {
    id: 'tl-decode-int-unsigned',
    description: 'tl.decode reads `int` as unsigned 32-bit',
    rules: ['R3.7'],
    expectCaughtBy: ['tl_test.json'],
    ops: {
      'tl.decode': tlDecodeWith(
        () => undefined,
        (o) => unsignedInts(o) as TlObject,
      ),
    },
  },
  {
    id: 'tl-decode-trailing-bytes',
    description: 'tl.decode ignores bytes after the top-level object',
    rules: ['R3.7', 'D5'],
    expectCaughtBy: [],
    catchable: false,
    reason: 'Divergence D5: the vectors mark trailing bytes after the TL body `acceptable`.',
    ops: {
      'tl.decode': tlDecodeWith((bytes, code) => {
        if (code !== 'trailing_bytes') return undefined;
        const again = decodeTl(bytes, { allowTrailingBytes: true });
        return again.ok ? again.object : undefined;
      }),
    },
  },
  {
    id: 'tl-encode-never-refuses',
    description: 'tl.encode swallows schema errors and answers empty bytes instead of bad_tl',
    rules: ['R3.6'],
    expectCaughtBy: ['tl_test.json'],
    ops: {
      'tl.encode': (args) => {
        const object = argument(args, 'object');
        if (object === undefined) throw badInput('object', 'a TL-JSON object', 'nothing (missing)');
        try {
          return { bytes: hex(encodeTl(object as TlObject)) };
        } catch {
          return { bytes: '' };
        }
      },
    },
  },
  // ---- The chat state machine (chat_test.json) --------------------------------------------------
  // Most are the reference's chat with one behaviour knob of its profile set wrong; the last two
  // change what the chat ops do with the chat's answers.
  chatMutant('chat-rekey-after-50', 'starts a re-key after 50 messages, not after more than 100', ['R5.1'], {
    rekeyAfterMessages: 50,
  }),
  chatMutant(
    'chat-rekey-clock-inclusive',
    'counts a key used for exactly one week as "more than one week" and re-keys a second early',
    ['R5.1'],
    { rekeyAfterSeconds: 7 * 24 * 3600 - 1 },
  ),
  chatMutant(
    'chat-14-random-bytes',
    'puts 14 random bytes in each decryptedMessageLayer, not ≥ 15',
    ['R3.5'],
    {
      randomBytesLength: 14,
    },
  ),
  chatMutant(
    'chat-gap-queue-of-2',
    'closes the chat once 2 messages wait behind a gap (Android waits for 4, the docs for "very rare")',
    ['R6.4', 'R6.8'],
    { maxQueued: 2 },
  ),
  chatMutant('chat-no-noop-after-commit', 'never sends Noop after switching keys on CommitKey', ['R5.8'], {
    noopAfterCommit: false,
  }),
  chatMutant(
    'chat-cannot-resend',
    'cannot serve any Resend, so it closes the chat on the first one',
    ['R6.7'],
    {
      maxResend: 0,
    },
  ),
  {
    id: 'chat-no-notify-layer',
    description:
      'never sends NotifyLayer after the key exchange: the messages are built but never handed over',
    rules: ['R7.2'],
    expectCaughtBy: ['chat_test.json'],
    ops: withChatOps((ops) => ({
      'chat.accept': (args) => ({ ...ops.get('chat.accept')!(args), outbox: [] }),
      'chat.confirm': (args) => ({ ...ops.get('chat.confirm')!(args), outbox: [] }),
    })),
  },
  {
    id: 'chat-participant-trusts-fingerprint',
    description: 'the participant never compares the fingerprint of the encryptedChat with its key',
    rules: ['R4.6'],
    expectCaughtBy: ['chat_test.json'],
    ops: withChatOps((ops) => ({
      'chat.confirm': (args) => {
        const state = ops.get('chat.state')!(args);
        return state['role'] === 'participant' && state['state'] === 'ready'
          ? { outbox: [] }
          : ops.get('chat.confirm')!(args);
      },
    })),
  },
  {
    id: 'chat-never-outdated',
    description: 'chat.receive never says outdated, whatever layer a message was written at',
    rules: ['R7.4'],
    expectCaughtBy: ['chat_test.json'],
    ops: withChatOps((ops) => ({
      'chat.receive': (args) => {
        const { outdated: _outdated, ...rest } = ops.get('chat.receive')!(args) as Record<string, unknown>;
        return rest;
      },
    })),
  },
  {
    id: 'chat-raw-server-random',
    description: "chat.request and chat.accept take the server's random bytes as the DH secret, unmixed",
    rules: ['R4.4'],
    expectCaughtBy: ['chat_test.json'],
    ops: withChatOps((ops) => {
      const raw = (name: string) => (args: Args) => {
        const random = argument(args, 'random');
        return ops.get(name)!(
          typeof random === 'string' && random.length === 512 && argument(args, 'secret') === undefined
            ? { ...args, secret: random }
            : args,
        );
      };
      return { 'chat.request': raw('chat.request'), 'chat.accept': raw('chat.accept') };
    }),
  },
];

/** The un-mutated adapter behind the same code paths (envelope knobs at their defaults): must pass. */
export const CONTROL: Mutant = {
  id: 'control',
  description: 'no bug: the knob-based envelope at its defaults',
  rules: [],
  expectCaughtBy: [],
  ops: envelopeOps({}),
};

export function findMutant(id: string | undefined): Mutant | undefined {
  if (id === CONTROL.id) return CONTROL;
  return MUTANTS.find((m) => m.id === id);
}
