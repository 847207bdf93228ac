// The GramJS adapter as a checked contract: the vectors GramJS fails are exactly the findings of
// impls/THIRD-PARTY.md, nothing errors, and at least MIN_PASS vectors pass. A GramJS release that
// changes behaviour (fixes a finding, or breaks something that passed) fails this test.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { resolveImplSpec, runVectors, type RunReport } from '@conform/runner';
import { beforeAll, describe, expect, it } from 'vitest';

const here = join(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** THIRD-PARTY.md, GramJS: the auth key is not left-padded to 256 bytes (R4.7). */
const FINDINGS = ['dh_test.json#21'];
/** 198 at telegram@2.26.22 (81 of them bad_input answers of the adapter's argument checks). */
const MIN_PASS = 190;
const OPS = [
  'hello',
  'ige.encrypt',
  'ige.decrypt',
  'mtproto2.msg_key',
  'mtproto2.kdf',
  'e2e.encrypt',
  'e2e.decrypt',
  'dh.public',
  'dh.key',
  'key.fingerprint',
  'bench',
];

const idOf = (r: RunReport['results'][number]) => `${r.file}#${r.tcId}`;

let report: RunReport;

beforeAll(async () => {
  // conform.json starts dist/main.js: build it from the sources under test.
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: here, stdio: 'inherit' });
  report = await runVectors(resolveImplSpec(here));
}, 300_000);

describe('conform run impls/gramjs', () => {
  it('runs GramJS itself (telegram@2.26.22) with the ops it offers', () => {
    expect(report.implementation.hello?.name).toBe('GramJS');
    expect(report.implementation.hello?.version).toBe('telegram@2.26.22');
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
});

describe('the adapter process', () => {
  it('answers malformed lines and ops GramJS lacks, then exits 0 when stdin closes', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: here,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.end(
      [
        '{"id": 0, "op":',
        '{"id":1,"op":"hello","protocol":2}',
        '{"id":2,"op":"dh.check_params","p":"","g":3}',
      ].join('\n') + '\n',
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
