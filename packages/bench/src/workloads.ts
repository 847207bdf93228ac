// What `conform bench` times: the workloads of issue 7, each a stateless op of PROTOCOL.md §5 at a
// message size. `--workloads` and `--sizes` select from them; the catalogue and its size rules live here.
import { ConfigError } from '@conform/runner';

/** An op of PROTOCOL.md §5 that a bench request can name as its workload. */
export type BenchOp =
  | 'ige.encrypt'
  | 'ige.decrypt'
  | 'e2e.encrypt'
  | 'e2e.decrypt'
  | 'mtproto2.msg_key'
  | 'mtproto2.kdf'
  | 'dh.key';

/** The derived workload: msg_key and the KDF of one message, the per-message key overhead of R2.1. */
export const MSG_KEY_KDF = 'msg_key+kdf';
export type WorkloadName = BenchOp | typeof MSG_KEY_KDF;

/** One timed (or derived) line of the record. */
export interface WorkloadSpec {
  /** `ige.encrypt/1024`, `mtproto2.kdf`, `msg_key+kdf/1024`: unique within a run, stable across runs. */
  readonly id: string;
  readonly workload: WorkloadName;
  /** The op sent; undefined for the derived sum. */
  readonly op: BenchOp | undefined;
  /**
   * Bytes a message of this workload carries, the x axis of the chart and the numerator of MB/s: the
   * IGE data, the e2e message (TL bytes), or for msg_key the e2e message whose padded plaintext is
   * hashed. Undefined for the KDF and dh.key, which have no size.
   */
  readonly size: number | undefined;
  /** For the derived sum: the ids whose medians it adds. */
  readonly components?: readonly string[];
}

export const IGE_SIZES = [16, 1024, 16 * 1024, 1024 * 1024] as const;
export const E2E_SIZES = [64, 1024, 64 * 1024] as const;
/** The smallest decryptedMessageLayer our e2e inputs can be: a decryptedMessage with a 0..3-byte text. */
export const E2E_MIN_SIZE = 56;
/** 4 MiB of data is 8 MiB of hex on a request line; the runner reads lines up to 16 MiB (PROTOCOL.md §1). */
export const MAX_SIZE = 4 * 1024 * 1024;

interface Family {
  readonly op: BenchOp;
  readonly sizes: readonly number[] | undefined;
  /** Why a size does not fit this op, or undefined when it does. */
  readonly misfit?: (size: number) => string | undefined;
}

// R1.3: IGE takes whole blocks. R7.1: TL bytes are whole 32-bit words.
const igeMisfit = (n: number) => (n % 16 === 0 ? undefined : 'IGE takes whole 16-byte blocks (R1.3)');
const e2eMisfit = (n: number) =>
  n % 4 !== 0
    ? 'TL messages are whole 4-byte words (R7.1)'
    : n < E2E_MIN_SIZE
      ? `the smallest decryptedMessageLayer is ${E2E_MIN_SIZE} bytes`
      : undefined;

/** In the order the record lists them. */
const FAMILIES: readonly Family[] = [
  { op: 'ige.encrypt', sizes: IGE_SIZES, misfit: igeMisfit },
  { op: 'ige.decrypt', sizes: IGE_SIZES, misfit: igeMisfit },
  { op: 'e2e.encrypt', sizes: E2E_SIZES, misfit: e2eMisfit },
  { op: 'e2e.decrypt', sizes: E2E_SIZES, misfit: e2eMisfit },
  { op: 'mtproto2.msg_key', sizes: E2E_SIZES, misfit: e2eMisfit },
  { op: 'mtproto2.kdf', sizes: undefined },
  { op: 'dh.key', sizes: undefined },
];

/** `--workloads` names: every op, and shorthands for families. */
const ALIASES: Readonly<Record<string, readonly BenchOp[]>> = {
  ige: ['ige.encrypt', 'ige.decrypt'],
  e2e: ['e2e.encrypt', 'e2e.decrypt'],
  [MSG_KEY_KDF]: ['mtproto2.msg_key', 'mtproto2.kdf'],
  dh: ['dh.key'],
  all: FAMILIES.map((f) => f.op),
  ...Object.fromEntries(FAMILIES.map((f) => [f.op, [f.op]])),
};

