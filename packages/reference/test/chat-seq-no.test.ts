// Sequence numbers (docs/spec.md §6): counters and parity (R6.1–R6.3), duplicates and gaps (R6.4),
// in_seq_no checks (R6.5), Resend both ways (R6.6, R6.7) and the gap-queue bound (R6.8, D7).
// The peer is played by the test (ForgedPeer) so every number on the wire is chosen here.
import { describe, expect, it } from 'vitest';
import { ANDROID_CHAT_PROFILE, TDLIB_CHAT_PROFILE, type TlObject } from '../src/index.js';
import {
  actionOf,
  notifyLayerAction,
  open,
  readyPair,
  resendAction,
  sendText,
  service,
  snapshot,
  text,
  withForgedPeer,
} from './support/chat-harness.js';

describe('R6.1 raw counters', () => {
  it('R6.1: counters start at (0, 0) and count every message sent and received in order, service ones included', () => {
    const pair = readyPair('r6.1');
    // NotifyLayer already counts on both sides.
    expect(pair.a.checkpoint()).toMatchObject({ out_seq_no: 1, in_seq_no: 0, his_in_seq_no: 0 });
    expect(pair.b.checkpoint()).toMatchObject({ out_seq_no: 1, in_seq_no: 0, his_in_seq_no: 0 });
    expect(pair.a.receive(pair.bNotify).status).toBe('delivered'); // NotifyLayer: not for the user...
    expect(pair.a.checkpoint()).toMatchObject({ in_seq_no: 1, out_seq_no: 1 }); // ...but counted
    sendText(pair.a, 'one');
    sendText(pair.a, 'two');
    expect(pair.a.checkpoint()).toMatchObject({ out_seq_no: 3, in_seq_no: 1 });
  });

  it('R6.1: every service message consumes a number: NotifyLayer, Resend and RequestKey, then a text gets out_seq_no 7', () => {
    const { chat, peer, key } = withForgedPeer('creator', 'r6.1-svc');
    const m0 = peer.next(text('m0'));
    peer.next(text('lost'));
    const m2 = peer.next(text('m2'));
    chat.receive(m0);
    const gap = chat.receive(m2); // → Resend (raw 1)
    expect(gap.outbox).toHaveLength(1);
    expect(open(key, 'creator', gap.outbox[0]!).out_seq_no).toBe(3);
    const rk = chat.rekey(); // → RequestKey (raw 2)
    if (!rk.ok) throw new Error('rekey');
    expect(open(key, 'creator', rk.outbox[0]!).out_seq_no).toBe(5);
    const t = open(key, 'creator', sendText(chat, 'after services'));
    expect(t.out_seq_no).toBe(7);
    expect(chat.checkpoint().out_seq_no).toBe(4);
  });
});

describe('R6.2 seq_no on the wire', () => {
  it("R6.2: the creator's first three messages carry out_seq_no 1, 3, 5 and the participant's 0, 2, 4 (NotifyLayer counts)", () => {
    const pair = readyPair('r6.2');
    const a = [pair.aNotify, sendText(pair.a, 'a1'), sendText(pair.a, 'a2')];
    const b = [pair.bNotify, sendText(pair.b, 'b1'), sendText(pair.b, 'b2')];
    expect(a.map((w) => open(pair.key, 'creator', w).out_seq_no)).toEqual([1, 3, 5]);
    expect(b.map((w) => open(pair.key, 'participant', w).out_seq_no)).toEqual([0, 2, 4]);
    // Nothing received yet: in_seq_no = 2·0 + parity.
    expect(a.map((w) => open(pair.key, 'creator', w).in_seq_no)).toEqual([0, 0, 0]);
    expect(b.map((w) => open(pair.key, 'participant', w).in_seq_no)).toEqual([1, 1, 1]);
  });

  it('R6.2: in_seq_no = 2·received + parity (creator 0, participant 1)', () => {
    const pair = readyPair('r6.2-in');
    const a1 = sendText(pair.a, 'a1');
    const a2 = sendText(pair.a, 'a2');
    for (const w of [pair.aNotify, a1, a2]) expect(pair.b.receive(w).status).toBe('delivered');
    expect(pair.a.receive(pair.bNotify).status).toBe('delivered');
    const fromB = open(pair.key, 'participant', sendText(pair.b, 'b1'));
    expect(fromB).toMatchObject({ in_seq_no: 2 * 3 + 1, out_seq_no: 2 });
    const fromA = open(pair.key, 'creator', sendText(pair.a, 'a3'));
    expect(fromA).toMatchObject({ in_seq_no: 2 * 1 + 0, out_seq_no: 7 });
  });
});

