// MTProto 2.0 msg_key and key derivation vectors (R2.1–R2.3): published answers (mtcute, GramJS,
// grammers), generated cases for both key offsets, key variants that pin down exactly which key
// bytes each x reads (R2.2), and malformed arguments. Cross-checked by the node:crypto oracle
// (msg_key and KDF), GramJS's KDF and mtcute's KDF.
import { loadKnownAnswers } from '@conform/known-answers';
import { GRAMJS, gramjsKdf, MTCUTE, mtcuteKdf, oracleKdf, oracleMsgKey } from '@conform/oracles';
import { computeMsgKey, deriveMessageKeys, senderForKeyOffset } from '@conform/reference';
import type { Area, CrossChecker, DraftGroup, DraftTest } from '../area.js';
import { createContext, fromHex, toHex, type GenerationContext } from '../context.js';

const MSG_KEY = {
  type: 'MsgKeyTest',
  op: 'mtproto2.msg_key',
  inputs: { key: 'key', x: 'x', plaintext: 'plaintext' },
  outputs: { msg_key: 'msg_key' },
};
const KDF = {
  type: 'KdfTest',
  op: 'mtproto2.kdf',
  inputs: { key: 'key', msg_key: 'msg_key', x: 'x' },
  outputs: { aes_key: 'aes_key', aes_iv: 'aes_iv' },
};

const X_VALUES = [0, 8] as const;

function msgKeyOf(key: Uint8Array, x: number, plaintext: Uint8Array): string {
  return toHex(computeMsgKey(key, senderForKeyOffset(x), plaintext));
}

function kdfOf(key: Uint8Array, msgKey: Uint8Array, x: number): { aes_key: string; aes_iv: string } {
  const k = deriveMessageKeys(key, senderForKeyOffset(x), msgKey);
  return { aes_key: toHex(k.aesKey), aes_iv: toHex(k.aesIv) };
}

/** `key` with bytes [from, to) replaced by their complement: every byte in the range differs. */
function varyKey(key: Uint8Array, from: number, to: number): Uint8Array {
  const out = key.slice();
  for (let i = from; i < to; i++) out[i] = out[i]! ^ 0xff;
  return out;
}

/** Which key bytes each x reads (R2.2). */
const MSG_KEY_RANGES: Record<number, [number, number][]> = { 0: [[88, 120]], 8: [[96, 128]] };
const KDF_RANGES: Record<number, [number, number][]> = {
  0: [
    [0, 36],
    [40, 76],
  ],
  8: [
    [8, 44],
    [48, 84],
  ],
};

function overlaps(ranges: [number, number][], from: number, to: number): boolean {
  return ranges.some(([a, b]) => from < b && a < to);
}

function valid(key: string, comment: string, flags: string[], fields: Record<string, unknown>): DraftTest {
  return { key, comment, flags, result: 'valid', fields };
}

