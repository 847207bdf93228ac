// `--expect-fail FILE`: a JSON manifest of known failures. A vector that fails (or errors) and
// matches an entry is reported `expected-fail` instead; an entry that matches no vector, whose
// matched vectors all pass now, or whose `expires` date is past, is stale and makes the run exit 1.
//
// The manifest is a JSON array (JSON only: no YAML, no comments):
//   [{ "id": "ige_test.json#12" | "ige_test.json#*" | "/regex/flags on 'file#tcId'",
//      "reason": "why", "issue": "https://...", "expires": "YYYY-MM-DD" }]
// `issue` and `expires` are optional; an entry is valid through its `expires` day (UTC).
import { readFileSync } from 'node:fs';
import { listVectorFiles, loadVectorFile } from '@conform/vectors';
import { ConfigError } from './errors.js';
import { testName } from './select.js';

export interface ExpectFailEntry {
  readonly id: string;
  readonly reason: string;
  readonly issue?: string;
  readonly expires?: string;
}

export interface ExpectFailManifest {
  /** Where it was read from, for messages. */
  readonly source: string;
  readonly entries: readonly ExpectFailEntry[];
}

/** What a result that matched an entry records: the entry and the outcome it replaced. */
export interface ExpectedFailure {
  readonly id: string;
  readonly reason: string;
  readonly issue?: string;
  readonly outcome: 'fail' | 'error';
}

export type StaleKind = 'matches-nothing' | 'passes' | 'expired';

export interface StaleEntry {
  readonly id: string;
  readonly kind: StaleKind;
  readonly message: string;
}

const FIELDS = new Set(['id', 'reason', 'issue', 'expires']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** A matcher for an entry id: `file#tcId`, `file#*`, or `/regex/flags` tested on `file#tcId`. */
export function compileExpectFailId(id: string): ((name: string) => boolean) | string {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(id);
  if (re) {
    try {
      const regex = new RegExp(re[1]!, re[2]);
      return (name) => regex.test(name);
    } catch (error) {
      return `invalid regular expression: ${(error as Error).message}`;
    }
  }
  const m = /^([^#\s]+)#(\*|\d+)$/.exec(id);
  if (!m) return 'expected "file#tcId", "file#*" or "/regex/"';
  if (m[2] === '*') {
    const prefix = `${m[1]!}#`;
    return (name) => name.startsWith(prefix);
  }
  return (name) => name === id;
}

/** Validates a parsed manifest strictly; messages name the source and the field. */
export function parseExpectFail(text: string, source: string): ExpectFailManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--expect-fail ${source}: invalid JSON: ${(error as Error).message}`);
  }
  const bad = (field: string, problem: string) =>
    new ConfigError(`--expect-fail ${source}: ${field}: ${problem}`);
  if (!Array.isArray(data)) throw bad('(top level)', 'expected a JSON array of entries');
  const seen = new Set<string>();
  const entries = data.map((raw: unknown, i): ExpectFailEntry => {
    const at = `[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(at, 'expected an object');
    const e = raw as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!FIELDS.has(key)) throw bad(`${at}.${key}`, 'unknown field (allowed: id, reason, issue, expires)');
    }
    const str = (key: string, required: boolean): string | undefined => {
      const v = e[key];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || v.trim() === '') throw bad(`${at}.${key}`, 'expected a non-empty string');
      return v;
    };
    const id = str('id', true)!;
    const matcher = compileExpectFailId(id);
    if (typeof matcher === 'string') throw bad(`${at}.id`, `${matcher}, got "${id}"`);
    if (seen.has(id)) throw bad(`${at}.id`, `duplicate entry "${id}"`);
    seen.add(id);
    const reason = str('reason', true)!;
    const issue = str('issue', false);
    if (issue !== undefined && !/^https?:\/\/\S+$/.test(issue))
      throw bad(`${at}.issue`, `expected an http(s) URL, got "${issue}"`);
    const expires = str('expires', false);
    if (expires !== undefined && !isDate(expires))
      throw bad(`${at}.expires`, `expected a date YYYY-MM-DD, got "${expires}"`);
    return {
      id,
      reason,
      ...(issue !== undefined ? { issue } : {}),
      ...(expires !== undefined ? { expires } : {}),
    };
  });
  return { source, entries };
}

export function loadExpectFail(path: string): ExpectFailManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`--expect-fail ${path}: cannot read: ${(error as Error).message}`);
  }
  return parseExpectFail(text, path);
}

/** Today's date as YYYY-MM-DD (UTC). */
export const todayUtc = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

let allNames: readonly string[] | undefined;
/** `file#tcId` of every vector in the catalogue, to tell an entry that can never match. */
function catalogueNames(): readonly string[] {
  allNames ??= listVectorFiles().flatMap((file) =>
    loadVectorFile(file).testGroups.flatMap((g) => g.tests.map((t) => testName(file, t.tcId))),
  );
  return allNames;
}

interface Judged {
  readonly file: string;
  readonly tcId: number;
  readonly outcome: string;
}

export interface ExpectFailApplication<R> {
  readonly results: R[];
  readonly stale: StaleEntry[];
}

/**
 * Marks failing results that match an entry (the first matching entry wins) and finds stale
 * entries. `complete` is false when the run stopped early: "passes now" is then not judged.
 */
export function applyExpectFail<R extends Judged>(
  results: readonly R[],
  manifest: ExpectFailManifest,
  options: { readonly today: string; readonly complete: boolean },
  mark: (result: R, failure: ExpectedFailure) => R,
): ExpectFailApplication<R> {
  const compiled = manifest.entries.map((entry) => {
    const match = compileExpectFailId(entry.id);
    return { entry, match: typeof match === 'string' ? () => false : match };
  });
  const matched = compiled.map(() => ({ failing: 0, passing: 0 }));
  const out = results.map((r) => {
    const name = testName(r.file, r.tcId);
    const k = compiled.findIndex((c) => c.match(name));
    if (k < 0) return r;
    const counts = matched[k]!;
    if (r.outcome === 'fail' || r.outcome === 'error') {
      counts.failing++;
      const { entry } = compiled[k]!;
      return mark(r, {
        id: entry.id,
        reason: entry.reason,
        ...(entry.issue !== undefined ? { issue: entry.issue } : {}),
        outcome: r.outcome,
      });
    }
    if (r.outcome === 'pass' || r.outcome === 'acceptable') counts.passing++;
    return r;
  });
  const stale: StaleEntry[] = [];
  compiled.forEach(({ entry, match }, k) => {
    const staleEntry = (kind: StaleKind, why: string) =>
      stale.push({
        id: entry.id,
        kind,
        message: `stale expected-failure entry "${entry.id}" in ${manifest.source}: ${why}`,
      });
    if (entry.expires !== undefined && entry.expires < options.today) {
      staleEntry('expired', `expired on ${entry.expires} (today is ${options.today}); fix it or extend it`);
    } else if (!catalogueNames().some(match)) {
      staleEntry('matches-nothing', 'matches no vector; remove it');
    } else if (options.complete && matched[k]!.failing === 0 && matched[k]!.passing > 0) {
      const n = matched[k]!.passing;
      staleEntry('passes', `its ${n} matched vector(s) now pass; remove it`);
    }
  });
  return { results: out, stale };
}
