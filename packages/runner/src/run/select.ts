// Which vectors a run or a listing covers: --suite (file stems), --filter, --shard K/N.
import {
  listVectorFiles,
  loadVectorFile,
  type VectorFile,
  type VectorGroup,
  type VectorTest,
} from '@conform/vectors';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { verifyVectorFiles } from '../vectors-verify.js';
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
  /**
   * Vector files to run instead of the bundled ones (paths): regression files saved by
   * `conform fuzz --save`, or a suite of one's own in the same format. Checked by `vectors verify`'s rules first.
   */
  readonly vectorFiles?: readonly string[];
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
  const paths = selection.vectorFiles ?? [];
  const own = new Map<string, VectorFile>();
  for (const path of paths) {
    const [verdict] = verifyVectorFiles([path]);
    if (verdict!.problems.length > 0)
      throw new ConfigError(
        `${path} is not a usable vector file: ${verdict!.problems.slice(0, 3).join('; ')}`,
      );
    own.set(basename(path), JSON.parse(readFileSync(path, 'utf8')) as VectorFile);
  }
  if (own.size !== paths.length) throw new ConfigError('two --vectors files have the same name');
  const files = paths.length > 0 ? [...own.keys()] : listVectorFiles();
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
    const vectors = own.get(file) ?? loadVectorFile(file);
    for (const group of vectors.testGroups) {
      for (const test of group.tests) {
        if (match(`${testName(file, test.tcId)} ${test.comment}`)) out.push({ file, vectors, group, test });
      }
    }
  }
  const shard = selection.shard;
  return shard ? out.filter((_, i) => i % shard.count === shard.index - 1) : out;
}
