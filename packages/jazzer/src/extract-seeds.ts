// Writes the seed corpora, packages/jazzer/corpus/<target>/, from the test vectors
// (packages/vectors/testvectors_v1/*.json, Wycheproof-style: testGroups[].tests[] with hex fields).
// Deterministic: files are named by the SHA-1 of their content, as libFuzzer names its corpus, and the
// directories are rewritten from scratch. Run: npm run seeds -w @conform/jazzer
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTl, type Role, type TlObject } from '@conform/reference';
import { concat, fromHex, uint32LE } from './bytes.js';
import { ENVELOPE_KEY_HEX } from './fixtures.js';
import { realMessages } from './targets/chat-receive.js';
import type { TargetName } from './targets/index.js';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const VECTORS = join(PACKAGE, '..', 'vectors', 'testvectors_v1');
/** At most this many seeds per target: the corpora are committed and must stay small. */
const MAX_SEEDS = 48;

interface VectorTest {
  readonly tcId: number;
  readonly flags?: readonly string[];
  readonly result: string;
  readonly [field: string]: unknown;
}
interface VectorFile {
  readonly testGroups: readonly { readonly type: string; readonly tests: readonly VectorTest[] }[];
}

function tests(file: string): VectorTest[] {
  const parsed = JSON.parse(readFileSync(join(VECTORS, file), 'utf8')) as VectorFile;
  return parsed.testGroups.flatMap((g) => g.tests);
}

/** One seed per distinct (flags, result) first, then the rest in file order, up to MAX_SEEDS. */
function diverse(candidates: readonly { key: string; bytes: Uint8Array }[]): Uint8Array[] {
  const seen = new Set<string>();
  const first: Uint8Array[] = [];
  const rest: Uint8Array[] = [];
  for (const c of candidates) {
    (seen.has(c.key) ? rest : first).push(c.bytes);
    seen.add(c.key);
  }
  return [...first, ...rest].slice(0, MAX_SEEDS);
}

const keyOf = (t: VectorTest): string => `${(t.flags ?? []).join(',')}|${t.result}`;
const hex = (t: VectorTest, field: string): Uint8Array | undefined =>
  typeof t[field] === 'string' ? fromHex(t[field]) : undefined;

/** tl-decode: every TL byte string of tl_test, and the TL bodies the envelope vectors carry. */
function tlSeeds(): Uint8Array[] {
  const out: { key: string; bytes: Uint8Array }[] = [];
  for (const t of tests('tl_test.json')) {
    const bytes = hex(t, 'bytes');
    if (bytes) out.push({ key: keyOf(t), bytes });
  }
  for (const t of tests('e2e_decrypt_test.json')) {
    const bytes = hex(t, 'message');
    if (bytes) out.push({ key: `e2e|${keyOf(t)}`, bytes });
  }
  return diverse(out);
}

/** envelope-decrypt: the wire bytes of the e2e vectors under the target's fixed key. */
function envelopeSeeds(): Uint8Array[] {
  const out: { key: string; bytes: Uint8Array }[] = [];
  for (const file of ['e2e_decrypt_test.json', 'e2e_encrypt_test.json']) {
    for (const t of tests(file)) {
      const bytes = hex(t, 'data');
      if (bytes && t.key === ENVELOPE_KEY_HEX) out.push({ key: `${file}|${keyOf(t)}`, bytes });
    }
  }
  return diverse(out);
}

/** dh-checks: (p, g) of dh_params_test as mode 0, public values of dh_public_test as modes 2 and 3. */
function dhSeeds(): Uint8Array[] {
  const out: { key: string; bytes: Uint8Array }[] = [];
  for (const t of tests('dh_params_test.json')) {
    const p = hex(t, 'p');
    const g = Number(t.g);
    if (!p || !Number.isInteger(g) || g < -0x80000000 || g > 0x7fffffff) continue;
    out.push({ key: `params|${keyOf(t)}`, bytes: concat(Uint8Array.of(0), uint32LE(g), p) });
  }
  const official = hex(tests('dh_params_test.json')[0]!, 'p')!;
  for (const g of [3, 3.5, 2 ** 31, -(2 ** 31) - 1, Number.NaN]) {
    const d = new DataView(new ArrayBuffer(8));
    d.setFloat64(0, g, true);
    out.push({ key: `double|${g}`, bytes: concat(Uint8Array.of(1), new Uint8Array(d.buffer), official) });
  }
  for (const t of tests('dh_public_test.json')) {
    const p = hex(t, 'p');
    const value = hex(t, 'value');
    if (!p || !value) continue;
    out.push({ key: `public|${keyOf(t)}`, bytes: concat(Uint8Array.of(2, 0), value) });
    out.push({ key: `public-required|${keyOf(t)}`, bytes: concat(Uint8Array.of(2, 1), value) });
    if (p.length === 256)
      out.push({ key: `public-p|${keyOf(t)}`, bytes: concat(Uint8Array.of(3, 0), p, value) });
  }
  return diverse(out);
}

