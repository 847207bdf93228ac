// Acceptance 4 (envelope half): for any byte string, decryptEnvelope returns a value — accepted or
// one of the R3.7 rejection reasons — and never throws. Inputs are drawn to reach past each check:
// random bytes, bytes behind the right fingerprint, and authentic messages that were then mutated.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeKeyFingerprint,
  decryptEnvelope,
  encryptEnvelope,
  sealPlaintext,
  STRICT_ENVELOPE_POLICY,
  TDLIB_ENVELOPE_POLICY,
  ANDROID_ENVELOPE_POLICY,
  type EnvelopeRejectReason,
  type Role,
} from '../src/index.js';
import { seededRng } from './support/rng.js';
import { propertyRuns, propertySeed } from './support/seed.js';

const rng = seededRng('envelope property');
const key = rng(256);
const fingerprint = computeKeyFingerprint(key);
const REASONS: EnvelopeRejectReason[] = [
  'too_short',
  'not_block_aligned',
  'unknown_fingerprint',
  'msg_key_mismatch',
  'length_not_mod4',
  'length_too_big',
  'padding_too_short',
  'padding_too_long',
];

const role = fc.constantFrom<Role>('creator', 'participant');
const policy = fc.constantFrom(STRICT_ENVELOPE_POLICY, TDLIB_ENVELOPE_POLICY, ANDROID_ENVELOPE_POLICY);

const withFingerprint = fc.uint8Array({ maxLength: 2048 }).map((tail) => {
  const data = new Uint8Array(8 + tail.length);
  data.set(fingerprint);
  data.set(tail, 8);
  return data;
});

/** An authentic message from the reference, then damaged in one of the ways attackers and bugs do. */
const mutatedAuthentic = fc
  .record({
    sender: role,
    body: fc.uint8Array({ maxLength: 256 }).map((b) => b.subarray(0, b.length - (b.length % 4))),
    edit: fc.nat(),
    kind: fc.constantFrom('flip', 'truncate', 'extend', 'swap-blocks', 'reframe'),
    value: fc.nat({ max: 0xffffffff }),
  })
  .map(({ sender, body, edit, kind, value }) => {
    const wire = encryptEnvelope(key, sender, body, { rng });
    const at = edit % wire.length;
    switch (kind) {
      case 'flip': {
        const w = wire.slice();
        w[at]! ^= 1 << (value % 8);
        return w;
      }
      case 'truncate':
        return wire.subarray(0, at);
      case 'extend': {
        const w = new Uint8Array(wire.length + 1 + (value % 32));
        w.set(wire);
        return w;
      }
      case 'swap-blocks': {
        const w = wire.slice();
        const blocks = (w.length - 24) / 16;
        if (blocks >= 2) {
          const a = 24 + 16 * (at % blocks);
          const b = 24 + 16 * ((at + 1) % blocks);
          const tmp = w.slice(a, a + 16);
          w.copyWithin(a, b, b + 16);
          w.set(tmp, b);
        }
        return w;
      }
      default: {
        // Authentic (right msg_key) but with an arbitrary length field: only step 5 can catch it.
        const p = new Uint8Array(16 * (1 + (at % 70)));
        p.set(rng(p.length));
        new DataView(p.buffer).setUint32(0, value, true);
        return sealPlaintext(key, sender, p);
      }
    }
  });

describe('decryptEnvelope on arbitrary input (acceptance 4)', () => {
  it('returns a value, never throws, for any byte string (≥ 10,000 cases)', () => {
    const seed = propertySeed('decryptEnvelope arbitrary input');
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 2048 }), withFingerprint, mutatedAuthentic),
        role,
        policy,
        (data, sender, pol) => {
          const r = decryptEnvelope(key, sender, data, pol);
          if (r.ok) {
            expect(r.message.length % (pol.lengthMod4 === 'reject' ? 4 : 1)).toBe(0);
            expect(r.padding.length).toBeGreaterThanOrEqual(12);
          } else {
            expect(REASONS).toContain(r.reason);
          }
        },
      ),
      { seed, numRuns: propertyRuns(10_000) },
    );
  });

  it('every mutation of an authentic message that changes its bytes is rejected', () => {
    const seed = propertySeed('mutated authentic messages are rejected');
    fc.assert(
      fc.property(
        role,
        fc.uint8Array({ minLength: 4, maxLength: 64 }).map((b) => b.subarray(0, b.length - (b.length % 4))),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (sender, body, pos, bit) => {
          const wire = encryptEnvelope(key, sender, body, { rng });
          const w = wire.slice();
          w[pos % w.length]! ^= 1 << bit;
          expect(decryptEnvelope(key, sender, w).ok).toBe(false);
        },
      ),
      { seed, numRuns: propertyRuns(2_000) },
    );
  });
});
