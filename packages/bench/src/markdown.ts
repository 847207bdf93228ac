// The Markdown of a record (--markdown FILE, and padded, the terminal summary): the machine, the vector
// summary of each implementation, the in-process and round-trip tables (one row a workload, one
// column an implementation) and the baselines.
import { describeMismatch } from './check.js';
import { formatCell, formatFigure, table } from './format.js';
import type { BenchRecord, ImplementationRecord } from './record.js';
import { formatSize } from './workloads.js';

/** `conform reference 0.1.0`, or the conform.json name when hello failed. */
export function implementationLabel(impl: ImplementationRecord): string {
  const name = typeof impl.hello?.['name'] === 'string' ? impl.hello['name'] : impl.name;
  const version =
    typeof impl.hello?.['version'] === 'string' && impl.hello['version'] !== ''
      ? ` ${impl.hello['version']}`
      : '';
  return `${name}${version}`;
}

/** What hello says beyond name, version, protocol and ops (an adapter's library versions), for the table. */
function helloExtras(impl: ImplementationRecord): string {
  const extras = Object.entries(impl.hello ?? {})
    .filter(([k]) => !['name', 'version', 'protocol', 'ops'].includes(k))
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ')
    .replace(/\|/g, '\\|');
  return extras.length > 120 ? `${extras.slice(0, 119)}…` : extras;
}

function workloadRows(record: BenchRecord, which: 'in_process' | 'round_trip'): string[][] {
  return record.settings.workloads.map((id) => {
    const first = record.implementations.flatMap((i) => i.workloads).find((w) => w.id === id);
    const name = first?.op ?? first?.workload ?? id.split('/')[0]!;
    const size = first?.size ?? (id.includes('/') ? Number(id.split('/')[1]) : null);
    return [
      `\`${name}\``,
      size === null ? '—' : formatSize(size),
      ...record.implementations.map((impl) =>
        formatCell(
          impl.workloads.find((w) => w.id === id),
          which,
        ),
      ),
    ];
  });
}

export interface MarkdownOptions {
  /** Align columns with spaces, for a terminal. */
  readonly pad?: boolean;
}

export function formatMarkdown(record: BenchRecord, options: MarkdownOptions = {}): string {
  const pad = options.pad ?? false;
  const m = record.machine;
  const impls = record.implementations;
  const out: string[] = [];
  out.push(`## conform bench — ${record.date.slice(0, 10)}`, '');
  out.push(
    `${m.cpu_model} (${m.cores} cores, AES-NI ${m.aes_ni === null ? 'unknown' : m.aes_ni ? 'yes' : 'no'}), ${m.os} ${m.arch}, ` +
      `Node ${m.node}, OpenSSL ${m.openssl}, host \`${m.hostname}\`. Seed \`${record.seed}\`, ` +
      `${record.settings.time_ms} ms a workload, samples of ${record.settings.sample_target_ms.join('–')} ms.` +
      (record.interrupted ? ' **Interrupted**: partial results.' : ''),
    '',
  );

  out.push('### Vectors (run first: correctness before timing)', '');
  // A column for what adapters add to hello (library versions), when any does.
  const extras = impls.some((i) => helloExtras(i) !== '');
  out.push(
    table(
      [
        'implementation',
        'pass',
        'fail',
        'error',
        'acceptable',
        'skipped',
        ...(extras ? ['hello also says'] : []),
      ],
      impls.map((i) => {
        const v = i.vectors;
        const label =
          implementationLabel(i) + (i.failure !== undefined ? ` — **not benchmarked**: ${i.failure}` : '');
        const counts =
          v === null
            ? ['—', '—', '—', '—', '—']
            : [v.pass, v.fail, v.error, v.acceptable, v.skipped].map(String);
        return [label, ...counts, ...(extras ? [helloExtras(i)] : [])];
      }),
      1,
      pad,
    ),
    '',
  );

  const header = ['workload', 'size', ...impls.map(implementationLabel)];
  out.push('### In-process (the implementation times the op itself: `bench`, PROTOCOL.md §8)', '');
  out.push(table(header, workloadRows(record, 'in_process'), 2, pad), '');
  out.push('### Round trip (the plain op over the pipe, pipelined, timed by the harness)', '');
  out.push(table(header, workloadRows(record, 'round_trip'), 2, pad), '');
  out.push(
    'MB/s is 10⁶ bytes of the workload’s size a second at the median; (0.43×) is the ratio to the limit at the same ' +
      'size; sizeless workloads show the median time. † the implementation’s timed loop includes hex/JSON decoding. ' +
      '`msg_key+kdf` is the sum of the two medians.',
    '',
  );

  const b = record.baselines;
  out.push('### Baselines (same run, same machine, one thread)', '');
  if (b.status === 'skipped' || b.limit === null) {
    out.push(`Not measured: ${b.note ?? 'skipped'}.`, '');
  } else {
    const series = [
      { ...b.limit, name: '**the limit**: the fastest of those below at each size' },
      ...(b.native?.series ?? []).map((s) => ({
        ...s,
        name: s.name.startsWith('node:') ? s.name : `C: ${s.name}`,
      })),
    ];
    const sizes = b.limit.points.map((p) => p.size);
    out.push(
      table(
        ['baseline', ...sizes.map(formatSize)],
        series.map((s) => [
          s.name,
          ...sizes.map((size) => {
            const p = s.points.find((q) => q.size === size);
            return p === undefined ? '—' : formatFigure(p);
          }),
        ]),
        1,
        pad,
      ),
      '',
    );
    for (const note of b.native?.notes ?? []) out.push(`- native: ${note}`);
    if ((b.native?.notes.length ?? 0) > 0) out.push('');
  }

  const refusals = impls.flatMap((i) =>
    i.workloads
      .filter((w) => w.mismatch !== undefined || w.bench_mismatch !== undefined)
      .map((w) => {
        const what = w.mismatch !== undefined ? 'answer' : 'bench result';
        return `- ${implementationLabel(i)}, \`${w.id}\`: ${what} refused, ${describeMismatch((w.mismatch ?? w.bench_mismatch)!)}`;
      }),
  );
  if (refusals.length > 0) out.push('### Refused before timing', '', ...refusals, '');
  return out.join('\n');
}
