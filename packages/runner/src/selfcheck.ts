// `conform selfcheck`: runs the bundled reference implementation against published known answers
// that nobody in this project computed (Telegram's samples, TDLib's and OpenSSL's test data, the
// answers in mtcute's, GramJS's and grammers' test suites). It is the main job until `conform run`
// exists, and a quick way for a user to see the reference is sound on their machine.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { loadKnownAnswers, tdlibIgeInputs } from '@conform/known-answers';
import * as ref from '@conform/reference';
import { fromHex, toHex } from './hex.js';

export interface SelfCheckResult {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly rules: readonly string[];
  readonly ok: boolean;
  /** What differed, for a failed check. */
  readonly detail?: string;
}

export interface SelfCheckReport {
  readonly tool: 'conform selfcheck';
  readonly implementation: '@conform/reference';
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly SelfCheckResult[];
}

interface Check {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly rules: readonly string[];
  /** Returns undefined when the answer matches, else a description of the mismatch. */
  readonly run: () => string | undefined;
}

/** Compares hex strings; returns a one-line diff description or undefined. */
function differ(what: string, actual: Uint8Array | string, expected: string): string | undefined {
  const got = typeof actual === 'string' ? actual : toHex(actual);
  if (got === expected.toLowerCase()) return undefined;
  let at = 0;
  while (at < got.length && got[at] === expected[at]) at++;
  return `${what}: expected ${expected.slice(at, at + 32)}… at byte ${at >> 1}, got ${got.slice(at, at + 32)}…`;
}

function firstMismatch(...results: (string | undefined)[]): string | undefined {
  return results.find((r) => r !== undefined);
}

function sha1Framed(data: Uint8Array, padding: Uint8Array): Uint8Array {
  // SHA1(data) + data + padding, the framing of Telegram's handshake samples.
  const digest = createHash('sha1').update(data).digest();
  const out = new Uint8Array(digest.length + data.length + padding.length);
  out.set(digest);
  out.set(data, digest.length);
  out.set(padding, digest.length + data.length);
  return out;
}

/** The functions of an implementation that the self-check exercises (the reference by default). */
export type SelfCheckSubject = Pick<
  typeof ref,
  | 'igeEncrypt'
  | 'igeDecrypt'
  | 'deriveMessageKeys'
  | 'senderForKeyOffset'
  | 'computeKeyFingerprint'
  | 'sealPlaintext'
  | 'decodeTl'
  | 'encodeTl'
  | 'checkDhParams'
  | 'checkDhPublic'
  | 'computeDhPublic'
  | 'computeDhKey'
  | 'computeKeyHash'
>;

