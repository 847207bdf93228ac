// Small helpers for writing HTML as strings: every piece of text from a report goes through esc().

/** Text or attribute value, escaped for HTML. */
export function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An id safe in HTML and in a URL fragment: letters, digits, `-`, `_`, `.`; anything else hex-escaped. */
export function slug(...parts: readonly (string | number)[]): string {
  return parts
    .map((p) => String(p).replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`))
    .join('-');
}

/** At most `max` characters, with what was left out counted. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

/** The last `n` lines of a log, at most `max` characters, with what was left out counted. */
export function tailOf(text: string, n = 30, max = 3000): string {
  const lines = text.replace(/\n$/, '').split('\n');
  let out = lines.slice(-n).join('\n');
  const dropped = Math.max(0, lines.length - n);
  if (out.length > max) out = out.slice(-max);
  const note = dropped > 0 ? `[… ${dropped} earlier line${dropped === 1 ? '' : 's'} not shown]\n` : '';
  return note + out;
}

/** A compact JSON text of a value, clipped. */
export function jsonText(value: unknown, max = 400): string {
  const s = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return clip(s, max);
}