export const WORKLOAD_NAMES: readonly string[] = Object.keys(ALIASES);

export function workloadId(workload: WorkloadName, size: number | undefined): string {
  return size === undefined ? workload : `${workload}/${size}`;
}

/** `16`, `1K`, `1KiB`, `64 KiB`, `1M`, `1MiB` (K and M are binary: 1024 and 1024²). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+)\s*(?:(k|kb|kib)|(m|mb|mib)|b)?\s*$/i.exec(text);
  if (m === null) throw new ConfigError(`--sizes: "${text}" is not a size (examples: 16, 1KiB, 64K, 1MiB)`);
  const size = Number(m[1]) * (m[2] !== undefined ? 1024 : m[3] !== undefined ? 1024 * 1024 : 1);
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_SIZE)
    throw new ConfigError(`--sizes: ${text} is outside 1 B .. 4 MiB`);
  return size;
}

/** `16 B`, `1 KiB`, `64 KiB`, `1 MiB`, `1536 B`. */
export function formatSize(size: number): string {
  if (size >= 1024 * 1024 && size % (1024 * 1024) === 0) return `${size / (1024 * 1024)} MiB`;
  if (size >= 1024 && size % 1024 === 0) return `${size / 1024} KiB`;
  return `${size} B`;
}

export interface PlanOptions {
  /** `--workloads`: names of WORKLOAD_NAMES; all by default. */
  readonly workloads?: readonly string[];
  /** `--sizes`: replaces each sized op's default sizes with those of these it can take. */
  readonly sizes?: readonly number[];
}

export interface Plan {
  readonly workloads: readonly WorkloadSpec[];
  /** Sizes a selected op could not take, for the log: `e2e.encrypt: 16 B (the smallest …)`. */
  readonly notes: readonly string[];
}

/** The workloads a run times, in record order; the msg_key+kdf sums follow their parts. */
export function planWorkloads(options: PlanOptions = {}): Plan {
  const names = options.workloads?.length ? options.workloads : ['all'];
  const ops = new Set<BenchOp>();
  for (const name of names) {
    const expanded = ALIASES[name.trim()];
    if (expanded === undefined)
      throw new ConfigError(`--workloads: unknown workload "${name}" (one of: ${WORKLOAD_NAMES.join(', ')})`);
    for (const op of expanded) ops.add(op);
  }
  const notes: string[] = [];
  const used = new Set<number>();
  const workloads: WorkloadSpec[] = [];
  for (const family of FAMILIES.filter((f) => ops.has(f.op))) {
    if (family.sizes === undefined) {
      workloads.push({ id: family.op, workload: family.op, op: family.op, size: undefined });
      continue;
    }
    for (const size of options.sizes ?? family.sizes) {
      const why = family.misfit?.(size);
      if (why !== undefined) {
        notes.push(`${family.op}: ${formatSize(size)} skipped (${why})`);
        continue;
      }
      used.add(size);
      workloads.push({ id: workloadId(family.op, size), workload: family.op, op: family.op, size });
    }
  }
  const unused = (options.sizes ?? []).filter((s) => !used.has(s));
  if (unused.length > 0)
    throw new ConfigError(
      `--sizes: no selected workload takes ${unused.map(formatSize).join(', ')} (${notes.join('; ') || 'the selected workloads have no size'})`,
    );
  // R2.1: msg_key, then the KDF from it: their sum is what a message costs beyond IGE.
  const kdf = workloads.find((w) => w.op === 'mtproto2.kdf');
  if (kdf !== undefined) {
    for (const msgKey of workloads.filter((w) => w.op === 'mtproto2.msg_key')) {
      workloads.push({
        id: workloadId(MSG_KEY_KDF, msgKey.size),
        workload: MSG_KEY_KDF,
        op: undefined,
        size: msgKey.size,
        components: [msgKey.id, kdf.id],
      });
    }
  }
  return { workloads, notes };
}
