// R2.1/R2.3: msg_key. The oracle computes it directly; no third party exports a bare msg_key function,
// so their cloud MTProto 2.0 message code is used as the witness instead (same formula, auth key in
// place of the chat key, spec §10):
// - x=0: the peer encrypts a client→server message and writes its own msg_key. The reference must
//   open it (KDF + IGE decrypt recover salt ‖ session_id ‖ data) and recompute the same msg_key.
// - x=8: the reference builds a server→client message. The peer recomputes msg_key and must accept
//   it; with one msg_key bit flipped it must reject it for that reason (so acceptance means something).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { igeDecrypt, igeEncrypt } from '../src/ige.js';
import { deriveMessageKeys } from '../src/kdf.js';
import { computeMsgKey } from '../src/msg-key.js';
import {
  oracleMsgKey,
  GRAMJS,
  GRAMJS_MSG_KEY_REJECTION,
  gramjsDecryptServerMessage,
  gramjsEncryptClientMessage,
  MTCUTE,
  MTCUTE_MSG_KEY_REJECTION,
  mtcuteDecryptServerMessage,
  mtcuteEncryptClientMessage,
  runTelethon,
  TELETHON_MSG_KEY_REJECTION,
  type TelethonOp,
} from '@conform/oracles';
import { chooseSeed, propertyRuns, seededParams } from './support/seed.js';

const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const seed = chooseSeed();
const numRuns = propertyRuns(1000);
const mustRun = process.env.CI !== undefined && process.env.CI !== ''; // CI installs python3-telethon
const params = () => seededParams(seed, numRuns);

const bytes = (length: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: length, maxLength: length });
const cat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
/** auth_key_id = SHA1(key)[12:20]: framing, computed here rather than by the code under test. */
const keyId = (key: Uint8Array): Uint8Array =>
  new Uint8Array(createHash('sha1').update(key).digest()).slice(12, 20);

describe('msg_key vs the node:crypto oracle', () => {
  const msgKeyCase = fc.record({ key: bytes(256), plaintext: fc.uint8Array({ maxLength: 4096 }) });
  for (const [x, sender] of [
    [0, 'creator'],
    [8, 'participant'],
  ] as const) {
    it(`msg_key x=${x} (${sender}) agrees with the node:crypto oracle (R2.1, R2.3)`, () => {
      fc.assert(
        fc.property(msgKeyCase, ({ key, plaintext }) => {
          expect(toHex(computeMsgKey(key, sender, plaintext))).toBe(toHex(oracleMsgKey(key, x, plaintext)));
        }),
        params(),
      );
    });
  }
});

// x=0: what a peer encrypts, the reference must open and re-derive the msg_key of.
interface ClientCase {
  key: Uint8Array;
  salt: Uint8Array;
  sessionId: Uint8Array;
  data: Uint8Array;
}
const clientCase: fc.Arbitrary<ClientCase> = fc.record({
  key: bytes(256),
  salt: bytes(8),
  sessionId: bytes(8),
  data: fc.uint8Array({ maxLength: 2048 }),
});

function expectReferenceOpens(
  { key, salt, sessionId, data }: ClientCase,
  wire: Uint8Array,
  label: string,
): void {
  expect(toHex(wire.subarray(0, 8)), `${label}: auth_key_id`).toBe(toHex(keyId(key)));
  const msgKey = wire.slice(8, 24);
  const { aesKey, aesIv } = deriveMessageKeys(key, 'creator', msgKey);
  const plaintext = igeDecrypt(aesKey, aesIv, wire.subarray(24));
  const header = cat(salt, sessionId, data);
  expect(toHex(plaintext.subarray(0, header.length)), `${label}: recovered plaintext`).toBe(toHex(header));
  expect(toHex(computeMsgKey(key, 'creator', plaintext)), `${label}: msg_key`).toBe(toHex(msgKey));
}

// x=8: a server→client message built entirely by the reference. The body is bad_msg_notification
// (#a7eff811 bad_msg_id:long bad_msg_seqno:int error_code:int), a TL object every peer can parse and
// one for which Telethon skips its msg_id clock check. msg_id is odd, as server msg_ids are.
interface ServerCase {
  key: Uint8Array;
  salt: Uint8Array;
  sessionId: Uint8Array;
  msgId: Uint8Array;
  seqNo: Uint8Array;
  fields: Uint8Array;
  padding: Uint8Array;
  flipBit: number;
}
const serverCase: fc.Arbitrary<ServerCase> = fc.record({
  key: bytes(256),
  salt: bytes(8),
  sessionId: bytes(8),
  msgId: bytes(8).map((b) => b.map((v, i) => (i === 0 ? v | 1 : v))),
  seqNo: bytes(4),
  fields: bytes(16),
  // 52 bytes of header and body + 12..1020 bytes of padding: a whole number of blocks (R3.4's range).
  padding: fc.integer({ min: 0, max: 63 }).chain((k) => bytes(12 + 16 * k)),
  flipBit: fc.integer({ min: 0, max: 127 }),
});