function drafts(ctx: GenerationContext): { groups: DraftGroup[]; kdfSource: string; msgSource: string } {
  const kdfPeers = loadKnownAnswers('mtproto2-kdf-peers.json');
  const msgPeers = loadKnownAnswers('mtproto2-message-peers.json');
  const rng = ctx.rng('mtproto2');

  // Known answers.
  const knownKdf: DraftTest[] = kdfPeers.tests.map((t) =>
    valid(`peer-kdf-${t.id}`, `${t.name}: ${t.source}`, ['KnownAnswer'], {
      key: t.key,
      msg_key: t.msg_key,
      x: t.x,
      aes_key: t.aes_key,
      aes_iv: t.aes_iv,
    }),
  );
  const knownMsgKey: DraftTest[] = [];
  for (const t of msgPeers.tests) {
    if (t.wire === undefined || t.plaintext === undefined || t.x === undefined) continue;
    // grammers publishes the whole wire message; its bytes 8..24 are the msg_key of the plaintext (R3.1).
    knownMsgKey.push(
      valid(`grammers-${t.id}`, `${t.name}: msg_key = wire[8:24]`, ['KnownAnswer'], {
        key: t.key,
        x: t.x,
        plaintext: t.plaintext,
        msg_key: t.wire.slice(16, 48),
      }),
    );
  }

  // Generated: the same key and plaintext under both x, so an implementation that ignores x fails.
  const genMsgKey: DraftTest[] = [];
  for (const length of [16, 32, 1040, 4096 + 16]) {
    const key = rng(256);
    const plaintext = rng(length);
    for (const x of X_VALUES) {
      const flags = length === 16 ? ['OneBlock', 'SenderOffset'] : ['Pseudorandom', 'SenderOffset'];
      genMsgKey.push(
        valid(`random-${length}-x${x}`, `${length}-byte plaintext, x=${x}`, flags, {
          key: toHex(key),
          x,
          plaintext: toHex(plaintext),
          msg_key: msgKeyOf(key, x, plaintext),
        }),
      );
    }
  }
  const genKdf: DraftTest[] = [];
  {
    const key = rng(256);
    const msgKeys: [string, Uint8Array, string[]][] = [
      ['random', rng(16), ['Pseudorandom', 'SenderOffset']],
      ['zero', new Uint8Array(16), ['EdgeMsgKey', 'SenderOffset']],
      ['ff', new Uint8Array(16).fill(0xff), ['EdgeMsgKey', 'SenderOffset']],
    ];
    for (const [name, msgKey, flags] of msgKeys) {
      for (const x of X_VALUES) {
        genKdf.push(
          valid(`${name}-msg-key-x${x}`, `${name} msg_key, x=${x}`, flags, {
            key: toHex(key),
            msg_key: toHex(msgKey),
            x,
            ...kdfOf(key, msgKey, x),
          }),
        );
      }
    }
  }

  // R2.2: key variants that differ from a base key only in one byte range. For each x, the expected
  // value equals the base key's exactly when x does not read that range; the generator asserts it.
  const rangeMsgKey: DraftTest[] = [];
  const rangeKdf: DraftTest[] = [];
  {
    const base = rng(256);
    const plaintext = rng(64);
    const msgKey = rng(16);
    const baseMsgKey = Object.fromEntries(X_VALUES.map((x) => [x, msgKeyOf(base, x, plaintext)]));
    const baseKdf = Object.fromEntries(X_VALUES.map((x) => [x, kdfOf(base, msgKey, x)]));
    for (const x of X_VALUES) {
      rangeMsgKey.push(
        valid(`range-base-x${x}`, `base key K of the key-range tests, x=${x}`, ['KeyRange'], {
          key: toHex(base),
          x,
          plaintext: toHex(plaintext),
          msg_key: baseMsgKey[x],
        }),
      );
      rangeKdf.push(
        valid(`range-base-x${x}`, `base key K of the key-range tests, x=${x}`, ['KeyRange'], {
          key: toHex(base),
          msg_key: toHex(msgKey),
          x,
          ...baseKdf[x],
        }),
      );
    }
    // msg_key reads [88+x, 120+x): 88..95 only for x=0, 120..127 only for x=8.
    for (const [from, to] of [
      [84, 88],
      [88, 96],
      [120, 128],
      [128, 256],
    ] as const) {
      const key = varyKey(base, from, to);
      for (const x of X_VALUES) {
        const expected = msgKeyOf(key, x, plaintext);
        const used = overlaps(MSG_KEY_RANGES[x]!, from, to);
        if ((expected === baseMsgKey[x]) === used)
          throw new Error(
            `mtproto2: reference msg_key does not follow R2.2 for bytes ${from}..${to - 1}, x=${x}`,
          );
        const high = from === 128;
        rangeMsgKey.push(
          valid(
            `range-bytes-${from}-${to - 1}-x${x}`,
            `K with bytes ${from}..${to - 1} complemented, x=${x}: ` +
              (used ? 'x reads them, msg_key differs from K' : "x doesn't read them, msg_key equals K's"),
            [high ? 'KeyHighHalfUnused' : 'KeyRange'],
            { key: toHex(key), x, plaintext: toHex(plaintext), msg_key: expected },
          ),
        );
      }
    }
    // The KDF reads [x, 36+x) and [40+x, 76+x): 0..7 and 40..47 only for x=0; 36..43 and 76..83 only for x=8.
    for (const [from, to] of [
      [0, 8],
      [36, 40],
      [44, 48],
      [76, 84],
      [84, 88],
      [128, 256],
    ] as const) {
      const key = varyKey(base, from, to);
      for (const x of X_VALUES) {
        const expected = kdfOf(key, msgKey, x);
        const used = overlaps(KDF_RANGES[x]!, from, to);
        const same = expected.aes_key === baseKdf[x]!.aes_key && expected.aes_iv === baseKdf[x]!.aes_iv;
        if (same === used)
          throw new Error(
            `mtproto2: reference KDF does not follow R2.2 for bytes ${from}..${to - 1}, x=${x}`,
          );
        const high = from === 128;
        rangeKdf.push(
          valid(
            `range-bytes-${from}-${to - 1}-x${x}`,
            `K with bytes ${from}..${to - 1} complemented, x=${x}: ` +
              (used
                ? 'x reads them, aes_key/aes_iv differ from K'
                : "x doesn't read them, aes_key/aes_iv equal K's"),
            [high ? 'KeyHighHalfUnused' : 'KeyRange'],
            { key: toHex(key), msg_key: toHex(msgKey), x, ...expected },
          ),
        );
      }
    }
  }

  // Malformed arguments: bad_input.
  const badMsgKey: DraftTest[] = [];
  const badKdf: DraftTest[] = [];
  {
    const key = rng(256);
    const plaintext = rng(32);
    const msgKey = rng(16);
    for (const length of [255, 257]) {
      const k = toHex(length < 256 ? key.slice(0, length) : new Uint8Array([...key, ...rng(1)]));
      badMsgKey.push({
        key: `key-${length}`,
        comment: `a ${length}-byte key`,
        flags: ['WrongKeyLength'],
        result: 'invalid',
        fields: { key: k, x: 0, plaintext: toHex(plaintext) },
      });
      badKdf.push({
        key: `key-${length}`,
        comment: `a ${length}-byte key`,
        flags: ['WrongKeyLength'],
        result: 'invalid',
        fields: { key: k, msg_key: toHex(msgKey), x: 0 },
      });
    }
    for (const x of [1, 4, 16]) {
      badMsgKey.push({
        key: `x-${x}`,
        comment: `x=${x}: only 0 and 8 exist`,
        flags: ['WrongKeyOffset'],
        result: 'invalid',
        fields: { key: toHex(key), x, plaintext: toHex(plaintext) },
      });
      badKdf.push({
        key: `x-${x}`,
        comment: `x=${x}: only 0 and 8 exist`,
        flags: ['WrongKeyOffset'],
        result: 'invalid',
        fields: { key: toHex(key), msg_key: toHex(msgKey), x },
      });
    }
    for (const length of [15, 17]) {
      badKdf.push({
        key: `msg-key-${length}`,
        comment: `a ${length}-byte msg_key`,
        flags: ['WrongMsgKeyLength'],
        result: 'invalid',
        fields: { key: toHex(key), msg_key: toHex(rng(length)), x: 0 },
      });
    }
  }

  return {
    kdfSource: kdfPeers.source,
    msgSource: msgPeers.source,
    groups: [
      { ...MSG_KEY, source: msgPeers.source, tests: knownMsgKey },
      { ...KDF, source: kdfPeers.source, tests: knownKdf },
      { ...MSG_KEY, tests: [...genMsgKey, ...rangeMsgKey] },
      { ...KDF, tests: [...genKdf, ...rangeKdf] },
      { ...MSG_KEY, error: 'bad_input', tests: badMsgKey },
      { ...KDF, error: 'bad_input', tests: badKdf },
    ],
  };
}

