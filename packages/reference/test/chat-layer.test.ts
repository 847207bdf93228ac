// Layer negotiation (docs/spec.md §7.2, D9, D10): what the chat records of the peer (R7.1), the
// NotifyLayer it sends (R7.2), and the layer it writes in decryptedMessageLayer per profile (R7.3).
import { describe, expect, it } from 'vitest';
import {
  ANDROID_CHAT_PROFILE,
  CHAT_PROFILES,
  CURRENT_LAYER,
  INITIAL_PEER_LAYER,
  SecretChat,
  STRICT_CHAT_PROFILE,
  TDLIB_CHAT_PROFILE,
} from '../src/index.js';
import {
  actionOf,
  G,
  notifyLayerAction,
  open,
  P,
  readyPair,
  sendText,
  service,
  text,
  withForgedPeer,
} from './support/chat-harness.js';
import { toHex } from './support/hex.js';
import { seededRng } from './support/rng.js';

describe('R7.1 the peer layer', () => {
  it('R7.1: peer_layer starts at 46 on both sides', () => {
    const pair = readyPair('r7.1');
    expect(INITIAL_PEER_LAYER).toBe(46);
    expect(pair.a.checkpoint().peer_layer).toBe(46);
    expect(pair.b.checkpoint().peer_layer).toBe(46);
  });

  it('R7.1: peer_layer rises on NotifyLayer (even with layer field 46), and NotifyLayer is not delivered', () => {
    const { chat, peer } = withForgedPeer('creator', 'r7.1-notify');
    const r = chat.receive(peer.next(service(notifyLayerAction(100)), { layer: 46 }));
    expect(r).toEqual({ status: 'delivered', delivered: [], outbox: [] });
    expect(chat.checkpoint().peer_layer).toBe(100);
  });

  it('R7.1: peer_layer rises on a layer field ≥ 46 and keeps the maximum', () => {
    const { chat, peer } = withForgedPeer('participant', 'r7.1-field');
    peer.layer = 46; // the layer field of messages not given one below
    chat.receive(peer.next(text('a'), { layer: 120 }));
    expect(chat.checkpoint().peer_layer).toBe(120);
    chat.receive(peer.next(text('b'), { layer: 80 }));
    expect(chat.checkpoint().peer_layer).toBe(120);
    chat.receive(peer.next(service(notifyLayerAction(50))));
    expect(chat.checkpoint().peer_layer).toBe(120);
  });

  it('R7.1: a layer field below 46 does not change peer_layer', () => {
    const { chat, peer } = withForgedPeer('creator', 'r7.1-low');
    expect(chat.receive(peer.next(text('old'), { layer: 17 })).status).toBe('delivered');
    expect(chat.checkpoint().peer_layer).toBe(46);
  });

  it('R7.1: NotifyLayer inside the layer-8 decryptedMessageService8 is accepted too', () => {
    const { chat, peer } = withForgedPeer('creator', 'r7.1-svc8');
    peer.layer = 46;
    const svc8 = {
      _: 'decryptedMessageService8',
      random_id: '99',
      random_bytes: toHex(new Uint8Array(16).fill(3)),
      action: notifyLayerAction(101),
    };
    expect(chat.receive(peer.next(svc8)).status).toBe('delivered');
    expect(chat.checkpoint().peer_layer).toBe(101);
  });

  it('R7.1: a queued layer field counts only when the message is processed in order', () => {
    const { chat, peer } = withForgedPeer('creator', 'r7.1-queued');
    const m0 = peer.next(text('m0'), { layer: 46 });
    chat.receive(peer.next(service(notifyLayerAction(144))));
    expect(chat.checkpoint().peer_layer).toBe(46);
    chat.receive(m0);
    expect(chat.checkpoint().peer_layer).toBe(144);
  });
});

describe('R7.2 NotifyLayer', () => {
  it('R7.2: NotifyLayer(144) is the first message of each side once ready (out_seq_no 1 / 0)', () => {
    const pair = readyPair('r7.2');
    const a = open(pair.key, 'creator', pair.aNotify);
    const b = open(pair.key, 'participant', pair.bNotify);
    expect(actionOf(a)).toEqual(notifyLayerAction(144));
    expect(actionOf(b)).toEqual(notifyLayerAction(144));
    expect([a.out_seq_no, b.out_seq_no]).toEqual([1, 0]);
    expect(pair.a.checkpoint().out_seq_no).toBe(1);
    expect(pair.b.checkpoint().out_seq_no).toBe(1);
  });

  it('R7.2: a chat configured for layer 101 announces 101', () => {
    const { key, notify } = withForgedPeer('participant', 'r7.2-101', { layer: 101 });
    expect(actionOf(open(key, 'participant', notify))).toEqual(notifyLayerAction(101));
  });

  it('R7.2: nothing is sent before the key exists (the creator request has no outbox)', () => {
    const a = new SecretChat({ role: 'creator', p: P, g: G, rng: seededRng('r7.2-none') });
    const r = a.request();
    expect(Object.keys(r)).toEqual(['ok', 'gA']);
  });
});

