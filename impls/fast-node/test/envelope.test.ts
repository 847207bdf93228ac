// The E2E envelope on the fast primitives against @conform/reference: encryption byte for byte,
// and decryption outcome for outcome — the same message, or the same rejection reason, which is
// how the order of R3.7's checks is compared (a structural fault reported only after the msg_key
// work, R3.8; the length field trusted only after msg_key).
import fc from 'fast-check';
import {
  decryptEnvelope as referenceDecrypt,
  encryptEnvelope as referenceEncrypt,
  sealPlaintext,
  senderForKeyOffset,
} from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { decryptEnvelope } from '../src/envelope-decrypt.js';
import { encryptEnvelope } from '../src/envelope-encrypt.js';
import { chooseSeed, seeded, toHex } from './support/seed.js';

const seed = chooseSeed();
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const key = bytes(256, 256);
const x = fc.constantFrom<0 | 8>(0, 8);
/** A TL body (whole words) and a padding R3.4 allows for it. */
const messageAndPadding = fc
  .integer({ min: 0, max: 200 })
  .chain((words) =>
    fc.record({ message: bytes(4 * words, 4 * words), extra: fc.integer({ min: 0, max: 63 }) }),
  )
  .chain(({ message, extra }) => {
    const smallest = 12 + ((16 - ((4 + message.length + 12) % 16)) % 16);
    const length = smallest + 16 * (extra % (Math.floor((1024 - smallest) / 16) + 1)); // R3.4: ≤ 1024
    return fc.record({ message: fc.constant(message), padding: bytes(length, length) });
  });

/** The outcome as comparable data: the message in hex, or the reason. */
function outcome(result: { ok: true; message: Uint8Array } | { ok: false; reason: string }): string {
  return result.ok ? `message ${toHex(result.message)}` : `rejected ${result.reason}`;
}
const fastOutcome = (key: Uint8Array, x: 0 | 8, data: Uint8Array) => outcome(decryptEnvelope(key, x, data));
const referenceOutcome = (key: Uint8Array, x: 0 | 8, data: Uint8Array) =>
  outcome(referenceDecrypt(key, senderForKeyOffset(x), data));

describe('e2e.encrypt on the fast primitives (R3.1, R3.2, R3.6)', () => {
  it('equals the reference byte for byte with a given padding', () => {
    fc.assert(
      fc.property(key, x, messageAndPadding, (key, x, { message, padding }) => {
        expect(toHex(encryptEnvelope(key, x, message, padding))).toBe(
          toHex(referenceEncrypt(key, senderForKeyOffset(x), message, { padding })),
        );
      }),
      seeded(seed, 500),
    );
  });

  it('draws a padding R3.4 allows when none is given: the reference opens every message', () => {
    fc.assert(
      fc.property(key, x, messageAndPadding, (key, x, { message }) => {
        const wire = encryptEnvelope(key, x, message, undefined);
        const opened = referenceDecrypt(key, senderForKeyOffset(x), wire);
        expect(opened.ok && toHex(opened.message)).toBe(toHex(message));
      }),
      seeded(seed, 300),
    );
  });

  it.each([
    ['a message that is not whole words', 5, 27],
    ['padding under 12 bytes (R3.4)', 8, 4],
    ['padding over 1024 bytes (R3.4)', 8, 1044],
    ['padding that leaves the plaintext ragged', 8, 13],
  ])('refuses %s with a RangeError', (_title, messageLength, paddingLength) => {
    expect(() =>
      encryptEnvelope(new Uint8Array(256), 0, new Uint8Array(messageLength), new Uint8Array(paddingLength)),
    ).toThrow(RangeError);
  });
});

