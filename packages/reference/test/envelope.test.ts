// The E2E envelope (R3.1–R3.8): round trips for both roles, and every receiver check of R3.7 on
// both sides of its line. Expected rejections come from the rules, not from the code under test.
import { describe, expect, it } from 'vitest';
import {
  ANDROID_ENVELOPE_POLICY,
  computeKeyFingerprint,
  decryptEnvelope,
  encryptEnvelope,
  sealPlaintext,
  TDLIB_ENVELOPE_POLICY,
  type EnvelopePolicy,
  type Role,
} from '../src/index.js';
import { seededRng } from './support/rng.js';

const rng = seededRng('envelope tests');
const key = rng(256);
const otherKey = rng(256);
const ROLES: Role[] = ['creator', 'participant'];

/** A plaintext framed by hand: le32(length) ‖ body ‖ padding, with `length` free to lie. */
function frame(length: number, bodyLength: number, paddingLength: number): Uint8Array {
  const p = new Uint8Array(4 + bodyLength + paddingLength);
  new DataView(p.buffer).setUint32(0, length >>> 0, true);
  p.set(rng(bodyLength + paddingLength), 4);
  return p;
}

function reasonOf(data: Uint8Array, sender: Role, policy?: EnvelopePolicy, keys: Uint8Array[] = [key]) {
  const r = decryptEnvelope(keys, sender, data, policy);
  return r.ok ? 'accepted' : r.reason;
}

describe('envelope round trip (R3.6, R3.7)', () => {
  for (const sender of ROLES) {
    it(`decrypts what it encrypts, sender=${sender}, with given and drawn padding`, () => {
      for (const bodyLength of [0, 4, 8, 12, 16, 100, 1000, 4096]) {
        const message = rng(bodyLength);
        const drawn = encryptEnvelope(key, sender, message, { rng });
        const r = decryptEnvelope(key, sender, drawn);
        expect(r.ok).toBe(true);
        if (!r.ok) continue;
        expect(r.message).toEqual(message);
        expect(r.padding.length).toBeGreaterThanOrEqual(12);
        expect(r.padding.length).toBeLessThanOrEqual(1024);
        expect(drawn.subarray(0, 8)).toEqual(computeKeyFingerprint(key)); // R3.1
        expect(drawn.subarray(8, 24)).toEqual(r.msgKey);
      }
    });
  }

  it('draws padding lengths across the whole 12..1024 range (R3.4)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const r = decryptEnvelope(key, 'creator', encryptEnvelope(key, 'creator', new Uint8Array(8), { rng }));
      if (r.ok) seen.add(r.padding.length);
    }
    expect(Math.min(...seen)).toBe(20); // 4 + 8 + 20 = 32: the smallest aligned padding ≥ 12
    expect(Math.max(...seen)).toBeGreaterThan(900);
    expect(seen.size).toBeGreaterThan(40);
  });

  it('uses exactly the given padding: 12 and 1024 bytes both accepted (R3.4 bounds, inside)', () => {
    const small = encryptEnvelope(key, 'creator', new Uint8Array(0), { padding: new Uint8Array(12) });
    expect(small.length).toBe(24 + 16);
    expect(reasonOf(small, 'creator')).toBe('accepted');
    const large = encryptEnvelope(key, 'creator', new Uint8Array(12), { padding: new Uint8Array(1024) });
    expect(large.length).toBe(24 + 4 + 12 + 1024);
    expect(reasonOf(large, 'creator')).toBe('accepted');
  });

  it('creator and participant use different key parts: the wrong sender role is rejected (R2.3)', () => {
    const wire = encryptEnvelope(key, 'creator', new Uint8Array(16), { rng });
    expect(reasonOf(wire, 'creator')).toBe('accepted');
    expect(reasonOf(wire, 'participant')).toBe('msg_key_mismatch');
  });

  it('selects the key by fingerprint among two slots (R3.7 step 2, R5.9)', () => {
    const wire = encryptEnvelope(otherKey, 'participant', new Uint8Array(8), { rng });
    const r = decryptEnvelope([key, otherKey], 'participant', wire);
    expect(r.ok && r.keyIndex).toBe(1);
    expect(reasonOf(wire, 'participant', undefined, [key])).toBe('unknown_fingerprint');
  });
});

