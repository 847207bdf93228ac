// Files the CLI writes: the run page (`conform run --html FILE`) and the matrix page with its JSON
// and, optionally, each implementation's own run page (`conform matrix --html FILE --reports DIR`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { buildMatrix, type MatrixDocument } from './matrix.js';
import { renderMatrix } from './matrix-page.js';
import { renderRunReport } from './run-page.js';
import type { RunReportLike } from './run-input.js';

export interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
}

function write(path: string, text: string): WrittenFile {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text) };
}

/** `conform run --html FILE`. */
export function writeRunReport(path: string, report: RunReportLike, subtitle?: string): WrittenFile {
  return write(path, renderRunReport(report, subtitle !== undefined ? { subtitle } : {}));
}

export interface WriteMatrixOptions {
  /** The HTML page. */
  readonly html: string;
  /** The JSON document; default the HTML path with `.json` for its extension. */
  readonly json?: string;
  /** Also write each implementation's run page into this directory, linked from the matrix. */
  readonly reportsDir?: string;
  /** An SVG chart to embed, and where it came from (with the bench record, if any, for the JSON). */
  readonly bench?: { readonly svg: string; readonly source: string; readonly record?: unknown };
  readonly generatedAt?: string;
  readonly machine?: string;
}

/** A file name for an implementation's page: its label with anything unusual turned into `-`. */
function pageName(label: string, taken: Set<string>): string {
  const base =
    label
      .replace(/^(\.\/)+/, '')
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'implementation';
  let name = `${base}.html`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}.html`;
  taken.add(name);
  return name;
}

export function writeMatrix(
  runs: readonly { readonly label: string; readonly report: RunReportLike }[],
  options: WriteMatrixOptions,
): { readonly document: MatrixDocument; readonly files: readonly WrittenFile[] } {
  const jsonPath = options.json ?? options.html.replace(/(\.html?)?$/i, '.json');
  if (resolve(jsonPath) === resolve(options.html))
    throw new RangeError(`the matrix JSON and HTML would both be written to ${options.html}`);
  const files: WrittenFile[] = [];
  const taken = new Set<string>();
  const inputs = runs.map(({ label, report }) => {
    if (options.reportsDir === undefined) return { label, report };
    const path = join(options.reportsDir, pageName(label, taken));
    files.push(
      write(path, renderRunReport(report, { subtitle: `one column of the matrix ${options.html}` })),
    );
    const href = relative(dirname(options.html), path).split(sep).map(encodeURIComponent).join('/');
    return { label, report, reportHref: href };
  });
  const document = buildMatrix(inputs, {
    ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
    ...(options.machine !== undefined ? { machine: options.machine } : {}),
    ...(options.bench !== undefined
      ? {
          bench: {
            source: options.bench.source,
            ...(options.bench.record !== undefined ? { record: options.bench.record } : {}),
          },
        }
      : {}),
  });
  const html = renderMatrix(document, options.bench !== undefined ? { benchSvg: options.bench.svg } : {});
  files.unshift(write(options.html, html), write(jsonPath, JSON.stringify(document, null, 2) + '\n'));
  return { document, files };
}
