// --compare on synthetic records: a slowdown beyond max(5 %, the two relative IQRs) is a regression,
// one within it is noise, a new refusal is a regression, and what cannot be compared is listed.
import { ConfigError } from '@conform/runner';
import { describe, expect, it } from 'vitest';
import { allowance, compareRecords, exitCodeOf, formatComparison, parseRecord } from '../src/index.js';
import { figure, implementation, record, refused, timed } from './synthetic.js';

/** Five samples with median `m` and quartiles at m·(1 ± spread/2): a relative IQR of `spread`. */
const around = (m: number, spread = 0) =>
  [1 - spread, 1 - spread / 2, 1, 1 + spread / 2, 1 + spread].map((f) => m * f);

describe('the allowance', () => {
  it('is 5 % for quiet samples and the sum of the relative IQRs for noisy ones', () => {
    expect(allowance(figure(around(1000), 16), figure(around(2000), 16))).toBe(0.05);
    expect(allowance(figure(around(1000, 0.1), 16), figure(around(1000, 0.08), 16))).toBeCloseTo(0.18, 9);
  });
});

describe('compareRecords', () => {
  const old = record([
    implementation('a', [
      timed('ige.encrypt/16', around(1000), around(5000)),
      timed('ige.encrypt/1024', around(1000, 0.2), around(5000)),
      timed('dh.key', null, around(1e6)),
      timed('e2e.encrypt/64', around(1000), around(5000)),
      timed('e2e.decrypt/64', around(1000), around(5000)),
    ]),
  ]);

  it('flags a slowdown beyond the allowance, and only that', () => {
    const now = record([
      implementation('a', [
        timed('ige.encrypt/16', around(1100), around(5000)), // +10 % > 5 %: regression
        timed('ige.encrypt/1024', around(1150, 0.2), around(5000)), // +15 % < 40 % of noise
        timed('dh.key', null, around(1.04e6)), // round trip only, +4 %: noise
        timed('e2e.encrypt/64', around(800), around(5000)), // faster
        refused('e2e.decrypt/64', 3), // timed before, refused now
        timed('mtproto2.kdf', around(10), around(50)), // new
      ]),
    ]);
    const c = compareRecords(old, now);
    expect(c.regressions.map((r) => [r.workload, r.figure])).toEqual([['ige.encrypt/16', 'in_process']]);
    expect(c.regressions[0]!.change).toBeCloseTo(0.1, 9);
    expect(c.improvements.map((r) => r.workload)).toEqual(['e2e.encrypt/64']);
    expect(c.refusals).toEqual([{ implementation: 'a', workload: 'e2e.decrypt/64' }]);
    expect(c.unchanged).toBe(2);
    expect(c.notCompared).toEqual(['a mtproto2.kdf: not in the old record']);
    const text = formatComparison(c, 'old.json');
    expect(text).toMatch(/REGRESSION a ige\.encrypt\/16 \(in-process\): 1 µs → 1\.1 µs \(\+10%/);
    expect(text).toMatch(/REGRESSION a e2e\.decrypt\/64: timed before, refused now/);
    expect(text).toMatch(/2 regression\(s\), 1 improvement\(s\), 2 within noise, 1 not compared/);
    expect(exitCodeOf(now, c)).toBe(1);
  });

  it('passes a run within noise, and says when machines or seeds differ', () => {
    const same = compareRecords(old, old);
    expect([same.regressions, same.improvements, same.refusals]).toEqual([[], [], []]);
    expect(same.unchanged).toBe(5);
    const elsewhere = { ...old, seed: 'other', machine: { ...old.machine, hostname: 'elsewhere' } };
    expect(compareRecords(old, elsewhere).warnings.join('\n')).toMatch(
      /different machines[\s\S]*different seeds/,
    );
    expect(exitCodeOf(old, same)).toBe(0);
  });

  it('compares round trips when one run has no in-process figure', () => {
    const now = record([implementation('a', [timed('ige.encrypt/16', null, around(6000))])]);
    const c = compareRecords(old, now);
    expect(c.regressions.map((r) => [r.workload, r.figure])).toEqual([['ige.encrypt/16', 'round_trip']]);
  });

  it('lists an implementation the old record does not have', () => {
    const c = compareRecords(old, record([implementation('b', [timed('dh.key', null, around(1))])]));
    expect(c.notCompared).toEqual(['b: not in the old record']);
  });
});

describe('parseRecord', () => {
  it('refuses what is not a bench record, as a usage error', () => {
    expect(() => parseRecord('{', 'x.json')).toThrow(ConfigError);
    expect(() => parseRecord('{"tool": "conform run"}', 'x.json')).toThrow(/not a conform bench record/);
    expect(parseRecord(JSON.stringify(record([])), 'x.json').tool).toBe('conform bench');
  });
});