// GramJS's KDF is async and cross-checkers are synchronous: its answers are computed once, when this
// module loads, for every valid KDF input of the generation from the default seed.
const kdfInput = (t: DraftTest): string =>
  `${String(t.fields.key)}|${String(t.fields.msg_key)}|${String(t.fields.x)}`;
const GRAMJS_KDF = new Map<string, string>();
for (const group of drafts(createContext()).groups) {
  if (group.op !== KDF.op) continue;
  for (const t of group.tests) {
    if (t.result !== 'valid') continue;
    const r = await gramjsKdf(
      fromHex(t.fields.key as string),
      fromHex(t.fields.msg_key as string),
      t.fields.x as 0 | 8,
    );
    GRAMJS_KDF.set(kdfInput(t), toHex(r.aesKey) + toHex(r.aesIv));
  }
}

type Kdf = (key: Uint8Array, msgKey: Uint8Array, x: 0 | 8) => { aesKey: Uint8Array; aesIv: Uint8Array };

function kdfChecker(implementation: string, kdf: Kdf): CrossChecker {
  return {
    implementation,
    covers: 'mtproto2.kdf, every valid test',
    check(group, t) {
      if (group.op !== KDF.op || t.result !== 'valid') return 'skip';
      const r = kdf(
        fromHex(t.fields.key as string),
        fromHex(t.fields.msg_key as string),
        t.fields.x as 0 | 8,
      );
      return toHex(r.aesKey) === t.fields.aes_key && toHex(r.aesIv) === t.fields.aes_iv;
    },
  };
}