describe('receiver rejects (R3.7, R3.8)', () => {
  it('rejects a single-bit flip anywhere in the wire, for both roles', () => {
    for (const sender of ROLES) {
      const wire = encryptEnvelope(key, sender, rng(20), { padding: rng(24) });
      expect(wire.length).toBe(72);
      for (let bit = 0; bit < wire.length * 8; bit++) {
        const flipped = wire.slice();
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const expected = bit < 64 ? 'unknown_fingerprint' : 'msg_key_mismatch';
        expect(reasonOf(flipped, sender), `bit ${bit}`).toBe(expected);
      }
    }
  });

  it('rejects every truncation', () => {
    const wire = encryptEnvelope(key, 'creator', rng(100), { rng });
    for (let n = 0; n < wire.length; n++) {
      const r = reasonOf(wire.subarray(0, n), 'creator');
      expect(r, `length ${n}`).not.toBe('accepted');
      if (n < 40) expect(r).toBe('too_short');
      else if ((n - 24) % 16 !== 0) expect(r).toBe('not_block_aligned');
      else expect(r).toBe('msg_key_mismatch');
    }
  });

  it('rejects a ciphertext that is not a multiple of 16 (D4 strict), which TDLib ignores (R3.10)', () => {
    const wire = encryptEnvelope(key, 'creator', new Uint8Array(8), { padding: new Uint8Array(20) });
    for (let extra = 1; extra < 16; extra++) {
      const ragged = new Uint8Array(wire.length + extra);
      ragged.set(wire);
      expect(reasonOf(ragged, 'creator')).toBe('not_block_aligned');
      expect(reasonOf(ragged, 'creator', TDLIB_ENVELOPE_POLICY)).toBe('accepted');
    }
    // Under TDLib's rule the ignored bytes still count as padding: 1020 + 5 > 1024 is rejected.
    const nearMax = encryptEnvelope(key, 'creator', new Uint8Array(0), { padding: new Uint8Array(1020) });
    const over = new Uint8Array(nearMax.length + 5);
    over.set(nearMax);
    expect(reasonOf(over, 'creator', TDLIB_ENVELOPE_POLICY)).toBe('padding_too_long');
  });

  it('rejects a length field larger than the data, however authentic the message (R3.7 step 5b)', () => {
    for (const length of [36, 40, 1 << 20, 0xfffffffc]) {
      const wire = sealPlaintext(key, 'participant', frame(length, 16, 12)); // 32 bytes of plaintext
      expect(reasonOf(wire, 'participant'), `L=${length}`).toBe('length_too_big');
    }
  });

  it('checks padding on both sides of 12 and 1024 (R3.4, R3.7 step 5c)', () => {
    // With L % 4 == 0 and a block-aligned plaintext, padding is a multiple of 4: 8 | 12 and 1024 | 1028.
    expect(reasonOf(sealPlaintext(key, 'creator', frame(4, 4, 8)), 'creator')).toBe('padding_too_short');
    expect(reasonOf(sealPlaintext(key, 'creator', frame(0, 0, 12)), 'creator')).toBe('accepted');
    expect(reasonOf(sealPlaintext(key, 'creator', frame(0, 0, 1020)), 'creator')).toBe('accepted');
    expect(reasonOf(sealPlaintext(key, 'creator', frame(12, 12, 1024)), 'creator')).toBe('accepted');
    expect(reasonOf(sealPlaintext(key, 'creator', frame(8, 8, 1028)), 'creator')).toBe('padding_too_long');
    // Without the mod-4 rule (Android, D3) padding 11 and 1025 become possible and are still rejected.
    expect(reasonOf(sealPlaintext(key, 'creator', frame(1, 1, 11)), 'creator', ANDROID_ENVELOPE_POLICY)).toBe(
      'padding_too_short',
    );
    expect(
      reasonOf(sealPlaintext(key, 'creator', frame(11, 11, 1025)), 'creator', ANDROID_ENVELOPE_POLICY),
    ).toBe('padding_too_long');
    expect(
      reasonOf(sealPlaintext(key, 'creator', frame(14, 14, 1022)), 'creator', ANDROID_ENVELOPE_POLICY),
    ).toBe('accepted');
  });

  it('rejects a length field that is not a multiple of 4 (D3 strict), which Android allows', () => {
    const wire = sealPlaintext(key, 'creator', frame(5, 5, 23));
    expect(reasonOf(wire, 'creator')).toBe('length_not_mod4');
    expect(reasonOf(wire, 'creator', ANDROID_ENVELOPE_POLICY)).toBe('accepted');
  });

  it('reports structure problems only after the msg_key work (R3.8), and never throws', () => {
    expect(reasonOf(new Uint8Array(0), 'creator')).toBe('too_short');
    expect(reasonOf(new Uint8Array(23), 'creator')).toBe('too_short');
    const headerOnly = new Uint8Array(24);
    headerOnly.set(computeKeyFingerprint(key));
    expect(reasonOf(headerOnly, 'creator')).toBe('too_short');
    const r = decryptEnvelope(key, 'creator', headerOnly);
    expect(Object.keys(r).sort()).toEqual(['ok', 'reason']); // one shape for every failure
  });
});
