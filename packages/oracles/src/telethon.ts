// Telethon as a peer, through Debian's python (/usr/bin/python3 + python3-telethon). Python start-up
// and Telethon's import cost ~0.5 s, so a test file sends every case in ONE batch to ONE process
// (telethon_oracle.py documents the ops). Telethon may be missing on a dev machine: runTelethon then
// resolves to { available: false, reason } and the caller skips, except under CI where it must fail.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const PYTHON = '/usr/bin/python3';
// Native hex: a batch carries megabytes of it.
const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
// From src/ (tests) and dist/ (builds) alike.
const SCRIPT = join(import.meta.dirname, '..', 'python', 'telethon_oracle.py');

/** Which IGE Telethon runs: OpenSSL via ctypes (its default here) or its own pure-Python loop. */
export type TelethonIgeBackend = 'libssl' | 'python';

export type TelethonOp =
  | {
      op: 'ige_encrypt' | 'ige_decrypt';
      backend: TelethonIgeBackend;
      key: Uint8Array;
      iv: Uint8Array;
      data: Uint8Array;
    }
  | { op: 'kdf'; key: Uint8Array; msgKey: Uint8Array; x: 0 | 8 }
  | { op: 'encrypt_message'; key: Uint8Array; salt: Uint8Array; sessionId: Uint8Array; data: Uint8Array }
  | { op: 'decrypt_message'; key: Uint8Array; sessionId: Uint8Array; wire: Uint8Array };

export type TelethonResult =
  | { out: Uint8Array }
  | { aesKey: Uint8Array; aesIv: Uint8Array }
  | { wire: Uint8Array }
  | { ok: true; msgId: bigint }
  | { ok: false; reason: string };

export type TelethonBatch =
  { available: true; version: string; results: TelethonResult[] } | { available: false; reason: string };

/** Telethon's rejection text for a msg_key that does not match the decrypted plaintext. */
export const TELETHON_MSG_KEY_REJECTION = /msg_key doesn't match/;

/** Runs `ops` in one Telethon process; resolves to the results in order, or to why it is unavailable. */
export async function runTelethon(ops: readonly TelethonOp[]): Promise<TelethonBatch> {
  const { code, stdout, stderr } = await runPython(JSON.stringify({ ops: ops.map(encodeOp) }));
  if (code === 'ENOENT') return { available: false, reason: `${PYTHON} not found` };
  if (code === 3)
    return { available: false, reason: (JSON.parse(stdout) as { unavailable: string }).unavailable };
  // Any other failure is a bug in the harness or in the peer, never a reason to skip.
  if (code !== 0) throw new Error(`telethon_oracle.py exited with ${code}: ${stderr.slice(-2000)}`);
  const answer = JSON.parse(stdout) as { telethon: string; results: Record<string, unknown>[] };
  return { available: true, version: answer.telethon, results: answer.results.map(decodeResult) };
}

function encodeOp(op: TelethonOp): Record<string, unknown> {
  switch (op.op) {
    case 'ige_encrypt':
    case 'ige_decrypt':
      return { op: op.op, backend: op.backend, key: toHex(op.key), iv: toHex(op.iv), data: toHex(op.data) };
    case 'kdf':
      return { op: op.op, key: toHex(op.key), msg_key: toHex(op.msgKey), x: op.x };
    case 'encrypt_message':
      return {
        op: op.op,
        key: toHex(op.key),
        salt: toHex(op.salt),
        session_id: toHex(op.sessionId),
        data: toHex(op.data),
      };
    case 'decrypt_message':
      return { op: op.op, key: toHex(op.key), session_id: toHex(op.sessionId), wire: toHex(op.wire) };
  }
}

function decodeResult(r: Record<string, unknown>): TelethonResult {
  if (typeof r.out === 'string') return { out: fromHex(r.out) };
  if (typeof r.aes_key === 'string' && typeof r.aes_iv === 'string') {
    return { aesKey: fromHex(r.aes_key), aesIv: fromHex(r.aes_iv) };
  }
  if (typeof r.wire === 'string') return { wire: fromHex(r.wire) };
  if (r.ok === true && typeof r.msg_id === 'string') return { ok: true, msgId: BigInt(r.msg_id) };
  if (r.ok === false && typeof r.reason === 'string') return { ok: false, reason: r.reason };
  throw new Error(`telethon_oracle.py: unexpected result ${JSON.stringify(r).slice(0, 200)}`);
}

function runPython(input: string): Promise<{ code: number | 'ENOENT'; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // cwd outside the package: a python started next to a file named like a stdlib module would import it.
    const child = spawn(PYTHON, [SCRIPT], { cwd: '/', stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? resolve({ code: 'ENOENT', stdout: '', stderr: '' }) : reject(error),
    );
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
    child.stdin.on('error', () => undefined); // EPIPE when python dies early; 'close' reports it
    child.stdin.end(input);
  });
}
