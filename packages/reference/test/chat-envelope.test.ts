// What the chat does with the envelope and TL checks of R3.7 (docs/spec.md §3) and the divergences
// D1, D2, D4, D5 (§12): which profile drops, which closes, and that a dropped message changes nothing.
import { describe, expect, it } from 'vitest';
import {
  ANDROID_CHAT_PROFILE,
  encodeTl,
  sealPlaintext,
  STRICT_CHAT_PROFILE,
  TDLIB_CHAT_PROFILE,
  type ChatProfile,
} from '../src/index.js';
import {
  forge,
  layerObject,
  open,
  sealTl,
  sendText,
  snapshot,
  text,
  withForgedPeer,
} from './support/chat-harness.js';
import { fromHex } from './support/hex.js';

const PROFILES: [string, ChatProfile][] = [
  ['strict', STRICT_CHAT_PROFILE],
  ['tdlib', TDLIB_CHAT_PROFILE],
  ['android', ANDROID_CHAT_PROFILE],
];

/** Receives `wire` and checks that the chat dropped it with `reason` and changed nothing. */
function expectDroppedUnchanged(
  setup: ReturnType<typeof withForgedPeer>,
  wire: Uint8Array,
  reason: string,
): void {
  const before = snapshot(setup.chat);
  expect(setup.chat.receive(wire)).toEqual({ status: 'dropped', delivered: [], outbox: [], reason });
  expect(setup.chat.checkpoint()).toEqual(before);
}

describe('R2.3 key offsets in the chat', () => {
  it("R2.3: the chat encrypts with its own x (creator 0, participant 8) and decrypts with the sender's", () => {
    const a = withForgedPeer('creator', 'r2.3-a');
    const wire = sendText(a.chat, 'from creator');
    expect(open(a.key, 'creator', wire).out_seq_no).toBe(3);
    expect(() => open(a.key, 'participant', wire)).toThrow(/msg_key_mismatch/);
    // A message sealed with the receiver's own x instead of the sender's is not authentic.
    const wrongX = forge(a.key, 'creator', {
      in_seq_no: a.peer.wireIn(1),
      out_seq_no: a.peer.wireOut(0),
      message: text('x confusion'),
    });
    expectDroppedUnchanged(a, wrongX, 'msg_key_mismatch');
    expect(a.chat.receive(a.peer.next(text('right x'))).status).toBe('delivered');
  });
});

describe('R3.5 / D1 at least 15 random bytes', () => {
  it.each([
    ['strict', STRICT_CHAT_PROFILE],
    ['android', ANDROID_CHAT_PROFILE],
  ] as const)(
    'R3.5 / D1: 14 random bytes are dropped in %s (few_random_bytes), nothing changes',
    (name, profile) => {
      const setup = withForgedPeer('creator', `r3.5-${name}`, { profile });
      const wire = setup.peer.next(text('14 bytes'), { random_bytes: new Uint8Array(14).fill(1) });
      expectDroppedUnchanged(setup, wire, 'few_random_bytes');
    },
  );

  it('R3.5 / D1: 14 random bytes are accepted in tdlib (not checked)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r3.5-tdlib', { profile: TDLIB_CHAT_PROFILE });
    const r = chat.receive(peer.next(text('14 bytes'), { random_bytes: new Uint8Array(14).fill(1) }));
    expect(r.status).toBe('delivered');
    expect(r.delivered.map((m) => m.message)).toEqual(['14 bytes']);
  });

  it('R3.5: exactly 15 random bytes are accepted by the strict profile', () => {
    const { chat, peer } = withForgedPeer('participant', 'r3.5-15');
    expect(chat.receive(peer.next(text('15'), { random_bytes: new Uint8Array(15) })).status).toBe(
      'delivered',
    );
  });

  it('R3.5: zero random bytes are dropped (strict)', () => {
    const setup = withForgedPeer('participant', 'r3.5-0');
    expectDroppedUnchanged(
      setup,
      setup.peer.next(text('0'), { random_bytes: new Uint8Array(0) }),
      'few_random_bytes',
    );
  });

  it.each([
    ['strict', STRICT_CHAT_PROFILE, 15],
    ['tdlib', TDLIB_CHAT_PROFILE, 31],
    ['android', ANDROID_CHAT_PROFILE, 15],
  ] as const)('R3.5: the %s profile sends %i random bytes', (name, profile, length) => {
    const { chat, key } = withForgedPeer('creator', `r3.5-send-${name}`, { profile });
    const layer = open(key, 'creator', sendText(chat, 'x'));
    expect((layer.random_bytes as string).length / 2).toBe(length);
  });
});

