// Expected against actual, for one failing vector: the success or error each side stands for, then
// every field that differs — byte strings as an aligned hex dump with the differing bytes marked
// (a <mark> and a caret line, so the difference shows without colour), other values side by side.
// Long values are cut to the rows around the first difference, with what was left out counted.
import { clip, esc, jsonText } from './html.js';

/** Rows of 16 bytes shown per byte string (the one with the first difference and those after it). */
export const DIFF_ROWS = 4;
/** Bytes shown of a value the other side does not have. */
const PREVIEW_BYTES = 16;

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const isHex = (v: unknown): v is string => typeof v === 'string' && HEX.test(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaves of a JSON value by path (`checkpoint.state`, `delivered[0]._`), in document order. */
function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, path === '' ? k : `${path}.${k}`, out);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else {
    out.set(path, value);
  }
}

const sameLeaf = (a: unknown, b: unknown): boolean =>
  isHex(a) && isHex(b) ? a.toLowerCase() === b.toLowerCase() : JSON.stringify(a) === JSON.stringify(b);

function bytesPreview(hex: string): string {
  const n = hex.length / 2;
  const head = hex.slice(0, PREVIEW_BYTES * 2).replace(/(..)(?!$)/g, '$1 ');
  return `${n} B: ${head}${n > PREVIEW_BYTES ? ` … (${n - PREVIEW_BYTES} more)` : ''}`;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (isHex(v) && v.length > PREVIEW_BYTES * 2) return bytesPreview(v);
  return jsonText(v, 300);
}

/** An aligned hex dump of two byte strings around their first difference. */
export function renderByteDiff(name: string, expected: string, actual: string): string {
  const e = expected.toLowerCase();
  const a = actual.toLowerCase();
  const eLen = e.length / 2;
  const aLen = a.length / 2;
  const byteAt = (s: string, i: number) => (i * 2 < s.length ? s.slice(i * 2, i * 2 + 2) : undefined);
  const longest = Math.max(eLen, aLen);
  let first = -1;
  let differing = 0;
  for (let i = 0; i < longest; i++) {
    if (byteAt(e, i) !== byteAt(a, i)) {
      differing++;
      if (first < 0) first = i;
    }
  }
  const totalRows = Math.ceil(longest / 16);
  const startRow = Math.max(0, Math.floor(first / 16) - (first >= 16 ? 1 : 0));
  const endRow = Math.min(totalRows, startRow + DIFF_ROWS);
  const lines: string[] = [];
  const pad = (n: number) => n.toString(16).padStart(4, '0');
  for (let row = startRow; row < endRow; row++) {
    // Differing bytes are marked in runs, so a wholly different row costs one <mark>, not sixteen.
    const cells = (s: string) => {
      let out = '';
      let open = false;
      for (let k = 0; k < 16; k++) {
        const i = row * 16 + k;
        if (i >= longest) break;
        const mine = byteAt(s, i);
        const differs = mine !== byteAt(s === e ? a : e, i);
        if (differs && !open) out += `${k > 0 ? ' ' : ''}<mark>`;
        else if (!differs && open) out += '</mark> ';
        else if (k > 0) out += ' ';
        open = differs;
        out += mine ?? '··';
      }
      return open ? `${out}</mark>` : out;
    };
    const carets = Array.from({ length: 16 }, (_, k) => {
      const i = row * 16 + k;
      return i < longest && byteAt(e, i) !== byteAt(a, i) ? '^^' : '  ';
    })
      .join(' ')
      .trimEnd();
    lines.push(`<span class="exp">expected ${pad(row * 16)}  ${cells(e)}</span>`);
    lines.push(`<span class="act">actual   ${pad(row * 16)}  ${cells(a)}</span>`);
    if (carets !== '') lines.push(`<span class="car" aria-hidden="true">${' '.repeat(15)}${carets}</span>`);
  }
  const notes = [
    `${differing} of ${longest} byte${longest === 1 ? '' : 's'} differ, the first at offset ${first} (0x${first.toString(16)})`,
  ];
  if (eLen !== aLen) notes.push(`lengths: expected ${eLen} B, actual ${aLen} B`);
  const hidden = totalRows - (endRow - startRow);
  if (hidden > 0)
    notes.push(
      `rows ${pad(startRow * 16)}–${pad(endRow * 16 - 1)} shown; ${hidden} other row${hidden === 1 ? '' : 's'} of 16 bytes not shown`,
    );
  return (
    `<div class="field"><div class="fname">${esc(name)} <span class="muted">— ${esc(notes.join('; '))}</span></div>` +
    `<pre class="hexdiff">${lines.join('\n')}</pre></div>`
  );
}