function checks(impl: SelfCheckSubject): Check[] {
  const list: Check[] = [];
  const igeSample = loadKnownAnswers('ige-official-sample.json');
  for (const t of igeSample.tests) {
    list.push({
      id: `ige-official-${t.id}`,
      title: `AES-256-IGE, Telegram sample: ${t.name}`,
      source: igeSample.source,
      rules: ['R1.1', 'R1.2'],
      run: () => {
        const plaintext = sha1Framed(fromHex(t.data), fromHex(t.padding));
        const ciphertext = impl.igeEncrypt(fromHex(t.key), fromHex(t.iv), plaintext);
        return firstMismatch(
          differ('ciphertext', ciphertext, t.ciphertext),
          differ(
            'decrypted',
            impl.igeDecrypt(fromHex(t.key), fromHex(t.iv), fromHex(t.ciphertext)),
            toHex(plaintext),
          ),
        );
      },
    });
  }
  const tdlib = loadKnownAnswers('ige-tdlib-crc32.json');
  list.push({
    id: 'ige-tdlib-crc32',
    title: `AES-256-IGE, TDLib regression CRC32s for lengths ${tdlib.tests.map((t) => t.length).join(', ')}`,
    source: tdlib.source,
    rules: ['R1.2', 'R1.3'],
    run: () => {
      for (const t of tdlib.tests) {
        const { plaintext, key, iv } = tdlibIgeInputs(t.length);
        const got = crc32(impl.igeEncrypt(key, iv, plaintext)) >>> 0;
        if (got !== t.crc32) return `length ${t.length}: expected CRC32 ${t.crc32}, got ${got}`;
      }
      return undefined;
    },
  });
  const kdf = loadKnownAnswers('mtproto2-kdf-peers.json');
  for (const t of kdf.tests) {
    list.push({
      id: `kdf-peer-${t.id}`,
      title: `MTProto 2.0 KDF, ${t.name}`,
      source: t.source,
      rules: ['R2.1', 'R2.3'],
      run: () => {
        const k = impl.deriveMessageKeys(fromHex(t.key), impl.senderForKeyOffset(t.x), fromHex(t.msg_key));
        return firstMismatch(differ('aes_key', k.aesKey, t.aes_key), differ('aes_iv', k.aesIv, t.aes_iv));
      },
    });
  }
  const message = loadKnownAnswers('mtproto2-message-peers.json');
  for (const t of message.tests) {
    const { fingerprint, wire, plaintext, x } = t;
    list.push({
      id: `message-peer-${t.id}`,
      title: t.name,
      source: message.source,
      rules: fingerprint !== undefined ? ['R4.7'] : ['R2.1', 'R3.1'],
      run: () =>
        fingerprint !== undefined
          ? differ('fingerprint', impl.computeKeyFingerprint(fromHex(t.key)), fingerprint)
          : differ(
              'wire',
              impl.sealPlaintext(fromHex(t.key), impl.senderForKeyOffset(x!), fromHex(plaintext!)),
              wire!,
            ),
    });
  }
  const dh = loadKnownAnswers('dh-official-sample.json');
  const p = fromHex(dh.p);
  list.push(
    {
      id: 'dh-official-params',
      title: `DH parameters: the official 2048-bit safe prime with g = ${dh.g} are accepted`,
      source: dh.source,
      rules: ['R4.2'],
      run: () => {
        const r = impl.checkDhParams(p, dh.g);
        return r.ok ? undefined : `rejected: ${r.reason}`;
      },
    },
    {
      id: 'dh-official-exchange',
      title: 'DH exchange: g_b = g^b mod p, key = g_a^b mod p, fingerprint, key visualization hash',
      source: dh.source,
      rules: ['R4.3', 'R4.5', 'R4.7', 'R8.1'],
      run: () => {
        const b = fromHex(dh.b);
        const publicOk = [dh.g_a, dh.g_b].every((v) => impl.checkDhPublic(p, fromHex(v)).ok);
        const { key, fingerprint } = impl.computeDhKey(p, fromHex(dh.g_a), b);
        return firstMismatch(
          publicOk ? undefined : 'a published public value was rejected by the R4.3 range check',
          differ('g_b', impl.computeDhPublic(p, dh.g, b), dh.g_b),
          differ('key', key, dh.auth_key),
          differ('fingerprint', fingerprint, dh.fingerprint),
          differ('key_hash', impl.computeKeyHash(key), dh.key_hash),
        );
      },
    },
  );
  const tl = loadKnownAnswers('tl-community-payload.json');
  for (const t of tl.tests) {
    list.push({
      id: `tl-community-${t.id}`,
      title: `TL decode and re-encode: ${t.name}`,
      source: tl.source,
      rules: ['R7.1', 'R3.2'],
      run: () => {
        const decoded = impl.decodeTl(fromHex(t.tl), { type: 'DecryptedMessageLayer' });
        if (!decoded.ok) return `decode failed: ${decoded.error.code} at byte ${decoded.error.offset}`;
        const got = JSON.stringify(decoded.object);
        if (got !== JSON.stringify(t.object)) return `decoded ${got}, expected ${JSON.stringify(t.object)}`;
        return differ('re-encoded', impl.encodeTl(t.object), t.tl);
      },
    });
  }
  return list;
}

export async function runSelfCheck(impl: SelfCheckSubject = ref): Promise<SelfCheckReport> {
  const results: SelfCheckResult[] = [];
  for (const check of checks(impl)) {
    let detail: string | undefined;
    try {
      detail = check.run();
    } catch (error) {
      detail = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    }
    const { id, title, source, rules } = check;
    results.push(
      detail === undefined
        ? { id, title, source, rules, ok: true }
        : { id, title, source, rules, ok: false, detail },
    );
  }
  const passed = results.filter((r) => r.ok).length;
  return {
    tool: 'conform selfcheck',
    implementation: '@conform/reference',
    passed,
    failed: results.length - passed,
    results,
  };
}

export function formatSelfCheck(report: SelfCheckReport, options: { color: boolean }): string {
  const paint = (code: number, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines = [`conform selfcheck: ${report.implementation} against published known answers`];
  for (const r of report.results) {
    lines.push(`  ${r.ok ? paint(32, 'ok  ') : paint(31, 'FAIL')} ${r.title} [${r.rules.join(', ')}]`);
    if (!r.ok) lines.push(`       ${r.detail}`, `       source: ${r.source}`);
  }
  const summary = `${report.passed} passed, ${report.failed} failed`;
  lines.push(report.failed === 0 ? paint(32, summary) : paint(31, summary), '');
  return lines.join('\n');
}
