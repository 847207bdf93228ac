// Which vectors a run or a listing covers: --suite (file stems), --filter, --shard K/N.
import {
  listVectorFiles,
  loadVectorFile,
  type VectorFile,
  type VectorGroup,
  type VectorTest,
} from '@conform/vectors';
import { ConfigError } from './errors.js';

export interface SelectedTest {
  /** The vector file name, e.g. `ige_test.json`. */
  readonly file: string;
  readonly vectors: VectorFile;
  readonly group: VectorGroup;
  readonly test: VectorTest;
}

export interface Selection {
  /** File stems (`ige`, `e2e_decrypt`); all files when empty or absent. */
  readonly suites?: readonly string[];
  /** A substring (case-insensitive) of `file#tcId comment`, or `/regex/flags`. */
  readonly filter?: string;
  readonly shard?: Shard;
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export const suiteOf = (file: string): string => file.replace(/_test\.json$/, '');

/** The name a test is filtered and reported by: `ige_test.json#12`. */
export const testName = (file: string, tcId: number): string => `${file}#${tcId}`;

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new ConfigError(`--shard expects K/N with 1 <= K <= N, got "${text}"`);
  }
  return { index, count };
}

export function parseFilter(text: string): (name: string) => boolean {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (m) {
    let re: RegExp;
    try {
      re = new RegExp(m[1]!, m[2]);
    } catch (error) {
      throw new ConfigError(`--filter: invalid regular expression ${text}: ${(error as Error).message}`);
    }
    return (name) => re.test(name);
  }
  const needle = text.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}

export function availableSuites(): string[] {
  return listVectorFiles().map(suiteOf);
}

export function selectTests(selection: Selection = {}): SelectedTest[] {
  const files = listVectorFiles();
  const suites = selection.suites ?? [];
  const known = new Set(files.map(suiteOf));
  const unknown = suites.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new ConfigError(`unknown suite ${unknown.join(', ')}; available: ${[...known].join(', ')}`);
  }
  const match = selection.filter !== undefined ? parseFilter(selection.filter) : () => true;
  const out: SelectedTest[] = [];
  for (const file of files) {
    if (suites.length > 0 && !suites.includes(suiteOf(file))) continue;
    const vectors = loadVectorFile(file);
    for (const group of vectors.testGroups) {
      for (const test of group.tests) {
        if (match(`${testName(file, test.tcId)} ${test.comment}`)) out.push({ file, vectors, group, test });
      }
    }
  }
  const shard = selection.shard;
  return shard ? out.filter((_, i) => i % shard.count === shard.index - 1) : out;
}