describe('R6.3 wrong parity aborts', () => {
  it('R6.3: a wrong out_seq_no parity closes the chat (bad_seq_no)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.3-out');
    // The participant's out_seq_no must be even.
    const r = chat.receive(peer.next(text('odd out'), { out_seq_no: 1 }));
    expect(r).toEqual({ status: 'closed', delivered: [], outbox: [], reason: 'bad_seq_no' });
    expect(chat.checkpoint()).toMatchObject({ state: 'closed', close_reason: 'bad_seq_no', in_seq_no: 0 });
  });

  it('R6.3: a wrong in_seq_no parity closes the chat (bad_seq_no)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.3-in');
    const r = chat.receive(peer.next(text('even in'), { in_seq_no: 2 }));
    expect(r.status).toBe('closed');
    expect(chat.checkpoint()).toMatchObject({ state: 'closed', close_reason: 'bad_seq_no' });
  });

  it('R6.3: from the creator, in must be even and out odd (a participant receiving out = 0 closes)', () => {
    const { chat, peer } = withForgedPeer('participant', 'r6.3-creator');
    const r = chat.receive(peer.next(text('even out'), { out_seq_no: 0 }));
    expect(r.reason).toBe('bad_seq_no');
    expect(chat.checkpoint().close_reason).toBe('bad_seq_no');
    const { chat: c2, peer: p2 } = withForgedPeer('participant', 'r6.3-creator-in');
    expect(c2.receive(p2.next(text('odd in'), { in_seq_no: 1 })).reason).toBe('bad_seq_no');
  });

  it('R6.3 / R3.7 step 7: a negative in_seq_no closes the chat (bad_seq_no)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.3-neg');
    expect(chat.receive(peer.next(text('neg'), { in_seq_no: -1 })).reason).toBe('bad_seq_no');
    expect(chat.checkpoint().close_reason).toBe('bad_seq_no');
  });

  it('R6.3: parity is checked before the duplicate test (a wrong-parity replay of an old number closes)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.3-dup');
    expect(chat.receive(peer.next(text('m0'))).status).toBe('delivered');
    const r = chat.receive(peer.next(text('old number, odd'), { out_seq_no: 1 }));
    expect(r.reason).toBe('bad_seq_no');
  });
});

describe('R6.4 duplicates and gaps', () => {
  it('R6.4: a replay of an already processed message changes nothing (duplicate, checkpoint equal, empty outbox, nothing delivered)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.4-replay');
    const m0 = peer.next(text('m0'));
    expect(chat.receive(m0).status).toBe('delivered');
    const before = snapshot(chat);
    expect(chat.receive(m0)).toEqual({ status: 'duplicate', delivered: [], outbox: [] });
    expect(chat.checkpoint()).toEqual(before);
  });

  it('R6.4: a duplicate of a queued message changes nothing (no second Resend, queue unchanged)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.4-queued');
    chat.receive(peer.next(text('m0')));
    peer.next(text('lost'));
    const m2 = peer.next(text('m2'));
    expect(chat.receive(m2).status).toBe('queued');
    const before = snapshot(chat);
    expect(chat.receive(m2)).toEqual({ status: 'duplicate', delivered: [], outbox: [] });
    expect(chat.checkpoint()).toEqual(before);
    expect(chat.checkpoint().queued).toEqual([2]);
  });

  it('R6.4: an old out_seq_no is dropped without looking at the content (a bad in_seq_no or a RequestKey in it does nothing)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.4-content');
    chat.receive(peer.next(text('m0')));
    chat.receive(peer.next(text('m1')));
    const before = snapshot(chat);
    // in_seq_no far above what we sent would close an in-order message (R6.5).
    const forged = peer.next(text('replayed number'), { out_seq_no: 0, in_seq_no: peer.wireIn(50) });
    expect(chat.receive(forged)).toEqual({ status: 'duplicate', delivered: [], outbox: [] });
    const forged2 = peer.next(service(notifyLayerAction(200)), { out_seq_no: 2 });
    expect(chat.receive(forged2)).toEqual({ status: 'duplicate', delivered: [], outbox: [] });
    expect(chat.checkpoint()).toEqual(before);
  });

  it('R6.4: out == C+1 is in order: delivered and counted', () => {
    const { chat, peer } = withForgedPeer('participant', 'r6.4-order');
    const r = chat.receive(peer.next(text('first')));
    expect(r.status).toBe('delivered');
    expect(r.delivered).toHaveLength(1);
    expect((r.delivered[0] as TlObject).message).toBe('first');
    expect(chat.checkpoint()).toMatchObject({ in_seq_no: 1, queued: [] });
  });

  it('R6.4: a gap queues the message without advancing in_seq_no', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.4-gap');
    chat.receive(peer.next(text('m0')));
    peer.next(text('lost'));
    const r = chat.receive(peer.next(text('m2')));
    expect(r.status).toBe('queued');
    expect(r.delivered).toEqual([]);
    expect(chat.checkpoint()).toMatchObject({ in_seq_no: 1, queued: [2] });
  });
});

