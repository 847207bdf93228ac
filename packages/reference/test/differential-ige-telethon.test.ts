// R1.2 against Telethon, in python. The seed's cases are generated up front (fc.sample) and sent in
// ONE batch to ONE python process; the reference then runs on the same cases here. Two of Telethon's
// IGE backends are checked: its default on this system (OpenSSL through ctypes; cryptg is absent) and
// its own pure-Python loop over pyaes, which shares no code with OpenSSL. The pure-Python loop needs
// ~4 ms per KiB, so its cases stop at 1 KiB; chaining errors show within the first blocks anyway.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { igeDecrypt, igeEncrypt } from '../src/ige.js';
import { runTelethon, type TelethonIgeBackend, type TelethonOp } from '@conform/oracles';
import { chooseSeed, propertyRuns } from './support/seed.js';

// Native hex: fast enough for megabytes, and a mismatch still prints a readable diff.
const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const seed = chooseSeed();
const numRuns = propertyRuns(1000);
const mustRun = process.env.CI !== undefined && process.env.CI !== ''; // CI installs python3-telethon

interface IgeCase {
  key: Uint8Array;
  iv: Uint8Array;
  data: Uint8Array;
}
const igeCase = (maxBlocks: number): fc.Arbitrary<IgeCase> =>
  fc.record({
    key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    iv: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    data: fc
      .integer({ min: 0, max: maxBlocks })
      .chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n })),
  });

const backends = [
  {
    backend: 'libssl',
    what: 'OpenSSL AES_ige_encrypt via ctypes',
    cases: fc.sample(igeCase(256), { seed, numRuns }),
  },
  {
    backend: 'python',
    what: 'its pure-Python IGE over pyaes',
    cases: fc.sample(igeCase(64), { seed, numRuns }),
  },
] satisfies { backend: TelethonIgeBackend; what: string; cases: IgeCase[] }[];
const directions = [
  { op: 'ige_encrypt', name: 'encrypt', reference: igeEncrypt },
  { op: 'ige_decrypt', name: 'decrypt', reference: igeDecrypt },
] as const;

const ops: TelethonOp[] = backends.flatMap(({ backend, cases }) =>
  directions.flatMap(({ op }) => cases.map((c) => ({ op, backend, ...c }))),
);
const started = Date.now();
const telethon = await runTelethon(ops);
console.log(`Telethon batch of ${ops.length} IGE ops took ${Date.now() - started} ms`);
if (!telethon.available)
  console.log(`Telethon IGE tests ${mustRun ? 'FAIL (CI)' : 'skipped'}: ${telethon.reason}`);
const peer = telethon.available ? `Telethon ${telethon.version}` : 'Telethon';

describe.skipIf(!telethon.available && !mustRun)(`AES-256-IGE vs ${peer} (Debian python3-telethon)`, () => {
  let next = 0; // results come back in the order the ops were sent
  for (const { backend, what, cases } of backends) {
    for (const { name, reference } of directions) {
      const first = next;
      next += cases.length;
      it(`IGE ${name} agrees with ${peer}, ${what} (R1.2)`, () => {
        console.log(
          `${expect.getState().currentTestName}: seed=${seed} numRuns=${numRuns} (replay with FC_SEED=${seed})`,
        );
        if (!telethon.available)
          throw new Error(`Telethon is required under CI but unavailable: ${telethon.reason}`);
        const results = telethon.results.slice(first, first + cases.length);
        expect(results).toHaveLength(numRuns);
        cases.forEach(({ key, iv, data }, i) => {
          const result = results[i]!;
          if (!('out' in result))
            throw new Error(`case #${i}: unexpected Telethon result ${JSON.stringify(result)}`);
          const ours = toHex(reference(key, iv, data));
          const theirs = toHex(result.out);
          if (ours !== theirs) {
            // Only on a mismatch: name the inputs so the case can be rerun by hand.
            const inputs = `key=${toHex(key)} iv=${toHex(iv)} data=${toHex(data)}`;
            expect(theirs, `${backend} case #${i} (seed ${seed}): ${inputs}`).toBe(ours);
          }
        });
      });
    }
  }
});
