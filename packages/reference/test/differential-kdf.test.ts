// R2.1/R2.3: the reference's aes_key/aes_iv derivation must agree with an independent oracle and with
// the KDF of every third party we can run, for both senders (x=0 creator, x=8 participant), on random
// 256-byte keys and random msg_keys. The peers' cloud KDF is the same function with `client` ⇔ x=0.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveMessageKeys } from '../src/kdf.js';
import { senderForKeyOffset } from '../src/role.js';
import {
  oracleKdf,
  GRAMJS,
  gramjsKdf,
  MTCUTE,
  mtcuteKdf,
  runTelethon,
  type TelethonOp,
} from '@conform/oracles';
import { chooseSeed, propertyRuns, seededParams } from './support/seed.js';

const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const seed = chooseSeed();
const numRuns = propertyRuns(1000);
const mustRun = process.env.CI !== undefined && process.env.CI !== ''; // CI installs python3-telethon
const params = () => seededParams(seed, numRuns);

type Keys = { aesKey: Uint8Array; aesIv: Uint8Array };
type Kdf = (key: Uint8Array, msgKey: Uint8Array, x: 0 | 8) => Keys | Promise<Keys>;
const kdfCase = fc.record({
  key: fc.uint8Array({ minLength: 256, maxLength: 256 }),
  msgKey: fc.uint8Array({ minLength: 16, maxLength: 16 }),
});
const offsets = [0, 8] as const;
const reference = (key: Uint8Array, msgKey: Uint8Array, x: 0 | 8): string[] => {
  const { aesKey, aesIv } = deriveMessageKeys(key, senderForKeyOffset(x), msgKey);
  return [toHex(aesKey), toHex(aesIv)];
};

const inProcessPeers: [string, Kdf][] = [
  ['the node:crypto oracle', oracleKdf],
  [`${GRAMJS} MTProtoState._calcKey`, gramjsKdf],
  [`${MTCUTE} createAesIgeForMessage (spied createAesIge)`, mtcuteKdf],
];

describe.each(inProcessPeers)('MTProto 2.0 KDF vs %s', (peer, peerKdf) => {
  for (const x of offsets) {
    it(`KDF x=${x} (${senderForKeyOffset(x)}) agrees with ${peer} (R2.1, R2.3)`, async () => {
      await fc.assert(
        fc.asyncProperty(kdfCase, async ({ key, msgKey }) => {
          const theirs = await peerKdf(key, msgKey, x);
          expect(reference(key, msgKey, x)).toEqual([toHex(theirs.aesKey), toHex(theirs.aesIv)]);
        }),
        params(),
      );
    });
  }
});

// Telethon runs in python: the seed's cases are generated up front and sent in one batch.
const cases = fc.sample(kdfCase, { seed, numRuns });
const ops: TelethonOp[] = offsets.flatMap((x) =>
  cases.map(({ key, msgKey }) => ({ op: 'kdf' as const, key, msgKey, x })),
);
const telethon = await runTelethon(ops);
if (!telethon.available)
  console.log(`Telethon KDF tests ${mustRun ? 'FAIL (CI)' : 'skipped'}: ${telethon.reason}`);
const peer = telethon.available ? `Telethon ${telethon.version}` : 'Telethon';

describe.skipIf(!telethon.available && !mustRun)(
  `MTProto 2.0 KDF vs ${peer} (Debian python3-telethon)`,
  () => {
    offsets.forEach((x, slice) => {
      it(`KDF x=${x} (${senderForKeyOffset(x)}) agrees with ${peer} MTProtoState._calc_key (R2.1, R2.3)`, () => {
        params();
        if (!telethon.available)
          throw new Error(`Telethon is required under CI but unavailable: ${telethon.reason}`);
        const results = telethon.results.slice(slice * cases.length, (slice + 1) * cases.length);
        expect(results).toHaveLength(numRuns);
        cases.forEach(({ key, msgKey }, i) => {
          const result = results[i]!;
          if (!('aesKey' in result))
            throw new Error(`case #${i}: unexpected Telethon result ${JSON.stringify(result)}`);
          const theirs = [toHex(result.aesKey), toHex(result.aesIv)];
          expect(theirs, `case #${i} (seed ${seed}): key=${toHex(key)} msgKey=${toHex(msgKey)}`).toEqual(
            reference(key, msgKey, x),
          );
        });
      });
    });
  },
);