const gramjsChecker: CrossChecker = {
  implementation: `${GRAMJS} (MTProtoState._calcKey)`,
  covers: 'mtproto2.kdf, every valid test',
  check(group, t) {
    if (group.op !== KDF.op || t.result !== 'valid') return 'skip';
    const got = GRAMJS_KDF.get(kdfInput(t));
    if (got === undefined) throw new Error(`mtproto2: no GramJS answer computed for ${t.key}`);
    return got === `${String(t.fields.aes_key)}${String(t.fields.aes_iv)}`;
  },
};

/** The oracle recomputes every valid test and must refuse every malformed one (it throws RangeError). */
const oracleChecker: CrossChecker = {
  implementation: 'node:crypto oracle (SHA-256 of node:crypto, @conform/oracles oracleMsgKey/oracleKdf)',
  covers: 'mtproto2.msg_key and mtproto2.kdf: every valid test recomputed, every invalid test refused',
  check(group, t) {
    const key = fromHex(t.fields.key as string);
    const x = t.fields.x as number;
    try {
      if (group.op === MSG_KEY.op) {
        const got = toHex(oracleMsgKey(key, x, fromHex(t.fields.plaintext as string)));
        return t.result === 'valid' && got === t.fields.msg_key;
      }
      const r = oracleKdf(key, fromHex(t.fields.msg_key as string), x);
      return (
        t.result === 'valid' && toHex(r.aesKey) === t.fields.aes_key && toHex(r.aesIv) === t.fields.aes_iv
      );
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return t.result === 'invalid';
    }
  },
};

