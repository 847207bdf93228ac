// The native baselines: native/bench-native.c, built here with the Makefile beside it (cc, make,
// OpenSSL's headers) into packages/bench/.cache/native/, and run as a child process. OpenSSL EVP
// AES-256-CBC encryption in C, and AES-256-IGE encryption and decryption written with AES-NI
// intrinsics. What the machine lacks is skipped with a note, never an error. Like the
// implementations, each algorithm is checked against the reference (IGE) or node:crypto (CBC) before
// its figures are kept.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { igeDecrypt, igeEncrypt } from '@conform/reference';
import { cbcEncryptOnce } from './cbc-limit.js';
import { hex, seededRng } from './inputs.js';
import type { BaselineSeries, Baselines } from './record.js';
import { figureOf } from './stats.js';

const PACKAGE_DIR = join(import.meta.dirname, '..');
const NATIVE_DIR = join(PACKAGE_DIR, 'native');
const CACHE_DIR = join(PACKAGE_DIR, '.cache', 'native');

export const NATIVE_ALGOS: Readonly<Record<string, string>> = {
  'evp-aes-256-cbc': 'OpenSSL EVP AES-256-CBC encryption in C, one thread, a fresh key schedule a message',
  'aesni-ige-encrypt': 'AES-256-IGE encryption in C with AES-NI intrinsics (native/bench-native.c)',
  'aesni-ige-decrypt': 'AES-256-IGE decryption in C with AES-NI intrinsics (native/bench-native.c)',
};

export interface NativeOptions {
  readonly sizes: readonly number[];
  readonly timeMs: number;
  readonly minSamples: number;
  readonly seed: string;
  /** The CPU has AES-NI (record.machine.aes_ni). */
  readonly aesNi: boolean | null;
  readonly log: (line: string) => void;
  /** The C compiler; default $CC or cc. */
  readonly cc?: string;
}

type NativeResult = NonNullable<Baselines['native']>;

/** First line of a command's output, or undefined when it cannot run. */
function probe(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split(
      '\n',
    )[0];
  } catch {
    return undefined;
  }
}

function build(cc: string, evp: boolean, aesni: boolean): { path: string } | { error: string } {
  const path = join(CACHE_DIR, `bench-native-evp${Number(evp)}-aesni${Number(aesni)}`);
  try {
    execFileSync(
      'make',
      [
        '-s',
        '-C',
        NATIVE_DIR,
        `CC=${cc}`,
        `OUT=${path}`,
        `WITH_EVP=${Number(evp)}`,
        `WITH_AESNI=${Number(aesni)}`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { path };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message);
    return { error: stderr.trim().split('\n').slice(-3).join(' / ') };
  }
}

/** The answer of `bench-native check` for a seeded 1 KiB message against ours; a note when they differ. */
function checkAlgo(binary: string, algo: string, seed: string): string | undefined {
  const rng = seededRng(seed, `native-check/${algo}`);
  const cbc = algo === 'evp-aes-256-cbc';
  const [key, iv, data] = [rng(32), rng(cbc ? 16 : 32), rng(1024)];
  const expected = hex(
    cbc
      ? cbcEncryptOnce(key, iv, data)
      : (algo === 'aesni-ige-encrypt' ? igeEncrypt : igeDecrypt)(key, iv, data),
  );
  let actual: string;
  try {
    actual = execFileSync(binary, ['check', algo, hex(key), hex(iv), hex(data)], { encoding: 'utf8' }).trim();
  } catch (error) {
    return `${algo}: check failed (${(error as Error).message.split('\n')[0]})`;
  }
  if (actual === expected) return undefined;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `${algo}: refused, its answer differs from ${cbc ? 'node:crypto' : 'the reference'} at byte ${Math.floor(i / 2)}`;
}

interface NativeLine {
  readonly algo: string;
  readonly size: number;
  readonly iterations: number;
  readonly elapsed_ns: readonly number[];
}

function parseLine(line: string): NativeLine | undefined {
  try {
    const v = JSON.parse(line) as NativeLine;
    return typeof v.algo === 'string' &&
      Number.isInteger(v.size) &&
      Number.isInteger(v.iterations) &&
      v.iterations > 0 &&
      Array.isArray(v.elapsed_ns) &&
      v.elapsed_ns.length > 0
      ? v
      : undefined;
  } catch {
    return undefined;
  }
}

/** Builds, checks and runs bench-native; ratios are filled in later, against the limit. */
export function measureNative(options: NativeOptions): NativeResult {
  const notes: string[] = [];
  const skipped = (note: string): NativeResult => ({
    status: 'skipped',
    notes: [...notes, note],
    compiler: null,
    series: [],
  });
  const cc = options.cc ?? process.env['CC'] ?? 'cc';
  const compiler = probe(cc, ['--version']);
  if (compiler === undefined) return skipped(`no C compiler: "${cc} --version" failed`);
  if (probe('make', ['--version']) === undefined)
    return skipped('no make: the native baselines are built by make');
  const aesni = process.arch === 'x64' && options.aesNi === true;
  if (!aesni)
    notes.push(
      process.arch !== 'x64'
        ? `AES-NI IGE skipped: the CPU is ${process.arch}, not x86-64`
        : 'AES-NI IGE skipped: the CPU does not list the aes flag in /proc/cpuinfo',
    );
  let built = build(cc, true, aesni);
  if ('error' in built) {
    notes.push(
      `OpenSSL EVP CBC skipped: the build with libcrypto failed (${built.error}); is libssl-dev installed?`,
    );
    if (!aesni) return skipped('nothing left to build');
    built = build(cc, false, aesni);
    if ('error' in built) return skipped(`the build failed: ${built.error}`);
  }
  const binary = built.path;
  let algos: string[];
  try {
    algos = execFileSync(binary, ['algos'], { encoding: 'utf8' })
      .split('\n')
      .filter((a) => a in NATIVE_ALGOS);
  } catch (error) {
    return skipped(`the built program does not run: ${(error as Error).message.split('\n')[0]}`);
  }
  const trusted = algos.filter((algo) => {
    const problem = checkAlgo(binary, algo, options.seed);
    if (problem !== undefined) notes.push(problem);
    return problem === undefined;
  });
  if (trusted.length === 0) return skipped('no native algorithm passed its check');
  options.log(`conform bench: native baselines (${trusted.join(', ')}), ${options.sizes.length} size(s)`);
  const cases = algos.length * options.sizes.length;
  const output = execFileSync(
    binary,
    ['run', String(options.timeMs), String(options.minSamples), ...options.sizes.map(String)],
    {
      encoding: 'utf8',
      timeout: Math.max(60_000, cases * (3 * options.timeMs + 2_000)),
      maxBuffer: 64 << 20,
    },
  );
  const lines = output
    .split('\n')
    .filter((l) => l !== '')
    .map(parseLine);
  const series: BaselineSeries[] = trusted.map((algo) => ({
    name: algo,
    description: NATIVE_ALGOS[algo]!,
    points: lines
      .filter((l): l is NativeLine => l !== undefined && l.algo === algo)
      .map((l) => ({
        size: l.size,
        ...figureOf(
          l.elapsed_ns.map((ns) => ns / l.iterations),
          l.iterations,
          l.size,
          undefined,
        ),
      })),
  }));
  notes.push(`built with ${compiler}`);
  return { status: 'measured', notes, compiler, series };
}