describe('R6.5 in_seq_no checks', () => {
  it('R6.5: a decreasing in_seq_no closes the chat (in_seq_no_decreased)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.5-dec');
    sendText(chat, 'a1');
    sendText(chat, 'a2'); // we have sent 3 (NotifyLayer, a1, a2)
    expect(chat.receive(peer.next(text('m0'), { in_seq_no: peer.wireIn(3) })).status).toBe('delivered');
    expect(chat.checkpoint().his_in_seq_no).toBe(3);
    const r = chat.receive(peer.next(text('m1'), { in_seq_no: peer.wireIn(2) }));
    expect(r).toEqual({ status: 'closed', delivered: [], outbox: [], reason: 'in_seq_no_decreased' });
    expect(chat.checkpoint()).toMatchObject({
      state: 'closed',
      close_reason: 'in_seq_no_decreased',
      in_seq_no: 1,
    });
  });

  it('R6.5: an in_seq_no above the number of messages we sent closes the chat (in_seq_no_too_big)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.5-big');
    sendText(chat, 'a1'); // sent 2
    const r = chat.receive(peer.next(text('m0'), { in_seq_no: peer.wireIn(3) }));
    expect(r).toEqual({ status: 'closed', delivered: [], outbox: [], reason: 'in_seq_no_too_big' });
    expect(chat.checkpoint().close_reason).toBe('in_seq_no_too_big');
  });

  it('R6.5: in_seq_no equal to the number we sent is fine, and an equal (non-decreasing) one again too', () => {
    const { chat, peer } = withForgedPeer('participant', 'r6.5-eq');
    sendText(chat, 'b1'); // sent 2
    expect(chat.receive(peer.next(text('m0'), { in_seq_no: peer.wireIn(2) })).status).toBe('delivered');
    expect(chat.receive(peer.next(text('m1'), { in_seq_no: peer.wireIn(2) })).status).toBe('delivered');
    expect(chat.checkpoint()).toMatchObject({ state: 'ready', his_in_seq_no: 2, in_seq_no: 2 });
  });

  it('R6.5: a queued message is held to the in_seq_no rule when the hole fills (closed in_seq_no_too_big)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.5-queued');
    chat.receive(peer.next(text('m0')));
    const m1 = peer.next(text('m1'));
    expect(chat.receive(peer.next(text('m2'), { in_seq_no: peer.wireIn(9) })).status).toBe('queued');
    const r = chat.receive(m1);
    expect(r.status).toBe('closed');
    expect(r.reason).toBe('in_seq_no_too_big');
  });

  it('R6.5 (TDLib profile): a layer lower than one seen before closes (layer_decreased); strict carries on', () => {
    const tdlib = withForgedPeer('creator', 'r6.5-layer', { profile: TDLIB_CHAT_PROFILE });
    expect(tdlib.chat.receive(tdlib.peer.next(text('m0'), { layer: 144 })).status).toBe('delivered');
    const r = tdlib.chat.receive(tdlib.peer.next(text('m1'), { layer: 100 }));
    expect(r.status).toBe('closed');
    expect(tdlib.chat.checkpoint().close_reason).toBe('layer_decreased');
    const strict = withForgedPeer('creator', 'r6.5-layer-s');
    strict.chat.receive(strict.peer.next(text('m0'), { layer: 144 }));
    expect(strict.chat.receive(strict.peer.next(text('m1'), { layer: 100 })).status).toBe('delivered');
  });
});