const u16 = (n: number): Uint8Array => Uint8Array.of(n & 0xff, n >> 8);

/** chat-receive: the recorded conversation replayed (whole, reordered, with gaps, mutated) and the
 *  message objects of chat_test and the layers of tl_test, sealed by the peer. */
function chatSeeds(): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  const real = (i: number): number => 1 | (i << 3);
  for (const [roleBit, role] of [[0, 'participant'] as const, [1, 'creator'] as const]) {
    const n = realMessages(role as Role).length;
    const all = Array.from({ length: n }, (_, i) => real(i));
    for (const profile of [0, 1, 2]) seeds.push(Uint8Array.of(roleBit | (profile << 1), ...all));
    seeds.push(Uint8Array.of(roleBit, ...all.slice().reverse())); // R6.4: everything behind a gap
    seeds.push(Uint8Array.of(roleBit, ...all.filter((_, i) => i !== 1))); // one missing: Resend (R6.6)
    seeds.push(Uint8Array.of(roleBit, ...all, ...all)); // duplicates (R6.4)
    seeds.push(Uint8Array.of(roleBit, real(0), 0x07, 0x07, ...all.slice(1))); // we sent first (R6.5)
    seeds.push(Uint8Array.of(roleBit, real(0), 0x02 | (1 << 3), ...u16(40), 0x01)); // a flipped bit
    seeds.push(Uint8Array.of(roleBit, real(0), 0x06 | (31 << 3), 0x06 | (31 << 3), real(1))); // R5.1: a week
  }
  // Message objects from the chat vectors, each as the peer's first message (R6.2 parity for a fresh
  // chat: from the creator in_seq_no 0, out_seq_no 1; from the participant 1 and 0).
  const messages = new Map<string, Uint8Array>();
  for (const t of tests('chat_test.json')) {
    for (const step of t.steps as { do: string; message?: TlObject }[]) {
      if ((step.do === 'peer.send' || step.do === 'peer.forge') && step.message) {
        const body = encodeTl(step.message);
        messages.set(Buffer.from(body).toString('hex'), body);
      }
    }
  }
  let k = 0;
  for (const body of [...messages.values()].slice(0, 16)) {
    const roleBit = k++ % 2;
    const [inSeq, outSeq] = roleBit === 0 ? [0, 1] : [1, 0];
    seeds.push(concat(Uint8Array.of(roleBit, 0x04 | (15 << 3), 144, inSeq, outSeq), u16(body.length), body));
  }
  for (const t of tests('tl_test.json')) {
    const bytes = hex(t, 'bytes');
    if (!bytes || t.result !== 'valid' || bytes[0] !== 0x89 || bytes[1] !== 0x17) continue; // decryptedMessageLayer
    seeds.push(concat(Uint8Array.of(0, 0x03), u16(bytes.length), bytes));
    if (seeds.length >= MAX_SEEDS) break;
  }
  return seeds.slice(0, MAX_SEEDS);
}

function write(target: TargetName, seeds: readonly Uint8Array[]): void {
  const dir = join(PACKAGE, 'corpus', target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const seed of seeds) {
    writeFileSync(join(dir, createHash('sha1').update(seed).digest('hex')), seed);
  }
  console.log(`${target}: ${readdirSync(dir).length} seeds in corpus/${target}/`);
}

write('tl-decode', tlSeeds());
write('envelope-decrypt', envelopeSeeds());
write('dh-checks', dhSeeds());
write('chat-receive', chatSeeds());
