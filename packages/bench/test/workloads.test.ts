// The workloads of issue 7 and their inputs: deterministic from the seed, valid for their op, and the
// expected answers those of the reference (checked here against node:crypto and the envelope
// decryption, not recomputed the same way).
import { createCipheriv, createDecipheriv, createDiffieHellman, createHash } from 'node:crypto';
import { decodeTl, decryptEnvelope } from '@conform/reference';
import { ConfigError } from '@conform/runner';
import { describe, expect, it } from 'vitest';
import { buildInput, e2eMessage, parseSize, planWorkloads, seededRng, telegramPrime } from '../src/index.js';

const bytes = (hex: unknown) => Uint8Array.from(Buffer.from(String(hex), 'hex'));

describe('the plan', () => {
  it('is the issue’s list by default: IGE at 16 B–1 MiB, e2e at 64 B–64 KiB, msg_key+KDF, DH', () => {
    const { workloads } = planWorkloads();
    expect(workloads.map((w) => w.id)).toEqual([
      'ige.encrypt/16',
      'ige.encrypt/1024',
      'ige.encrypt/16384',
      'ige.encrypt/1048576',
      'ige.decrypt/16',
      'ige.decrypt/1024',
      'ige.decrypt/16384',
      'ige.decrypt/1048576',
      'e2e.encrypt/64',
      'e2e.encrypt/1024',
      'e2e.encrypt/65536',
      'e2e.decrypt/64',
      'e2e.decrypt/1024',
      'e2e.decrypt/65536',
      'mtproto2.msg_key/64',
      'mtproto2.msg_key/1024',
      'mtproto2.msg_key/65536',
      'mtproto2.kdf',
      'dh.key',
      'msg_key+kdf/64',
      'msg_key+kdf/1024',
      'msg_key+kdf/65536',
    ]);
    const sum = workloads.find((w) => w.id === 'msg_key+kdf/1024')!;
    expect(sum.op).toBeUndefined();
    expect(sum.components).toEqual(['mtproto2.msg_key/1024', 'mtproto2.kdf']);
  });

  it('selects by name and shorthand, and --sizes replaces the sizes of the ops that can take them', () => {
    expect(planWorkloads({ workloads: ['dh'] }).workloads.map((w) => w.id)).toEqual(['dh.key']);
    const plan = planWorkloads({ workloads: ['ige.decrypt', 'e2e'], sizes: [16, 4096] });
    expect(plan.workloads.map((w) => w.id)).toEqual([
      'ige.decrypt/16',
      'ige.decrypt/4096',
      'e2e.encrypt/4096',
      'e2e.decrypt/4096',
    ]);
    expect(plan.notes.join('\n')).toMatch(/e2e\.encrypt: 16 B skipped \(the smallest decryptedMessageLayer/);
    // msg_key alone has no KDF to add: no derived sum.
    expect(planWorkloads({ workloads: ['mtproto2.msg_key'] }).workloads.map((w) => w.workload)).not.toContain(
      'msg_key+kdf',
    );
  });

  it('refuses unknown workloads and sizes no selected op can take, naming them', () => {
    expect(() => planWorkloads({ workloads: ['aes'] })).toThrow(ConfigError);
    expect(() => planWorkloads({ workloads: ['aes'] })).toThrow(/unknown workload "aes".*ige\.encrypt/);
    expect(() => planWorkloads({ workloads: ['ige'], sizes: [24] })).toThrow(
      /no selected workload takes 24 B/,
    );
    expect(() => planWorkloads({ workloads: ['dh'], sizes: [64] })).toThrow(ConfigError);
  });

  it('reads sizes with binary K and M, and refuses what is not one', () => {
    expect(['16', '1K', '1KiB', '64 kb', '1M', '1MiB', '4096B'].map(parseSize)).toEqual([
      16, 1024, 1024, 65536, 1048576, 1048576, 4096,
    ]);
    for (const bad of ['', '1.5K', 'ten', '0', '5M', '-16'])
      expect(() => parseSize(bad), bad).toThrow(ConfigError);
  });
});

describe('the inputs', () => {
  it('are the same for the same seed and differ for another', () => {
    const w = planWorkloads({ workloads: ['ige.encrypt'], sizes: [64] }).workloads[0]!;
    expect(buildInput(w, 's')).toEqual(buildInput(w, 's'));
    expect(buildInput(w, 's').args['data']).not.toBe(buildInput(w, 't').args['data']);
    expect(seededRng('a', 'b')(5)).toEqual(seededRng('a', 'b')(5));
  });

  it('hold e2e messages that are valid decryptedMessageLayers of exactly the requested size', () => {
    const rng = seededRng('sizes', 'e2e');
    for (const size of [56, 60, 64, 252, 256, 260, 1024, 65536]) {
      const message = e2eMessage(size, rng);
      expect(message.length, `${size}`).toBe(size);
      const decoded = decodeTl(message);
      expect(decoded.ok && decoded.object['_']).toBe('decryptedMessageLayer');
    }
    expect(() => e2eMessage(52, rng)).toThrow(RangeError);
  });

  it('expect for IGE what node:crypto computes block by block (R1.2)', () => {
    for (const op of ['ige.encrypt', 'ige.decrypt'] as const) {
      const w = planWorkloads({ workloads: [op], sizes: [64] }).workloads[0]!;
      const { args, expected } = buildInput(w, 'ige');
      const [key, iv, data] = [bytes(args['key']), bytes(args['iv']), bytes(args['data'])];
      // IGE from single-block AES-256-ECB: iv[0:16] is c_0, iv[16:32] is m_0.
      const aes = (block: Uint8Array) => {
        const c = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
        return new Uint8Array(Buffer.concat([c.update(block), c.final()]));
      };
      const aesInverse = (block: Uint8Array) => {
        const d = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
        return new Uint8Array(Buffer.concat([d.update(block), d.final()]));
      };
      const xor = (a: Uint8Array, b: Uint8Array) => a.map((v, i) => v ^ b[i]!);
      let [prevC, prevM] = [iv.subarray(0, 16), iv.subarray(16, 32)];
      const out: number[] = [];
      for (let off = 0; off < data.length; off += 16) {
        const block = data.subarray(off, off + 16);
        if (op === 'ige.encrypt') {
          const c = xor(aes(xor(block, prevC)), prevM);
          out.push(...c);
          [prevC, prevM] = [c, block];
        } else {
          const m = xor(aesInverse(xor(block, prevM)), prevC);
          out.push(...m);
          [prevC, prevM] = [block, m];
        }
      }
      expect(expected['data']).toBe(Buffer.from(out).toString('hex'));
    }
  });

  it('give e2e.decrypt a wire message that decrypts to the expected TL, and e2e.encrypt its padding', () => {
    const [enc, dec] = planWorkloads({ workloads: ['e2e'], sizes: [1024] }).workloads;
    const d = buildInput(dec!, 'e2e');
    const r = decryptEnvelope(bytes(d.args['key']), 'creator', bytes(d.args['data']));
    expect(r.ok && Buffer.from(r.message).toString('hex')).toBe(d.expected['message']);
    const e = buildInput(enc!, 'e2e');
    expect(e.args['x']).toBe(0);
    expect((4 + 1024 + bytes(e.args['padding']).length) % 16).toBe(0);
    // R3.1: the wire starts with the key's fingerprint, SHA1(key)[12:20].
    const fingerprint = createHash('sha1')
      .update(bytes(e.args['key']))
      .digest()
      .subarray(12, 20)
      .toString('hex');
    expect(e.expected['data']!.slice(0, 16)).toBe(fingerprint);
  });

  it('compute dh.key on the Telegram prime, as node:crypto (OpenSSL) does', () => {
    const p = telegramPrime();
    expect(p.length).toBe(256);
    expect(Buffer.from(p).toString('hex').slice(0, 16)).toBe('c71caeb9c6b1c904');
    const w = planWorkloads({ workloads: ['dh'] }).workloads[0]!;
    const { args, expected } = buildInput(w, 'dh');
    expect(args['p']).toBe(Buffer.from(p).toString('hex'));
    const ours = createDiffieHellman(Buffer.from(p), Buffer.from([3]));
    ours.setPrivateKey(Buffer.from(bytes(args['secret'])));
    const key = ours.computeSecret(Buffer.from(bytes(args['public'])));
    expect(expected['key']).toBe(Buffer.concat([Buffer.alloc(256 - key.length), key]).toString('hex'));
  });
});