describe('R6.6 asking for a resend', () => {
  it('R6.6: a gap sends exactly one Resend with start = (last out before hole)+2 and end = (received out)−2 (wire form)', () => {
    const { chat, peer, key } = withForgedPeer('creator', 'r6.6');
    chat.receive(peer.next(text('m0'))); // out 0
    peer.next(text('m1'));
    peer.next(text('m2'));
    peer.next(text('m3'));
    const r = chat.receive(peer.next(text('m4'))); // out 8
    expect(r.status).toBe('queued');
    expect(r.outbox).toHaveLength(1);
    const layer = open(key, 'creator', r.outbox[0]!);
    expect(actionOf(layer)).toEqual(resendAction(0 + 2, 8 - 2));
    expect(layer).toMatchObject({ in_seq_no: 2, out_seq_no: 3 }); // it consumes a number (R6.1)
  });

  it('R6.6: the range uses the peer parity (a participant asks a creator for odd numbers)', () => {
    const { chat, peer, key } = withForgedPeer('participant', 'r6.6-odd');
    chat.receive(peer.next(text('m0'))); // out 1
    peer.next(text('m1'));
    peer.next(text('m2'));
    const r = chat.receive(peer.next(text('m3'))); // out 7
    expect(actionOf(open(key, 'participant', r.outbox[0]!))).toEqual(resendAction(3, 5));
  });

  it('R6.6: a hole before anything was received starts at the first number (start = out 0)', () => {
    const { chat, peer, key } = withForgedPeer('creator', 'r6.6-first');
    peer.next(text('m0'));
    const r = chat.receive(peer.next(text('m1')));
    expect(r.status).toBe('queued');
    expect(actionOf(open(key, 'creator', r.outbox[0]!))).toEqual(resendAction(0, 0));
  });

  it('R6.6: a second message behind the same hole sends no new Resend', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.6-once');
    chat.receive(peer.next(text('m0')));
    peer.next(text('m1'));
    expect(chat.receive(peer.next(text('m2'))).outbox).toHaveLength(1);
    const r = chat.receive(peer.next(text('m3')));
    expect(r).toEqual({ status: 'queued', delivered: [], outbox: [] });
    expect(chat.checkpoint()).toMatchObject({ queued: [2, 3], in_seq_no: 1, out_seq_no: 2 });
  });

  it('R6.6: a second, later hole gets its own Resend covering only the new hole', () => {
    const { chat, peer, key } = withForgedPeer('creator', 'r6.6-two');
    chat.receive(peer.next(text('m0')));
    peer.next(text('m1'));
    chat.receive(peer.next(text('m2'))); // Resend 2..2
    peer.next(text('m3'));
    peer.next(text('m4'));
    const r = chat.receive(peer.next(text('m5')));
    expect(r.outbox).toHaveLength(1);
    expect(actionOf(open(key, 'creator', r.outbox[0]!))).toEqual(resendAction(6, 8));
  });

  it('R6.6: when the hole is filled, queued messages are released in order in that one receive', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.6-release');
    chat.receive(peer.next(text('m0')));
    const m1 = peer.next(text('m1'));
    const m2 = peer.next(text('m2'));
    const m3 = peer.next(text('m3'));
    const m4 = peer.next(text('m4'));
    expect(chat.receive(m4).status).toBe('queued');
    expect(chat.receive(m2).status).toBe('queued');
    expect(chat.receive(m3).status).toBe('queued');
    expect(chat.checkpoint().queued).toEqual([2, 3, 4]);
    const r = chat.receive(m1);
    expect(r.status).toBe('delivered');
    expect(r.delivered.map((m) => m.message)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(r.outbox).toEqual([]);
    expect(chat.checkpoint()).toMatchObject({ queued: [], in_seq_no: 5 });
  });

  it('R6.6: a partial fill releases only up to the next hole', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.6-partial');
    chat.receive(peer.next(text('m0')));
    const m1 = peer.next(text('m1'));
    const m2 = peer.next(text('m2'));
    peer.next(text('m3'));
    const m4 = peer.next(text('m4'));
    chat.receive(m2);
    chat.receive(m4);
    const r = chat.receive(m1);
    expect(r.delivered.map((m) => m.message)).toEqual(['m1', 'm2']);
    expect(chat.checkpoint()).toMatchObject({ queued: [4], in_seq_no: 3 });
  });
});

