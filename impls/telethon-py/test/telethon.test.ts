// The Telethon adapter as a checked contract: the vectors Telethon fails are exactly the findings of
// impls/THIRD-PARTY.md, nothing errors, and at least MIN_PASS vectors pass. A Telethon release that
// changes behaviour (fixes a finding, or breaks something that passed) fails this test. Telethon is
// Debian's python3-telethon under /usr/bin/python3; where it is missing the test is skipped, except
// under CI (.ci/run installs it), where a skip would hide the contract.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { resolveImplSpec, runVectors, type RunReport } from '@conform/runner';
import { beforeAll, describe, expect, it } from 'vitest';

const here = join(import.meta.dirname, '..');
const PYTHON = '/usr/bin/python3';

const probe = spawnSync(PYTHON, ['-c', 'import telethon; print(telethon.__version__)'], { cwd: '/' });
const available = probe.status === 0;
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/** THIRD-PARTY.md, Telethon: the findings, one group per cause. */
const FINDINGS = [
  // do_authentication checks g only as 1 < g < p − 1, and p not at all (R4.2).
  ...[1, 4, 5, 18, 19, 20, 21, 22, 29, 30, 31, 33, 40, 41, 42, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54].map(
    (n) => `dh_params_test.json#${n}`,
  ),
  // The auth key is not left-padded to 256 bytes (R4.7).
  'dh_test.json#21',
  // A ciphertext that is not whole blocks aborts the process (R3.7 step 1, R3.10).
  ...[53, 65, 66, 67, 81, 92, 93, 94, 95].map((n) => `e2e_decrypt_test.json#${n}`),
];
/** 245 at Telethon 1.25.1 (81 of them bad_input answers of the adapter's argument checks). */
const MIN_PASS = 235;
const OPS = [
  'hello',
  'ige.encrypt',
  'ige.decrypt',
  'mtproto2.msg_key',
  'mtproto2.kdf',
  'e2e.encrypt',
  'e2e.decrypt',
  'dh.check_params',
  'dh.check_public',
  'dh.public',
  'dh.key',
  'key.fingerprint',
  'bench',
];

const idOf = (r: RunReport['results'][number]) => `${r.file}#${r.tcId}`;

describe('Telethon', () => {
  // Skipped only off CI with Telethon missing; under CI a missing Telethon fails here.
  it.skipIf(!available && !ci)('is importable by /usr/bin/python3 (apt-get install python3-telethon)', () => {
    expect(available, probe.stderr.toString()).toBe(true);
  });
});

describe.runIf(available)('conform run impls/telethon-py', () => {
  let report: RunReport;

  beforeAll(async () => {
    report = await runVectors(resolveImplSpec(here));
  }, 300_000);

  it('runs Telethon itself (1.25.1, IGE through libssl) with the ops it offers', () => {
    expect(report.implementation.hello?.name).toBe('Telethon');
    expect(report.implementation.hello?.version).toBe('1.25.1 (IGE: libssl)');
    expect(report.implementation.hello?.ops).toEqual(OPS);
  });

  it('fails exactly the vectors of the findings', () => {
    const failing = report.results.filter((r) => r.outcome === 'fail').map(idOf);
    expect(failing.sort()).toEqual([...FINDINGS].sort());
  });

  it('has no error outcome and ran to the end', () => {
    expect(report.results.filter((r) => r.outcome === 'error').map(idOf)).toEqual([]);
    expect(report.stopped).toBeUndefined();
    expect(report.summary.notRun).toBe(0);
    expect(report.exitCode).toBe(1); // the findings are mismatches
  });

  it(`passes at least ${MIN_PASS} vectors`, () => {
    expect(report.summary.pass).toBeGreaterThanOrEqual(MIN_PASS);
  });

  it('answers malformed lines and ops Telethon lacks, then exits 0 when stdin closes', async () => {
    const child = spawn(PYTHON, ['telethon_adapter.py'], { cwd: here, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.end(
      ['{"id": 0, "op":', '{"id":1,"op":"hello","protocol":2}', '{"id":2,"op":"key.visual","key":""}'].join(
        '\n',
      ) + '\n',
    );
    const code = await new Promise((resolve) => child.on('close', resolve));
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.id, l.ok, l.error])).toEqual([
      [null, false, 'bad_request'],
      [1, false, 'unsupported'],
      [2, false, 'unsupported'],
    ]);
    expect(code).toBe(0);
  });
});