function statusOf(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  if (Array.isArray(v.either)) return 'success with the test’s results, or its error';
  if (v.ok === true)
    return v.verify === 'decrypt' ? 'success, data the reference decrypts to the message' : 'success';
  if (v.ok === false)
    return `error ${jsonText(v.error, 80)}${typeof v.detail === 'string' && v.detail !== '' ? ` (${clip(v.detail, 200)})` : ''}`;
  if (typeof v.error === 'string') return `no answer: ${v.error}`;
  return undefined;
}

const STATUS_KEYS = new Set(['ok', 'error', 'detail', 'either', 'verify', 'step', 'do']);

/**
 * The comparison block of a failing result. `expected` and `actual` are the runner's: op responses
 * (`{ok, ...results}`), `{ok: false, error}`, or for chat transcripts `{step, do?, observation}`.
 */
export function renderComparison(expected: unknown, actual: unknown): string {
  const parts: string[] = [];
  const es = statusOf(expected);
  const as = statusOf(actual);
  if (isObject(expected) && typeof expected.step === 'number') {
    parts.push(
      `<div class="field"><div class="fname">at step ${esc(expected.step)}${typeof expected.do === 'string' ? ` (${esc(expected.do)})` : ''} of the transcript</div></div>`,
    );
  }
  // Both succeeded: the fields below say what differs.
  if ((es !== undefined || as !== undefined) && !(es === 'success' && as === 'success')) {
    parts.push(
      `<dl class="status"><dt>expected</dt><dd>${esc(es ?? describe(expected))}</dd><dt>actual</dt><dd>${esc(as ?? describe(actual))}</dd></dl>`,
    );
  }
  const le = new Map<string, unknown>();
  const la = new Map<string, unknown>();
  const strip = (v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => !STATUS_KEYS.has(k))) : v;
  flatten(strip(expected), '', le);
  flatten(strip(actual), '', la);
  // An error answer carries no results: list the results that were expected, not each as "nothing".
  const actualFailed = isObject(actual) && actual.ok !== true;
  const expectedFailed = isObject(expected) && expected.ok === false;
  let agree = 0;
  const rows: string[] = [];
  for (const path of new Set([...le.keys(), ...la.keys()])) {
    if (path === '') continue;
    const e = le.get(path);
    const a = la.get(path);
    if (sameLeaf(e, a)) {
      agree++;
      continue;
    }
    if ((actualFailed && a === undefined) || (expectedFailed && e === undefined)) continue;
    if (isHex(e) && isHex(a)) parts.push(renderByteDiff(path, e, a));
    else
      rows.push(
        `<tr><th scope="row">${esc(path)}</th><td>${esc(describe(e))}</td><td>${esc(describe(a))}</td></tr>`,
      );
  }
  if (rows.length > 0) {
    parts.push(
      `<table class="vdiff"><thead><tr><th scope="col">field</th><th scope="col">expected</th><th scope="col">actual</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  if (agree > 0 && (rows.length > 0 || parts.length > 1))
    parts.push(`<p class="muted">${agree} other field${agree === 1 ? '' : 's'} agree.</p>`);
  return `<div class="cmp">${parts.join('')}</div>`;
}