describe('R7.3 the layer written in decryptedMessageLayer', () => {
  const cases: [keyof typeof CHAT_PROFILES, number, number | null, number][] = [
    // profile, ours, peer NotifyLayer (null: none, so 46), expected
    ['strict', 144, null, 73],
    ['tdlib', 144, null, 73],
    ['android', 144, null, 46],
    ['strict', 144, 144, 144],
    ['android', 144, 144, 144],
    ['strict', 144, 100, 100],
    ['android', 144, 100, 100],
    ['strict', 101, 144, 101],
    ['android', 101, 144, 101],
    ['strict', 60, null, 73],
    ['android', 60, null, 46],
    ['strict', 60, 144, 73],
    ['android', 60, 144, 60],
    ['tdlib', 144, 200, 144],
    ['android', 144, 200, 144],
  ];

  it.each(cases)('R7.3: %s profile, ours %i, peer %s → writes %i', (name, ours, peer, expected) => {
    const setup = withForgedPeer('creator', `r7.3-${name}-${ours}-${peer}`, {
      profile: CHAT_PROFILES[name],
      layer: ours,
    });
    if (peer !== null) {
      expect(
        setup.chat.receive(setup.peer.next(service(notifyLayerAction(peer)), { layer: 46 })).status,
      ).toBe('delivered');
    }
    expect(open(setup.key, 'creator', sendText(setup.chat, 'x')).layer).toBe(expected);
  });

  it('R7.3: with a peer at layer 46 and ours 144 the very first NotifyLayer is written at 73 (strict) / 46 (android)', () => {
    const strict = withForgedPeer('creator', 'r7.3-first-s');
    expect(open(strict.key, 'creator', strict.notify).layer).toBe(73);
    const android = withForgedPeer('creator', 'r7.3-first-a', { profile: ANDROID_CHAT_PROFILE });
    expect(open(android.key, 'creator', android.notify).layer).toBe(46);
  });

  it('R7.3: the written layer follows the peer up as soon as its NotifyLayer is processed', () => {
    const pair = readyPair('r7.3-pair');
    pair.a.receive(pair.bNotify);
    expect(open(pair.key, 'creator', sendText(pair.a, 'after')).layer).toBe(144);
    expect(open(pair.key, 'participant', sendText(pair.b, 'before')).layer).toBe(73);
  });
});

describe('R7.4 a peer ahead of us', () => {
  it('R7.4: a peer layer above ours is recorded (peer_layer 200 > layer 144) so the client can warn; not a UI the reference has', () => {
    const { chat, peer } = withForgedPeer('participant', 'r7.4');
    expect(chat.receive(peer.next(text('future'), { layer: 200 })).status).toBe('delivered');
    expect(chat.checkpoint()).toMatchObject({ layer: 144, peer_layer: 200 });
  });

  it('R7.4: receive says outdated for a message written above our layer, and only for it', () => {
    const { chat, peer } = withForgedPeer('participant', 'r7.4-outdated');
    const atOurs = chat.receive(peer.next(text('same'), { layer: 144 }));
    expect(atOurs.status).toBe('delivered');
    expect(atOurs.outdated).toBeUndefined();
    const above = chat.receive(peer.next(text('newer'), { layer: 145 }));
    expect(above).toMatchObject({ status: 'delivered', outdated: true });
    expect(chat.receive(peer.next(text('again ours'), { layer: 144 })).outdated).toBeUndefined();
  });

  it('R7.4: our own layer is the line: a chat at layer 101 is outdated by a message at 144', () => {
    const { chat, peer } = withForgedPeer('participant', 'r7.4-older', { layer: 101 });
    expect(chat.receive(peer.next(text('ours'), { layer: 101 })).outdated).toBeUndefined();
    expect(chat.receive(peer.next(text('newer'), { layer: 144 })).outdated).toBe(true);
  });
});

describe('R7.5 the current layer', () => {
  it('R7.5: CURRENT_LAYER is 144 and is the default layer of a chat', () => {
    expect(CURRENT_LAYER).toBe(144);
    expect(new SecretChat({ role: 'creator', p: P, g: G, rng: seededRng('r7.5') }).checkpoint().layer).toBe(
      144,
    );
  });

  it('R7.5: a chat layer below 46 is caller misuse (RangeError)', () => {
    expect(() => new SecretChat({ role: 'creator', p: P, g: G, rng: seededRng('r7.5'), layer: 45 })).toThrow(
      RangeError,
    );
  });
});

describe('R7.6 MTProto 2.0 only', () => {
  it('R7.6: strict and tdlib never write a layer below 73, so every message they send is MTProto 2.0 at layer ≥ 73', () => {
    for (const profile of [STRICT_CHAT_PROFILE, TDLIB_CHAT_PROFILE]) {
      const setup = withForgedPeer('participant', `r7.6-${profile.name}`, { profile, layer: 46 });
      setup.chat.receive(setup.peer.next(service(notifyLayerAction(46)), { layer: 46 }));
      expect(open(setup.key, 'participant', sendText(setup.chat, 'v2')).layer).toBe(73);
    }
  });
});