describe('e2e.decrypt on the fast primitives: the reference outcome, check for check (R3.7, R3.8)', () => {
  /** A valid wire message and its key and sender, built by the reference. */
  const sealed = fc.record({ key, x, mp: messageAndPadding }).map(({ key, x, mp }) => ({
    key,
    x,
    message: mp.message,
    wire: referenceEncrypt(key, senderForKeyOffset(x), mp.message, { padding: mp.padding }),
  }));

  it('opens every valid message', () => {
    fc.assert(
      fc.property(sealed, ({ key, x, message, wire }) => {
        expect(fastOutcome(key, x, wire)).toBe(`message ${toHex(message)}`);
      }),
      seeded(seed, 500),
    );
  });

  it('flipped bits, truncations, extensions and the wrong sender', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('extend' as const), tail: bytes(1, 40) }),
      fc.record({ kind: fc.constant('sender' as const) }),
    );
    fc.assert(
      fc.property(sealed, mutation, ({ key, x, wire }, m) => {
        let data = wire.slice();
        let sender = x;
        if (m.kind === 'flip') data[m.at % data.length]! ^= 1 << m.bit;
        else if (m.kind === 'truncate') data = data.slice(0, m.at % data.length);
        else if (m.kind === 'extend') data = new Uint8Array([...data, ...m.tail]);
        else sender = x === 0 ? 8 : 0;
        expect(fastOutcome(key, sender, data)).toBe(referenceOutcome(key, sender, data));
      }),
      seeded(seed, 1000),
    );
  });

  it('authentic plaintexts with any length field and any length (step 5 after msg_key)', () => {
    const framed = fc.record({
      key,
      x,
      blocks: fc.integer({ min: 1, max: 80 }),
      length: fc.oneof(fc.nat({ max: 1400 }), fc.nat()),
    });
    fc.assert(
      fc.property(framed, ({ key, x, blocks, length }) => {
        const plaintext = new Uint8Array(16 * blocks);
        new DataView(plaintext.buffer).setUint32(0, length, true);
        const data = sealPlaintext(key, senderForKeyOffset(x), plaintext);
        expect(fastOutcome(key, x, data)).toBe(referenceOutcome(key, x, data));
      }),
      seeded(seed, 1000),
    );
  });

  it('random bytes under the right fingerprint, any length', () => {
    fc.assert(
      fc.property(key, x, bytes(0, 120), (key, x, tail) => {
        const fingerprint = referenceEncrypt(key, senderForKeyOffset(x), new Uint8Array(0), {
          padding: new Uint8Array(12),
        }).subarray(0, 8);
        const data = new Uint8Array([...fingerprint, ...tail]);
        expect(fastOutcome(key, x, data)).toBe(referenceOutcome(key, x, data));
      }),
      seeded(seed, 1000),
    );
  });

  // One case per reason, built from the rules (not from either implementation's output).
  it('reaches every reason of R3.7 in its order', () => {
    const k = Uint8Array.from({ length: 256 }, (_, i) => (i * 7) & 0xff);
    const frame = (length: number, size: number) => {
      const plaintext = new Uint8Array(size);
      new DataView(plaintext.buffer).setUint32(0, length, true);
      return sealPlaintext(k, 'creator', plaintext);
    };
    const good = frame(16, 32); // 16 bytes of body, 12 of padding
    const fingerprint = good.subarray(0, 8);
    const flipped = good.slice();
    flipped[30]! ^= 1;
    const cases: [Uint8Array, string][] = [
      [good.subarray(0, 23), 'too_short'],
      [new Uint8Array([...good.subarray(0, 7), good[7]! ^ 1, ...good.subarray(8)]), 'unknown_fingerprint'],
      // structural faults come out after the msg_key work, whatever msg_key says (R3.8)
      [new Uint8Array([...fingerprint, ...new Uint8Array(16 + 8)]), 'too_short'],
      [new Uint8Array([...good, 0, 0, 0, 0]), 'not_block_aligned'],
      [flipped, 'msg_key_mismatch'],
      [frame(6, 32), 'length_not_mod4'],
      [frame(32, 32), 'length_too_big'],
      [frame(20, 32), 'padding_too_short'],
      [frame(0, 16 * 66), 'padding_too_long'],
    ];
    for (const [data, reason] of cases) {
      expect(fastOutcome(k, 0, data), reason).toBe(`rejected ${reason}`);
      expect(referenceOutcome(k, 0, data), reason).toBe(`rejected ${reason}`);
    }
    expect(fastOutcome(k, 0, good)).toBe(`message ${'00'.repeat(16)}`);
  });
});