describe('R6.7 answering a Resend', () => {
  it('R6.7: an inbound Resend re-sends the stored wire messages byte-identically', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.7', { readNotify: false });
    const s1 = sendText(chat, 's1'); // out 3
    const s2 = sendText(chat, 's2'); // out 5
    const before = chat.checkpoint().out_seq_no;
    const r = chat.receive(peer.next(service(resendAction(3, 5))));
    expect(r.status).toBe('delivered');
    expect(r.delivered).toEqual([]); // a protocol message, not for the user
    expect(r.outbox).toEqual([s1, s2]);
    expect(chat.checkpoint().out_seq_no).toBe(before); // re-sent messages keep their numbers
  });

  it('R6.7: a Resend can ask for the NotifyLayer itself (out 1)', () => {
    const { chat, peer, notify } = withForgedPeer('creator', 'r6.7-notify');
    const r = chat.receive(peer.next(service(resendAction(1, 1))));
    expect(r.outbox).toEqual([notify]);
  });

  it('R6.7: a Resend behind a gap is served on receipt, exactly once (not again when released, nor when replayed)', () => {
    const { chat, peer, key } = withForgedPeer('creator', 'r6.7-gap');
    const s1 = sendText(chat, 's1');
    const s2 = sendText(chat, 's2');
    chat.receive(peer.next(text('m0')));
    const m1 = peer.next(text('m1'));
    const resend = peer.next(service(resendAction(3, 5)));
    const r = chat.receive(resend);
    expect(r.status).toBe('queued');
    expect(r.outbox).toHaveLength(3);
    expect(r.outbox.slice(0, 2)).toEqual([s1, s2]);
    expect(actionOf(open(key, 'creator', r.outbox[2]!))).toEqual(resendAction(2, 2)); // our own ask for m1
    const fill = chat.receive(m1);
    expect(fill.status).toBe('delivered');
    expect(fill.delivered.map((m) => m.message)).toEqual(['m1']);
    expect(fill.outbox).toEqual([]);
    expect(chat.receive(resend)).toEqual({ status: 'duplicate', delivered: [], outbox: [] });
  });

  it('R6.7: a Resend for messages never sent closes the chat (cannot_resend)', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.7-never');
    sendText(chat, 's1');
    sendText(chat, 's2'); // raw 0..2 exist
    const r = chat.receive(peer.next(service(resendAction(3, 7)))); // raw 1..3
    expect(r.status).toBe('closed');
    expect(r.reason).toBe('cannot_resend');
    expect(chat.checkpoint().close_reason).toBe('cannot_resend');
  });

  it('R6.7: a Resend wholly in the future closes too (cannot_resend), also when it arrives behind a gap', () => {
    const { chat, peer } = withForgedPeer('participant', 'r6.7-future');
    peer.next(text('lost'));
    const r = chat.receive(peer.next(service(resendAction(20, 22))));
    expect(r.status).toBe('closed');
    expect(chat.checkpoint().close_reason).toBe('cannot_resend');
  });

  it('R6.7: a range of more than 1000 messages closes (resend_too_large); exactly 1000 is served byte-identically', () => {
    const { chat, peer, notify } = withForgedPeer('creator', 'r6.7-max');
    const sent: Uint8Array[] = [notify];
    for (let i = 0; sent.length < 1001; i++) {
      const r = chat.send(text(`s${i}`));
      if (!r.ok) throw new Error('send');
      sent.push(r.data, ...r.outbox); // the automatic RequestKey (R5.1) is a sent message too
    }
    expect(chat.checkpoint().out_seq_no).toBe(sent.length);
    const ok = chat.receive(peer.next(service(resendAction(1, 2 * 999 + 1)))); // raw 0..999
    expect(ok.status).toBe('delivered');
    expect(ok.outbox).toEqual(sent.slice(0, 1000));
    const r = chat.receive(peer.next(service(resendAction(1, 2 * 1000 + 1)))); // raw 0..1000: 1001 messages
    expect(r.status).toBe('closed');
    expect(chat.checkpoint().close_reason).toBe('resend_too_large');
  });

  it('R6.7: a range over 1000 closes with resend_too_large even when nothing that far was sent', () => {
    const { chat, peer } = withForgedPeer('participant', 'r6.7-large');
    const r = chat.receive(peer.next(service(resendAction(0, 2 * 1000))));
    expect(r.reason).toBe('resend_too_large');
  });
});

