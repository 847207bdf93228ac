// `npm test` for the fuzz targets without the native fuzzer: every corpus file and every saved
// finding goes through its target function, which throws on anything other than the exceptions the
// target allows (src/finding.ts). A finding saved under findings/<target>/ stays red until the
// reference is fixed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectOutcome, InvariantViolation } from '../src/finding.js';
import { MAX_OPS, realMessages, run } from '../src/targets/chat-receive.js';
import { TARGET_NAMES, TARGETS } from '../src/targets/index.js';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');

function inputs(kind: 'corpus' | 'findings', target: string): string[] {
  const dir = join(PACKAGE, kind, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .sort()
    .map((f) => join(dir, f));
}

function replay(target: (typeof TARGET_NAMES)[number], files: readonly string[]): string[] {
  const failures: string[] = [];
  for (const file of files) {
    try {
      TARGETS[target](new Uint8Array(readFileSync(file)));
    } catch (error) {
      const e = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      failures.push(`${file.slice(PACKAGE.length + 1)}: ${e}`);
    }
  }
  return failures;
}

describe.each(TARGET_NAMES)('%s', (target) => {
  it('has a committed seed corpus (tens of files)', () => {
    expect(inputs('corpus', target).length).toBeGreaterThanOrEqual(10);
  });

  it('replays its corpus without an unexpected exception', () => {
    expect(replay(target, inputs('corpus', target))).toEqual([]);
  });

  it('replays its saved findings without an unexpected exception', () => {
    expect(replay(target, inputs('findings', target))).toEqual([]);
  });

  it('accepts the empty input and 4 KiB of 0xff', () => {
    expect(replay(target, [])).toEqual([]);
    expect(() => TARGETS[target](new Uint8Array(0))).not.toThrow();
    expect(() => TARGETS[target](new Uint8Array(4096).fill(0xff))).not.toThrow();
  });
});

describe('the harness itself', () => {
  it('expectOutcome rethrows what is not allowed and flags misuse that returned', () => {
    expect(() => expectOutcome('t', 'none', () => JSON.parse('{'))).toThrow(SyntaxError);
    expect(() => expectOutcome('t', 'RangeError', () => [].length.toFixed(200))).not.toThrow();
    expect(() =>
      expectOutcome('t', 'TypeError', () => {
        throw new RangeError('x');
      }),
    ).toThrow(RangeError);
    expect(() => expectOutcome('t', 'TypeError', () => 1)).toThrow(InvariantViolation);
  });

  it('chat-receive: a fresh chat fed the recorded messages in order delivers all of them (each side, each profile)', () => {
    for (const role of ['participant', 'creator'] as const) {
      const count = realMessages(role).length;
      expect(count).toBeGreaterThanOrEqual(6);
      expect(count).toBeLessThanOrEqual(MAX_OPS);
      for (const profile of [0, 1, 2]) {
        const program = Uint8Array.of(
          (role === 'creator' ? 1 : 0) | (profile << 1),
          ...[...Array(count).keys()].map((i) => 1 | (i << 3)),
        );
        expect(run(program).map((r) => r.status)).toEqual(Array(count).fill('delivered'));
      }
    }
  });
});
