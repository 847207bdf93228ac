// The self-check passes on the reference and fails, naming the check, on deliberately broken
// variants of it: each mutant carries one bug that a real implementation could have.
import * as ref from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { formatSelfCheck, runSelfCheck, type SelfCheckSubject } from '../src/selfcheck.js';

const swapHalves = (iv: Uint8Array) => new Uint8Array([...iv.subarray(16), ...iv.subarray(0, 16)]);

const mutants: Record<string, { subject: SelfCheckSubject; caughtBy: RegExp }> = {
  'IGE with the IV halves swapped (R1.2)': {
    subject: { ...ref, igeEncrypt: (k, iv, d) => ref.igeEncrypt(k, swapHalves(iv), d) },
    caughtBy: /^ige-/,
  },
  'KDF with x swapped between the roles (R2.3)': {
    subject: { ...ref, senderForKeyOffset: (x) => ref.senderForKeyOffset(x === 0 ? 8 : 0) },
    caughtBy: /^kdf-peer-/,
  },
  'fingerprint from the first 8 bytes of SHA1 (R4.7)': {
    subject: {
      ...ref,
      computeKeyFingerprint: (key) => {
        const fp = ref.computeKeyFingerprint(key);
        return fp.reverse();
      },
    },
    caughtBy: /^message-peer-1$/,
  },
  'decryption that does not undo encryption': {
    subject: { ...ref, igeDecrypt: (k, iv, d) => ref.igeEncrypt(k, iv, d) },
    caughtBy: /^ige-official-/,
  },
};

describe('conform selfcheck', () => {
  it('passes every check on the reference', async () => {
    const report = await runSelfCheck();
    expect(report.results.length).toBeGreaterThanOrEqual(8);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.failed).toBe(0);
  });

  for (const [name, { subject, caughtBy }] of Object.entries(mutants)) {
    it(`catches a mutant: ${name}`, async () => {
      const report = await runSelfCheck(subject);
      const failedIds = report.results.filter((r) => !r.ok).map((r) => r.id);
      expect(failedIds.length).toBeGreaterThan(0);
      expect(
        failedIds.some((id) => caughtBy.test(id)),
        failedIds.join(', '),
      ).toBe(true);
      expect(formatSelfCheck(report, { color: false })).toMatch(/FAIL .*\n\s+\S.*\n\s+source: /);
    });
  }

  it('reports a thrown exception as a failure instead of crashing', async () => {
    const report = await runSelfCheck({
      ...ref,
      deriveMessageKeys: () => {
        throw new Error('boom');
      },
    });
    const failed = report.results.filter((r) => !r.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.detail).toMatch(/threw Error: boom/);
  });
});

describe('conform selfcheck on DH mutants', () => {
  it('catches a key written little-endian instead of big-endian (R4.7)', async () => {
    const report = await runSelfCheck({
      ...ref,
      computeDhKey: (p, pub, secret) => {
        const key = ref.computeDhKey(p, pub, secret).key.reverse();
        return { key, fingerprint: ref.computeKeyFingerprint(key) };
      },
    });
    expect(report.results.find((r) => r.id === 'dh-official-exchange')?.detail).toMatch(/^key: expected/);
  });
  it('catches a parameter check that forgets g = 3 is allowed when p mod 3 = 2 (R4.2)', async () => {
    const report = await runSelfCheck({ ...ref, checkDhParams: () => ({ ok: false, reason: 'g_residue' }) });
    expect(report.results.find((r) => r.id === 'dh-official-params')?.detail).toMatch(/g_residue/);
  });
});