export function mtproto2Area(ctx: GenerationContext): Area {
  const { groups } = drafts(ctx);
  // The reference must refuse every malformed argument (the protocol's bad_input).
  for (const g of groups) {
    if (g.error === undefined) continue;
    for (const t of g.tests) {
      const key = fromHex(t.fields.key as string);
      let threw = false;
      try {
        const sender = senderForKeyOffset(t.fields.x as number);
        if (g.op === MSG_KEY.op) computeMsgKey(key, sender, fromHex(t.fields.plaintext as string));
        else deriveMessageKeys(key, sender, fromHex(t.fields.msg_key as string));
      } catch {
        threw = true;
      }
      if (!threw) throw new Error(`mtproto2: the reference accepts malformed ${g.op} ${t.key}`);
    }
  }
  return {
    file: 'mtproto2_test.json',
    algorithm: 'MTProto 2.0 msg_key and KDF',
    schema: 'mtproto2_test_schema_v1.json',
    header: [
      'msg_key = SHA256(substr(key, 88+x, 32) + plaintext)[8:24], over the whole plaintext with its padding (docs/spec.md R2.1, R2.4).',
      'aes_key and aes_iv from SHA256(msg_key + substr(key, x, 36)) and SHA256(substr(key, 40+x, 36) + msg_key) (R2.1).',
      "x is the sender's key offset: 0 from the chat creator, 8 from the other participant (R2.3); x is a JSON number.",
      "KeyRange/KeyHighHalfUnused tests come in sets over one base key K: a key differing from K only in bytes that x does not read (R2.2) must give exactly K's result, one differing in bytes x reads must not.",
      'Plaintexts are whole 16-byte blocks, as every protocol plaintext is; other lengths are not tested.',
      'Invalid tests must fail with error bad_input: key not 256 bytes, x not 0 or 8, msg_key not 16 bytes.',
    ],
    notes: {
      KnownAnswer: {
        bugType: 'KNOWN_ANSWER',
        description:
          'Published data: mtcute and GramJS KDF test suites, and the msg_key inside a grammers encrypt_client_data_v2 wire message.',
        rules: ['R2.1', 'R2.3'],
        links: [
          'https://github.com/mtcute/mtcute/blob/master/packages/core/src/utils/crypto/mtproto.test.ts',
          'https://github.com/gram-js/gramjs/blob/master/__tests__/crypto/calcKey.spec.ts',
          'https://github.com/Lonami/grammers/blob/master/lib/grammers-crypto/tests/lib.rs',
        ],
      },
      OneBlock: {
        bugType: 'EDGE_CASE',
        description: 'The shortest protocol plaintext, one 16-byte block.',
        rules: ['R2.1'],
      },
      Pseudorandom: {
        bugType: 'BASIC',
        description: 'Pseudorandom key and plaintext or msg_key, up to 4112 bytes of plaintext.',
        rules: ['R2.1'],
      },
      SenderOffset: {
        bugType: 'WRONG_PRIMITIVE',
        description:
          "The same inputs under x=0 and x=8: catches ignoring x, using the receiver's x, or taking x as 0/1 instead of 0/8.",
        rules: ['R2.1', 'R2.3'],
      },
      EdgeMsgKey: {
        bugType: 'EDGE_CASE',
        description: 'msg_key all zero or all 0xff bytes.',
        rules: ['R2.1'],
      },
      KeyRange: {
        bugType: 'WRONG_PRIMITIVE',
        description:
          'Keys differing from a base key only at the edge of a range x reads (or just outside it): catches off-by-one or swapped offsets in substr(key, 88+x, 32), substr(key, x, 36), substr(key, 40+x, 36).',
        rules: ['R2.1', 'R2.2'],
      },
      KeyHighHalfUnused: {
        bugType: 'WRONG_PRIMITIVE',
        description:
          'A key differing only in bytes 128..255 gives the same result for both x: those bytes never take part.',
        rules: ['R2.2'],
      },
      WrongKeyLength: {
        bugType: 'MALFORMED_INPUT',
        description:
          'The chat key is exactly 256 bytes (R4.7); 255 or 257 must be refused, not padded or cut.',
        rules: ['R2.1', 'R4.7'],
      },
      WrongKeyOffset: {
        bugType: 'MALFORMED_INPUT',
        description: 'x is 0 or 8 and nothing else; 1 (a role bit), 4 and 16 must be refused.',
        rules: ['R2.3'],
      },
      WrongMsgKeyLength: {
        bugType: 'MALFORMED_INPUT',
        description: 'msg_key is exactly 16 bytes.',
        rules: ['R2.1'],
      },
    },
    groups,
    crossCheckers: [
      oracleChecker,
      gramjsChecker,
      kdfChecker(`${MTCUTE} (createAesIgeForMessage)`, mtcuteKdf),
    ],
  };
}