describe('R3.7 receiver checks through the chat', () => {
  it('R3.7 step 6 / D5: bytes after the layer object are dropped (strict, android) and close the chat (tdlib)', () => {
    for (const [name, profile] of PROFILES) {
      const setup = withForgedPeer('creator', `r3.7-trailing-${name}`, { profile });
      const body = encodeTl(
        layerObject({ in_seq_no: setup.peer.wireIn(1), out_seq_no: 0, message: text('trailing') }),
      );
      const tl = new Uint8Array(body.length + 4);
      tl.set(body);
      const wire = sealTl(setup.key, 'participant', tl);
      if (profile.onBadMessage === 'drop') {
        expectDroppedUnchanged(setup, wire, 'tl_trailing_bytes');
      } else {
        expect(setup.chat.receive(wire)).toEqual({
          status: 'closed',
          delivered: [],
          outbox: [],
          reason: 'bad_message:tl_trailing_bytes',
        });
        expect(setup.chat.checkpoint().close_reason).toBe('bad_message:tl_trailing_bytes');
      }
    }
  });

  it('R3.7 step 6 / R3.3: a message that is not a decryptedMessageLayer is dropped (strict), closes (tdlib)', () => {
    const strict = withForgedPeer('creator', 'r3.7-notlayer');
    const bare = sealTl(strict.key, 'participant', encodeTl(text('no layer')));
    const before = snapshot(strict.chat);
    const r = strict.chat.receive(bare);
    expect(r.status).toBe('dropped');
    expect(r.reason).toMatch(/^tl_/);
    expect(r.delivered).toEqual([]);
    expect(strict.chat.checkpoint()).toEqual(before);
    const tdlib = withForgedPeer('creator', 'r3.7-notlayer-t', { profile: TDLIB_CHAT_PROFILE });
    const r2 = tdlib.chat.receive(sealTl(tdlib.key, 'participant', encodeTl(text('no layer'))));
    expect(r2.status).toBe('closed');
    expect(tdlib.chat.checkpoint().close_reason).toMatch(/^bad_message:tl_/);
  });

  it('R3.7 step 6: an unknown constructor id is dropped (strict)', () => {
    const setup = withForgedPeer('participant', 'r3.7-unknown');
    const wire = sealTl(setup.key, 'creator', fromHex('01020304' + '00'.repeat(28)));
    expectDroppedUnchanged(setup, wire, 'tl_unknown_constructor');
  });

  it('R3.7 step 5: an authentic message whose length field is too big is dropped (strict), closes (tdlib)', () => {
    for (const [name, profile] of PROFILES) {
      const setup = withForgedPeer('creator', `r3.7-len-${name}`, { profile });
      const plaintext = new Uint8Array(64);
      plaintext.set([0xf0, 0, 0, 0]); // L = 240 > 60
      const wire = sealPlaintext(setup.key, 'participant', plaintext);
      if (profile.onBadMessage === 'drop') expectDroppedUnchanged(setup, wire, 'length_too_big');
      else expect(setup.chat.receive(wire).reason).toBe('bad_message:length_too_big');
    }
  });
});

describe('D2 reaction to a failed msg_key', () => {
  function tampered(setup: ReturnType<typeof withForgedPeer>): Uint8Array {
    const wire = setup.peer.next(text('tampered'));
    wire[10] = wire[10]! ^ 0x01; // inside msg_key
    return wire;
  }

  it('D2 (tdlib profile): a bad msg_key closes the chat (bad_message:msg_key_mismatch)', () => {
    const setup = withForgedPeer('creator', 'd2-tdlib', { profile: TDLIB_CHAT_PROFILE });
    expect(setup.chat.receive(tampered(setup))).toEqual({
      status: 'closed',
      delivered: [],
      outbox: [],
      reason: 'bad_message:msg_key_mismatch',
    });
    expect(setup.chat.checkpoint()).toMatchObject({
      state: 'closed',
      close_reason: 'bad_message:msg_key_mismatch',
    });
  });

  it.each([
    ['strict', STRICT_CHAT_PROFILE],
    ['android', ANDROID_CHAT_PROFILE],
  ] as const)('D2 (%s profile): a bad msg_key is dropped and changes nothing', (name, profile) => {
    const setup = withForgedPeer('creator', `d2-${name}`, { profile });
    expectDroppedUnchanged(setup, tampered(setup), 'msg_key_mismatch');
  });

  it('D2 / R3.7 step 4: a flipped ciphertext bit is a msg_key failure too (strict drop)', () => {
    const setup = withForgedPeer('participant', 'd2-cipher');
    const wire = setup.peer.next(text('flip'));
    wire[wire.length - 1] = wire[wire.length - 1]! ^ 0x80;
    expectDroppedUnchanged(setup, wire, 'msg_key_mismatch');
  });

  it.each(PROFILES)(
    'D2 / R3.7 step 2: an unknown fingerprint never closes the chat (%s profile)',
    (name, profile) => {
      const setup = withForgedPeer('creator', `d2-fp-${name}`, { profile });
      const wire = setup.peer.next(text('other key'));
      wire[0] = wire[0]! ^ 0xff;
      expectDroppedUnchanged(setup, wire, 'unknown_fingerprint');
      expect(setup.chat.checkpoint().state).toBe('ready');
    },
  );

  it('D2: after a dropped message the chat goes on with the same numbers (strict)', () => {
    const setup = withForgedPeer('creator', 'd2-goes-on');
    const bad = setup.peer.next(text('bad'));
    bad[12] = bad[12]! ^ 4;
    setup.chat.receive(bad);
    // The peer's counter moved, but the chat saw nothing: out 0 is still expected; resend it as out 0.
    const good = setup.peer.next(text('good'), { out_seq_no: 0 });
    expect(setup.chat.receive(good).status).toBe('delivered');
  });
});

describe('D4 ragged tail (R3.10)', () => {
  it('D4: 4 junk bytes after a valid message are ignored by tdlib (delivered) and dropped by strict (not_block_aligned)', () => {
    const tdlib = withForgedPeer('creator', 'd4-tdlib', { profile: TDLIB_CHAT_PROFILE });
    const w = tdlib.peer.next(text('ragged'));
    const ragged = new Uint8Array(w.length + 4);
    ragged.set(w);
    expect(tdlib.chat.receive(ragged).status).toBe('delivered');
    const strict = withForgedPeer('creator', 'd4-strict');
    const w2 = strict.peer.next(text('ragged'));
    const ragged2 = new Uint8Array(w2.length + 4);
    ragged2.set(w2);
    expectDroppedUnchanged(strict, ragged2, 'not_block_aligned');
  });
});