function buildServerMessage(c: ServerCase): { wire: Uint8Array; flipped: Uint8Array; msgId: bigint } {
  const body = cat(Uint8Array.of(0x11, 0xf8, 0xef, 0xa7), c.fields);
  const length = Uint8Array.of(body.length, 0, 0, 0);
  const plaintext = cat(c.salt, c.sessionId, c.msgId, c.seqNo, length, body, c.padding);
  const msgKey = computeMsgKey(c.key, 'participant', plaintext);
  const { aesKey, aesIv } = deriveMessageKeys(c.key, 'participant', msgKey);
  const wire = cat(keyId(c.key), msgKey, igeEncrypt(aesKey, aesIv, plaintext));
  const flipped = wire.slice();
  flipped[8 + (c.flipBit >> 3)]! ^= 1 << (c.flipBit & 7);
  const msgId = new DataView(c.msgId.buffer, c.msgId.byteOffset, 8).getBigInt64(0, true);
  return { wire, flipped, msgId };
}

type Verdict = { ok: true; msgId: bigint } | { ok: false; reason: string };
function expectVerdicts(c: ServerCase, good: Verdict, bad: Verdict, rejection: RegExp, label: string): void {
  const { msgId } = buildServerMessage(c);
  expect(good, `${label}: the reference's message`).toEqual({ ok: true, msgId });
  expect(bad.ok, `${label}: msg_key bit ${c.flipBit} flipped`).toBe(false);
  if (!bad.ok) expect(bad.reason, `${label}: rejection reason`).toMatch(rejection);
}

interface Peer {
  name: string;
  encrypt: (
    key: Uint8Array,
    salt: Uint8Array,
    sessionId: Uint8Array,
    data: Uint8Array,
  ) => Uint8Array | Promise<Uint8Array>;
  decrypt: (key: Uint8Array, sessionId: Uint8Array, wire: Uint8Array) => Verdict | Promise<Verdict>;
  rejection: RegExp;
}
const inProcessPeers: Peer[] = [
  {
    name: `${GRAMJS} MTProtoState`,
    encrypt: gramjsEncryptClientMessage,
    decrypt: gramjsDecryptServerMessage,
    rejection: GRAMJS_MSG_KEY_REJECTION,
  },
  {
    name: `${MTCUTE} AuthKey`,
    encrypt: mtcuteEncryptClientMessage,
    decrypt: mtcuteDecryptServerMessage,
    rejection: MTCUTE_MSG_KEY_REJECTION,
  },
];

describe.each(inProcessPeers)('msg_key vs $name', ({ name, encrypt, decrypt, rejection }) => {
  it(`msg_key x=0 (creator): the reference opens ${name} client messages and recomputes their msg_key (R2.1)`, async () => {
    await fc.assert(
      fc.asyncProperty(clientCase, async (c) => {
        expectReferenceOpens(c, await encrypt(c.key, c.salt, c.sessionId, c.data), name);
      }),
      params(),
    );
  });

  it(`msg_key x=8 (participant): ${name} accepts reference-built messages, rejects a flipped msg_key bit (R2.1)`, async () => {
    await fc.assert(
      fc.asyncProperty(serverCase, async (c) => {
        const { wire, flipped } = buildServerMessage(c);
        const [good, bad] = [
          await decrypt(c.key, c.sessionId, wire),
          await decrypt(c.key, c.sessionId, flipped),
        ];
        expectVerdicts(c, good, bad, rejection, name);
      }),
      params(),
    );
  });
});

// Telethon runs in python: the seed's cases (and the reference-built wires) are made up front and
// sent in one batch: numRuns encryptions, then numRuns good and numRuns flipped decryptions.
const clientCases = fc.sample(clientCase, { seed, numRuns });
const serverCases = fc.sample(serverCase, { seed, numRuns });
const ops: TelethonOp[] = [
  ...clientCases.map((c) => ({ op: 'encrypt_message' as const, ...c })),
  ...[false, true].flatMap((flip) =>
    serverCases.map((c) => {
      const { wire, flipped } = buildServerMessage(c);
      return {
        op: 'decrypt_message' as const,
        key: c.key,
        sessionId: c.sessionId,
        wire: flip ? flipped : wire,
      };
    }),
  ),
];
const telethon = await runTelethon(ops);
if (!telethon.available)
  console.log(`Telethon msg_key tests ${mustRun ? 'FAIL (CI)' : 'skipped'}: ${telethon.reason}`);
const peer = telethon.available ? `Telethon ${telethon.version} MTProtoState` : 'Telethon';

function telethonResults(): typeof telethon & { available: true } {
  if (!telethon.available)
    throw new Error(`Telethon is required under CI but unavailable: ${telethon.reason}`);
  expect(telethon.results).toHaveLength(3 * numRuns);
  return telethon;
}

describe.skipIf(!telethon.available && !mustRun)(`msg_key vs ${peer} (Debian python3-telethon)`, () => {
  it(`msg_key x=0 (creator): the reference opens ${peer} client messages and recomputes their msg_key (R2.1)`, () => {
    params();
    const { results } = telethonResults();
    clientCases.forEach((c, i) => {
      const result = results[i]!;
      if (!('wire' in result))
        throw new Error(`case #${i}: unexpected Telethon result ${JSON.stringify(result)}`);
      expectReferenceOpens(c, result.wire, `${peer} case #${i} (seed ${seed})`);
    });
  });

  it(`msg_key x=8 (participant): ${peer} accepts reference-built messages, rejects a flipped msg_key bit (R2.1)`, () => {
    params();
    const { results } = telethonResults();
    serverCases.forEach((c, i) => {
      const [good, bad] = [results[numRuns + i]!, results[2 * numRuns + i]!];
      if (!('ok' in good) || !('ok' in bad)) throw new Error(`case #${i}: unexpected Telethon results`);
      expectVerdicts(c, good, bad, TELETHON_MSG_KEY_REJECTION, `${peer} case #${i} (seed ${seed})`);
    });
  });
});
