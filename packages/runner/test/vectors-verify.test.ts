// `conform vectors verify`: the bundled files pass, and each kind of damage to a copy is named.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VECTOR_FILES_DIR } from '@conform/vectors';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/run/errors.js';
import { selectTests } from '../src/run/select.js';
import { formatVerdicts, verifyVectorFiles } from '../src/vectors-verify.js';

describe('conform vectors verify', () => {
  it('passes every bundled file, chat transcripts included', () => {
    const verdicts = verifyVectorFiles();
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(verdicts.map((v) => v.file)).toContain('chat_test.json');
    // Every *_test.json of the directory is verified, none skipped.
    const n = readdirSync(VECTOR_FILES_DIR).filter((f) => f.endsWith('_test.json')).length;
    expect(n).toBeGreaterThanOrEqual(13);
    expect(formatVerdicts(verdicts)).toContain(`${n} files: ${n} ok, 0 with problems`);
  });

  it('names a duplicate tcId, a flag without a note, a wrong count and a schema violation', () => {
    const file = JSON.parse(readFileSync(join(VECTOR_FILES_DIR, 'ige_test.json'), 'utf8')) as {
      numberOfTests: number;
      testGroups: { tests: Record<string, unknown>[] }[];
    };
    const tests = file.testGroups[0]!.tests;
    tests[1]!['tcId'] = tests[0]!['tcId'];
    tests[2]!['flags'] = ['NoSuchFlag'];
    tests[3]!['key'] = 'not hex';
    file.numberOfTests += 1;
    const path = join(mkdtempSync(join(tmpdir(), 'conform-verify-')), 'ige_test.json');
    writeFileSync(path, JSON.stringify(file));
    const [verdict] = verifyVectorFiles([path]);
    const text = verdict!.problems.join('\n');
    expect(text).toMatch(/tcId used twice/);
    expect(text).toMatch(/flag NoSuchFlag has no note/);
    expect(text).toMatch(/numberOfTests is \d+, but it holds \d+ tests/);
    expect(text).toMatch(/^schema: \/testGroups\/0\/tests\/3\/key/m);
    writeFileSync(path, '{ not json');
    expect(verifyVectorFiles([path])[0]!.problems[0]).toMatch(/cannot read it as JSON/);
  });
});

describe('conform run --vectors FILE', () => {
  it('runs a file of one’s own instead of the bundled ones, and refuses a broken one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-own-'));
    const own = join(dir, 'regression_test.json');
    writeFileSync(own, readFileSync(join(VECTOR_FILES_DIR, 'ige_test.json')));
    const selected = selectTests({ vectorFiles: [own] });
    expect(new Set(selected.map((t) => t.file))).toEqual(new Set(['regression_test.json']));
    expect(selected.length).toBe(selectTests({ suites: ['ige'] }).length);
    const broken = join(dir, 'broken_test.json');
    writeFileSync(broken, '{"schema": "ige_test_schema_v1.json"}');
    expect(() => selectTests({ vectorFiles: [broken] })).toThrow(ConfigError);
  });
});