describe('R6.8 the gap queue bound (D7)', () => {
  it('R6.8 / D7: the android profile closes the chat once its gap queue is full (gap_queue_full), clearing the queue', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.8', { profile: ANDROID_CHAT_PROFILE });
    chat.receive(peer.next(text('m0')));
    peer.next(text('lost'));
    let closedAt = 0;
    for (let i = 2; i <= 6 && closedAt === 0; i++) {
      const r = chat.receive(peer.next(text(`m${i}`)));
      if (r.status === 'closed') closedAt = i;
      else expect(r.status).toBe('queued');
    }
    expect(closedAt).toBeGreaterThan(0); // by the 5th queued message at the latest
    expect(chat.checkpoint()).toMatchObject({ state: 'closed', close_reason: 'gap_queue_full', queued: [] });
  });

  it('R6.8 / D7: android keeps a 4th queued message and closes on the 5th ("4 or more already queued"; Android arr.size() >= 4)', () => {
    // docs/spec.md R6.8: "Android discards the chat when 4 or more messages are already queued", D7
    // "abort when ≥ 4 queued"; SecretChatHelper.decryptMessage checks arr.size() >= 4 BEFORE adding.
    // ANDROID_CHAT_PROFILE.maxQueued = 3 closes when 3 are queued, one message early.
    const { chat, peer } = withForgedPeer('creator', 'r6.8-fifth', { profile: ANDROID_CHAT_PROFILE });
    chat.receive(peer.next(text('m0')));
    peer.next(text('lost'));
    for (const m of ['m2', 'm3', 'm4']) expect(chat.receive(peer.next(text(m))).status).toBe('queued');
    expect(chat.receive(peer.next(text('m5'))).status).toBe('queued'); // 3 already queued: not yet
    expect(chat.checkpoint().queued).toEqual([2, 3, 4, 5]);
    const r = chat.receive(peer.next(text('m6'))); // 4 already queued: discard
    expect(r.status).toBe('closed');
    expect(chat.checkpoint().close_reason).toBe('gap_queue_full');
  });

  it('R6.8 / D7: the strict profile queues a 4th (and more) without closing', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.8-strict');
    chat.receive(peer.next(text('m0')));
    const m1 = peer.next(text('lost'));
    for (const m of ['m2', 'm3', 'm4', 'm5', 'm6'])
      expect(chat.receive(peer.next(text(m))).status).toBe('queued');
    expect(chat.checkpoint().queued).toEqual([2, 3, 4, 5, 6]);
    expect(chat.receive(m1).delivered).toHaveLength(6);
  });

  it('R6.8 / D7: the tdlib profile does not close on the 4th either', () => {
    const { chat, peer } = withForgedPeer('creator', 'r6.8-tdlib', { profile: TDLIB_CHAT_PROFILE });
    peer.next(text('lost'));
    for (const m of ['m1', 'm2', 'm3', 'm4']) expect(chat.receive(peer.next(text(m))).status).toBe('queued');
    expect(chat.checkpoint().state).toBe('ready');
  });
});
