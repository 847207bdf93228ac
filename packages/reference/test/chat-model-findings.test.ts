// Findings of the model-based test (test/chat-model.test.ts), each cut down to a fixed scenario over
// the same in-memory server. `it.fails` marks behaviour the spec does not allow that the reference
// still shows: the test states what the spec requires and fails today; once the code is fixed it
// passes, `it.fails` reports that, and it should become a plain `it` (as finding 1 has).
import { describe, expect, it } from 'vitest';
import { STRICT_CHAT_PROFILE, type TlObject } from '../src/index.js';
import { ChatNetwork } from './support/chat-network.js';
import { fromHex } from './support/hex.js';
import { loadKnownAnswers } from '@conform/known-answers';

const dh = loadKnownAnswers('dh-official-sample.json');
const P = fromHex(dh.p);

const text = (id: string): TlObject => ({ _: 'decryptedMessage', random_id: id, ttl: 0, message: `#${id}` });

/**
 * A re-key B started and completed: B requested, A accepted, B committed, A switched on CommitKey and
 * sent Noop (R5.5, R5.8), B retired its old key on that Noop. A still holds the old key as `other`
 * (it drops it on the first message under the new key, R5.9).
 */
function afterRekeyStartedByB(): ChatNetwork {
  const net = ChatNetwork.open({
    p: P,
    g: dh.g,
    profile: STRICT_CHAT_PROFILE,
    seed: 'finding-1',
    now: 1_700_000_000,
  });
  net.deliver('AtoB'); // A's NotifyLayer
  net.deliver('BtoA'); // B's NotifyLayer
  expect(net.rekey('B')).toBe('started');
  net.deliver('BtoA'); // RequestKey → A answers AcceptKey
  net.deliver('AtoB'); // AcceptKey → B sends CommitKey (old key) and switches
  net.deliver('BtoA'); // CommitKey → A switches, sends Noop under the new key
  net.deliver('AtoB'); // Noop → B retires the old key
  expect(net.queueLength('AtoB') + net.queueLength('BtoA')).toBe(0);
  // Since the fix for finding 2, A (which received CommitKey) retires the old key at once (R5.8).
  expect(net.a.checkpoint().other_key).toBeNull();
  expect(net.b.checkpoint().other_key).toBeNull();
  return net;
}

describe('findings of the chat model test', () => {
  it('control: the same messages delivered in order — A drops the old key and answers the RequestKey', () => {
    const net = afterRekeyStartedByB();
    net.send('B', text('1')); // raw 3, new key
    expect(net.rekey('B')).toBe('started'); // raw 4: RequestKey (B holds one key, no exchange open: R5.1)
    net.send('B', text('2')); // raw 5
    net.deliver('BtoA', 0);
    net.deliver('BtoA', 0);
    net.deliver('BtoA', 0);
    expect(net.a.chatState).toBe('ready');
    expect(net.received.BtoA).toEqual(['1', '2']);
    expect(net.a.checkpoint().rekey.state).toBe('accepted');
  });

  // Finding 1 (found by the model test; fixed in the working tree while this was written, kept as a
  // regression test). Input: B's messages raw 3 (text, new key), raw 4 (RequestKey), raw 5 (text)
  // arrive at A in the order 4, 5, 3 (one message late; nothing lost). Expected: as in the control —
  // processing raw 3, a message under the current key with no gap up to the switch, A drops the old key
  // (R5.8 "once the gaps are filled it MUST be securely discarded"; R5.9 TDLib drops it on the first
  // inbound message under the current key), so the RequestKey that follows is an ordinary one (R5.3)
  // and both texts are delivered. Was: retireOrAdoptKeys also waited for an empty gap queue; raw 5 still
  // sat in it, so A still held the old key at the RequestKey and closed with `unexpected_request_key`.
  it('finding 1: a RequestKey released from the gap queue behind its predecessor must not close the chat (R5.3, R5.8, R5.9)', () => {
    const net = afterRekeyStartedByB();
    net.send('B', text('1')); // raw 3
    expect(net.rekey('B')).toBe('started'); // raw 4
    net.send('B', text('2')); // raw 5
    expect(net.describeQueue('BtoA')).toBe('3 4 5');
    net.deliver('BtoA', 1); // raw 4 first: queued, A asks for raw 3 (R6.6)
    net.deliver('BtoA', 1); // raw 5: queued
    net.deliver('BtoA', 0); // raw 3: in order; releases 4, then 5
    expect(net.a.checkpoint().close_reason).toBeNull();
    expect(net.a.chatState).toBe('ready');
    expect(net.received.BtoA).toEqual(['1', '2']);
    expect(net.a.checkpoint().rekey.state).toBe('accepted');
  });

  // Finding 2. Input: only A's user sends (one message at a time, everything delivered in order, nothing
  // lost). Expected (R5.1): a key is renewed once it has been used for more than 100 messages, so no key
  // carries more than a few hundred. Actual: once B wins a concurrent exchange (R5.7; B only receives),
  // A switches on CommitKey and keeps the old key until B sends something under the new key (R5.9); B
  // never does, and B may not start a re-key because it has encrypted nothing under the new key (R5.1
  // proviso); A, still holding the old key, may not start one either (R5.1, TDLib precondition). So
  // re-keying stops for good and the key encrypts without limit. R5.8 lets the side that received
  // CommitKey drop the old key at once when it has no gaps, which would avoid this; TDLib has no
  // "encrypted at least one" proviso, so its B would start the next exchange.
  it('finding 2: with traffic in one direction only, re-keying must not stop (R5.1, R5.8)', () => {
    const net = ChatNetwork.open({
      p: P,
      g: dh.g,
      profile: STRICT_CHAT_PROFILE,
      seed: 'oneway',
      now: 1_700_000_000,
    });
    net.settle();
    let switches = 0;
    let underKey = 0;
    let longest = 0;
    for (let i = 1; i <= 800; i++) {
      net.send('A', text(String(i)));
      net.settle();
      if (net.stats.switches.A !== switches) {
        switches = net.stats.switches.A;
        underKey = 0;
      }
      longest = Math.max(longest, ++underKey);
    }
    expect(net.received.AtoB).toHaveLength(800);
    expect(longest, `most user messages A sent under one key (${switches} re-keys)`).toBeLessThanOrEqual(300);
  });
});
