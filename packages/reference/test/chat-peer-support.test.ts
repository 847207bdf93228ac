// SecretChat.inspect and SecretChat.forge, which the runner uses to play the peer in chat
// transcripts: neither changes the chat's state, inspect reads exactly what receive would
// process, and forge defaults to exactly the fields the next real message would carry.
import { describe, expect, it } from 'vitest';
import { open, readyPair, sendText, snapshot, text } from './support/chat-harness.js';

describe('SecretChat.inspect', () => {
  it('reads a message of the peer as receive would, and changes nothing', () => {
    const pair = readyPair('inspect');
    const wire = sendText(pair.a, 'look, do not touch');
    const before = snapshot(pair.b);
    const seen = pair.b.inspect(wire);
    expect(seen).toEqual({ ok: true, layer: open(pair.key, 'creator', wire), slot: 'current' });
    expect(snapshot(pair.b)).toEqual(before);
    pair.b.receive(pair.aNotify);
    expect(pair.b.receive(wire).delivered).toEqual([
      expect.objectContaining({ message: 'look, do not touch' }),
    ]);
  });

  it('refuses what the chat would refuse: our own message, a flipped bit, no key yet', () => {
    const pair = readyPair('inspect-refuses');
    const wire = sendText(pair.a, 'x');
    expect(pair.a.inspect(wire)).toMatchObject({ ok: false }); // sent by a itself: the wrong x
    const flipped = wire.slice();
    flipped[20] = flipped[20]! ^ 1;
    expect(pair.b.inspect(flipped)).toEqual({ ok: false, reason: 'msg_key_mismatch' });
  });
});

describe('SecretChat.forge', () => {
  it('by default seals exactly the fields of the next real message, without counting it', () => {
    const pair = readyPair('forge-default');
    const before = snapshot(pair.a);
    const forged = open(pair.key, 'creator', pair.a.forge(text('forged', '11')));
    expect(snapshot(pair.a)).toEqual(before);
    const real = open(pair.key, 'creator', sendText(pair.a, 'real'));
    for (const field of ['in_seq_no', 'out_seq_no', 'layer'] as const)
      expect(forged[field]).toBe(real[field]);
    expect((forged.random_bytes as string).length / 2).toBe(15);
  });

  it('overrides seq numbers, layer and random bytes: a wrong parity closes the receiver (R6.3)', () => {
    const pair = readyPair('forge-override');
    const wire = pair.a.forge(text('odd'), {
      outSeqNo: 2,
      inSeqNo: 0,
      layer: 101,
      randomBytes: new Uint8Array(20),
    });
    expect(open(pair.key, 'creator', wire)).toMatchObject({ out_seq_no: 2, in_seq_no: 0, layer: 101 });
    pair.b.receive(pair.aNotify);
    expect(pair.b.receive(wire)).toMatchObject({ status: 'closed', reason: 'bad_seq_no' });
  });

  it('needs a key in the slot it is asked to use', () => {
    const pair = readyPair('forge-slot');
    expect(() => pair.a.forge(text('x'), { slot: 'other' })).toThrow(RangeError);
  });
});
