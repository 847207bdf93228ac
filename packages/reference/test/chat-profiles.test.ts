// Divergences that the Android profile reproduces (docs/spec.md §12): D6, how re-keying is
// triggered, and D12, the range public values are held to.
import { describe, expect, it } from 'vitest';
import { ANDROID_CHAT_PROFILE, STRICT_CHAT_PROFILE } from '../src/index.js';
import {
  actionOf,
  bigTo256,
  newChat,
  P_BIG,
  secretFor,
  text,
  withForgedPeer,
} from './support/chat-harness.js';

describe('D6: re-key triggers', () => {
  it('D6 (Android): 119 received messages start nothing, the 120th starts a re-key, with nothing sent since', () => {
    const { chat, peer } = withForgedPeer('creator', 'd6-android', { profile: ANDROID_CHAT_PROFILE });
    for (let i = 1; i <= 120; i++) {
      const r = chat.receive(peer.next(text(String(i))));
      expect(r.status).toBe('delivered');
      const actions = r.outbox.map((w) => actionOf(peer.read(w))._);
      expect(actions, `after ${i} received`).toEqual(i < 120 ? [] : ['decryptedMessageActionRequestKey']);
    }
  });

  it('D6 (strict, R5.1): more than 100 messages in + out under the key start a re-key (100 received + the NotifyLayer sent)', () => {
    const { chat, peer } = withForgedPeer('creator', 'd6-strict', { profile: STRICT_CHAT_PROFILE });
    for (let i = 1; i <= 100; i++) {
      const r = chat.receive(peer.next(text(String(i))));
      const actions = r.outbox.map((w) => actionOf(peer.read(w))._);
      expect(actions, `after ${i} received`).toEqual(i < 100 ? [] : ['decryptedMessageActionRequestKey']);
    }
  });

  it('D6 (Android): the 100th message sent starts a re-key', () => {
    const { chat } = withForgedPeer('participant', 'd6-android-sent', { profile: ANDROID_CHAT_PROFILE });
    let started = 0;
    for (let i = 1; i <= 99; i++) {
      const s = chat.send(text(String(i)));
      if (!s.ok) throw new Error('send');
      if (s.outbox.length > 0) started = i;
    }
    // The NotifyLayer was the first message under the key: the 99th text is the 100th message sent.
    expect(started).toBe(99);
  });
});

describe('D12: public value range', () => {
  const small = bigTo256(1n << 1983n); // 1 < v < 2^1984: outside the advised margin, inside the MUST
  it('D12 (strict, TDLib): a g_a below 2^1984 closes the chat (bad_g_a)', () => {
    const chat = newChat('participant', 'd12-strict', { profile: STRICT_CHAT_PROFILE });
    expect(chat.accept({ gA: small, secret: secretFor('d12') })).toEqual({ ok: false, reason: 'bad_g_a' });
  });
  it('D12 (Android): the same g_a is accepted, since isGoodGaAndGb checks only 1 < v < p − 1', () => {
    const chat = newChat('participant', 'd12-android', { profile: ANDROID_CHAT_PROFILE });
    expect(chat.accept({ gA: small, secret: secretFor('d12') }).ok).toBe(true);
  });
  it('D12 (Android): p − 1 is still refused (R4.3 MUST)', () => {
    const chat = newChat('participant', 'd12-android-max', { profile: ANDROID_CHAT_PROFILE });
    expect(chat.accept({ gA: bigTo256(P_BIG - 1n), secret: secretFor('d12') })).toEqual({
      ok: false,
      reason: 'bad_g_a',
    });
  });
});
