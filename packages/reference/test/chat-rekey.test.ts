// Re-keying (docs/spec.md §5, R8.1): when a RequestKey is sent (R5.1), what it carries (R5.2), the
// answer (R5.3), the commit (R5.4), the switch (R5.5), aborts (R5.6), concurrent requests (R5.7),
// and the two key slots (R5.8, R5.9). The other side is played by the test with its own secrets, so
// every new key is computed here (computeDhKey), never read from the chat under test.
import { describe, expect, it } from 'vitest';
import {
  checkDhPublic,
  computeDhKey,
  computeDhPublic,
  computeKeyFingerprint,
  computeKeyHash,
  type Role,
  type TlObject,
} from '../src/index.js';
import {
  abortKeyAction,
  acceptKeyAction,
  bigTo256,
  commitKeyAction,
  fingerprintLong,
  G,
  noopAction,
  open,
  P,
  readyPair,
  requestKeyAction,
  secretFor,
  sendText,
  service,
  text,
  WEEK,
  wireFingerprint,
  withForgedPeer,
  type ForgedSetup,
} from './support/chat-harness.js';
import { fromHex, toHex } from './support/hex.js';

type Setup = ForgedSetup;

function ready(role: Role, seed: string, now?: number): Setup {
  return withForgedPeer(role, seed, { sendNotify: true, ...(now !== undefined ? { now } : {}) });
}

/** The actions in an outbox, read by the forged peer (which counts them). */
function readActions(setup: Setup, outbox: readonly Uint8Array[]): TlObject[] {
  return setup.peer.readAll(outbox).map((layer) => (layer.message as TlObject).action as TlObject);
}

function isRequestKey(setup: Setup, wire: Uint8Array): boolean {
  const layer = open(
    setup.peer.oldKey ? [setup.peer.key, setup.peer.oldKey] : setup.peer.key,
    setup.chat.role,
    wire,
  );
  const message = layer.message as TlObject;
  return (
    message._ === 'decryptedMessageService' &&
    (message.action as TlObject)._ === 'decryptedMessageActionRequestKey'
  );
}

/** The chat starts a re-key with a known secret; the forged peer answers AcceptKey. */
function chatRequests(setup: Setup, exchangeId = '7', label = 'rk') {
  const secret = secretFor(`${label}:chat-a`);
  const rk = setup.chat.rekey({ secret, exchangeId });
  if (!rk.ok) throw new Error(`rekey: ${rk.reason}`);
  const [request] = readActions(setup, rk.outbox);
  const peerSecret = secretFor(`${label}:peer-b`);
  const gB = computeDhPublic(P, G, peerSecret);
  const gA = fromHex(request!.g_a as string);
  const next = computeDhKey(P, gA, peerSecret);
  return { secret, request: request!, gA, gB, next, requestWire: rk.outbox[0]! };
}

/** The forged peer starts a re-key; the chat should answer AcceptKey. */
function peerRequests(setup: Setup, exchangeId = '42', label = 'rk') {
  const peerSecret = secretFor(`${label}:peer-a`);
  const gA = computeDhPublic(P, G, peerSecret);
  const r = setup.chat.receive(setup.peer.next(service(requestKeyAction(exchangeId, gA))));
  return { peerSecret, gA, r };
}

function switchPeer(setup: Setup, newKey: Uint8Array): void {
  setup.peer.oldKey = setup.peer.key;
  setup.peer.key = newKey;
}

describe('R5.1 when a re-key starts', () => {
  it('R5.1: after more than 100 messages (in + out) a RequestKey appears in an outbox by itself', () => {
    const setup = withForgedPeer('creator', 'r5.1-count'); // 1 message: our NotifyLayer
    for (let i = 0; i < 60; i++) {
      const r = setup.chat.receive(setup.peer.next(text(`in${i}`)));
      expect(r.outbox).toEqual([]);
    }
    for (let i = 0; i < 39; i++) {
      const r = setup.chat.send(text(`out${i}`));
      expect(r.ok && r.outbox).toEqual([]);
    }
    expect(setup.chat.checkpoint().rekey.state).toBe('idle'); // exactly 100 so far
    const r = setup.chat.receive(setup.peer.next(text('the 101st')));
    expect(r.outbox).toHaveLength(1);
    expect(isRequestKey(setup, r.outbox[0]!)).toBe(true);
    expect(setup.chat.checkpoint().rekey.state).toBe('requesting');
  });

  it('R5.1: the 101st message being one we send puts the RequestKey in the send outbox', () => {
    const setup = withForgedPeer('participant', 'r5.1-send');
    for (let i = 0; i < 99; i++) sendText(setup.chat, `m${i}`);
    const r = setup.chat.send(text('101st'));
    if (!r.ok) throw new Error('send');
    expect(r.outbox).toHaveLength(1);
    expect(isRequestKey(setup, r.outbox[0]!)).toBe(true);
  });

  it('R5.1: after a week (now + 604801) a RequestKey appears; at exactly a week it does not', () => {
    const setup = ready('creator', 'r5.1-week', 1000);
    const atWeek = setup.chat.send(text('a week'), { now: 1000 + WEEK });
    expect(atWeek.ok && atWeek.outbox).toEqual([]);
    const after = setup.chat.send(text('a week and a second'), { now: 1000 + WEEK + 1 });
    if (!after.ok) throw new Error('send');
    expect(after.outbox).toHaveLength(1);
    expect(isRequestKey(setup, after.outbox[0]!)).toBe(true);
  });

  it('R5.1: the week also triggers on receive', () => {
    const setup = ready('participant', 'r5.1-week-rx');
    const r = setup.chat.receive(setup.peer.next(text('late')), { now: WEEK + 1 });
    expect(r.status).toBe('delivered');
    expect(r.outbox).toHaveLength(1);
    expect(isRequestKey(setup, r.outbox[0]!)).toBe(true);
  });

  it('R5.1: never while one is in progress (ours pending: no second RequestKey, rekey() refused)', () => {
    const setup = ready('creator', 'r5.1-busy');
    chatRequests(setup, '7', 'r5.1-busy');
    for (let i = 0; i < 150; i++) {
      const r = setup.chat.send(text(`m${i}`), { now: 2 * WEEK });
      expect(r.ok && r.outbox).toEqual([]);
    }
    expect(setup.chat.rekey()).toEqual({ ok: false, reason: 'rekey_in_progress' });
    expect(setup.chat.checkpoint().rekey).toEqual({ state: 'requesting', exchange_id: '7' });
  });

  it("R5.1: never while one is in progress (the peer's, already accepted)", () => {
    const setup = ready('participant', 'r5.1-busy-peer');
    peerRequests(setup, '42', 'r5.1-busy-peer');
    expect(setup.chat.checkpoint().rekey.state).toBe('accepted');
    for (let i = 0; i < 150; i++) {
      const r = setup.chat.send(text(`m${i}`), { now: 3 * WEEK });
      expect(r.ok && r.outbox).toEqual([]);
    }
    expect(setup.chat.rekey()).toEqual({ ok: false, reason: 'rekey_in_progress' });
  });

  it('R5.1: not while the previous key is still held, and only once the new key has encrypted something', () => {
    const setup = ready('creator', 'r5.1-proviso');
    const { gB, next } = chatRequests(setup, '7', 'r5.1-proviso');
    const commit = setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, next.fingerprint))));
    readActions(setup, commit.outbox); // CommitKey, under the old key
    switchPeer(setup, next.key);
    expect(setup.chat.rekey()).toEqual({ ok: false, reason: 'rekey_in_progress' }); // old key held
    // 120 messages under the new key and two weeks: the old key goes, but nothing was encrypted yet.
    for (let i = 0; i < 120; i++) {
      const r = setup.chat.receive(setup.peer.next(text(`n${i}`)), { now: 2 * WEEK });
      expect(r.outbox).toEqual([]);
    }
    expect(setup.chat.checkpoint().other_key).toBeNull();
    const r = setup.chat.send(text('first under the new key'));
    if (!r.ok) throw new Error('send');
    expect(r.outbox).toHaveLength(1);
    expect(isRequestKey(setup, r.outbox[0]!)).toBe(true);
  });
});

describe('R5.2 RequestKey', () => {
  it('R5.2: RequestKey carries the given exchange_id and g_a = g^a mod p with the chat (p, g)', () => {
    const setup = ready('creator', 'r5.2');
    const { secret, request, requestWire } = chatRequests(setup, '-1234567890123', 'r5.2');
    expect(request).toEqual(requestKeyAction('-1234567890123', computeDhPublic(P, G, secret)));
    expect(wireFingerprint(requestWire)).toBe(toHex(computeKeyFingerprint(setup.key))); // under the current key
    expect(setup.chat.checkpoint().rekey).toEqual({ state: 'requesting', exchange_id: '-1234567890123' });
  });

  it('R5.2: an automatic RequestKey has a g_a passing R4.3 and a random signed 64-bit exchange_id', () => {
    const setup = ready('participant', 'r5.2-auto');
    const rk = setup.chat.rekey();
    if (!rk.ok) throw new Error('rekey');
    const [action] = readActions(setup, rk.outbox);
    expect(action!._).toBe('decryptedMessageActionRequestKey');
    expect(checkDhPublic(P, fromHex(action!.g_a as string))).toEqual({ ok: true });
    const id = BigInt(action!.exchange_id as string);
    expect(id >= -(2n ** 63n) && id < 2n ** 63n).toBe(true);
    expect(setup.chat.checkpoint().rekey.exchange_id).toBe(action!.exchange_id);
  });

  it('R5.2 / R4.3: rekey() with a secret whose g_a fails R4.3 must not leak the internal Closed error', () => {
    // request() in the same situation returns { ok: false, reason: 'bad_own_public' } and closes the
    // chat; the automatic re-key path is guarded too. rekey() is not: it throws the private `Closed`
    // class (a plain Error named 'bad_own_public'), neither a documented misuse error nor a result.
    const setup = ready('creator', 'r5.2-own');
    let outcome: unknown;
    try {
      outcome = setup.chat.rekey({ secret: bigTo256(2n) }); // g^2 = 9 < 2^1984
    } catch (error) {
      outcome = error;
    }
    const misuse = outcome instanceof RangeError || outcome instanceof TypeError;
    if (misuse) {
      expect(setup.chat.checkpoint().rekey).toEqual({ state: 'idle', exchange_id: null });
    } else {
      expect(outcome).not.toBeInstanceOf(Error);
      expect(outcome).toEqual({ ok: false, reason: 'bad_own_public' });
      expect(setup.chat.checkpoint()).toMatchObject({ state: 'closed', close_reason: 'bad_own_public' });
    }
  });

  it.each(['9223372036854775808', '0x10', ' 7', ''])(
    'R5.2 / R5.1: rekey({ exchangeId: %j }) is refused without leaving the chat stuck in "requesting"',
    (exchangeId) => {
      // The id is checked only when the RequestKey is encoded, after the state became 'requesting':
      // the chat then throws, has sent nothing, and refuses every later re-key (rekey_in_progress).
      const setup = ready('creator', `r5.2-id-${exchangeId}`);
      expect(() => setup.chat.rekey({ exchangeId })).toThrow();
      expect(setup.chat.checkpoint().rekey).toEqual({ state: 'idle', exchange_id: null });
      expect(setup.chat.rekey({ exchangeId: '1' }).ok).toBe(true);
    },
  );
});

describe('R5.3 B answers', () => {
  it('R5.3: B answers AcceptKey with fingerprint = SHA1(g_a^b)[12:20], under the old key', () => {
    const setup = ready('participant', 'r5.3');
    const { peerSecret, r } = peerRequests(setup, '42', 'r5.3');
    expect(r.status).toBe('delivered');
    expect(r.delivered).toEqual([]);
    expect(r.outbox).toHaveLength(1);
    expect(wireFingerprint(r.outbox[0]!)).toBe(toHex(computeKeyFingerprint(setup.key)));
    const [accept] = readActions(setup, r.outbox);
    expect(accept!._).toBe('decryptedMessageActionAcceptKey');
    expect(accept!.exchange_id).toBe('42');
    const gB = fromHex(accept!.g_b as string);
    expect(checkDhPublic(P, gB)).toEqual({ ok: true });
    const next = computeDhKey(P, gB, peerSecret); // = g_a^b = g_b^a
    expect(accept!.key_fingerprint).toBe(fingerprintLong(next.fingerprint));
    expect(setup.chat.checkpoint()).toMatchObject({
      fingerprint: toHex(computeKeyFingerprint(setup.key)),
      other_key: { fingerprint: toHex(next.fingerprint), kind: 'pending' },
      rekey: { state: 'accepted', exchange_id: '42' },
    });
  });

  it('R5.3: B keeps sending under the old key until CommitKey', () => {
    const setup = ready('creator', 'r5.3-old');
    peerRequests(setup, '42', 'r5.3-old');
    for (let i = 0; i < 3; i++) {
      const wire = sendText(setup.chat, `still old ${i}`);
      expect(wireFingerprint(wire)).toBe(toHex(computeKeyFingerprint(setup.key)));
    }
  });

  it('R5.3 / R4.3: a RequestKey whose g_a fails R4.3 closes the chat (bad_rekey_public)', () => {
    const setup = ready('participant', 'r5.3-bad');
    const r = setup.chat.receive(setup.peer.next(service(requestKeyAction('1', bigTo256(1n)))));
    expect(r.status).toBe('closed');
    expect(setup.chat.checkpoint().close_reason).toBe('bad_rekey_public');
  });

  it('R5.3: a second RequestKey after we accepted closes the chat (unexpected_request_key)', () => {
    const setup = ready('participant', 'r5.3-again');
    peerRequests(setup, '42', 'r5.3-again');
    const r = setup.chat.receive(
      setup.peer.next(service(requestKeyAction('43', computeDhPublic(P, G, secretFor('again'))))),
    );
    expect(r.status).toBe('closed');
    expect(setup.chat.checkpoint().close_reason).toBe('unexpected_request_key');
  });

  it('R5.3: a RequestKey while the old key is still kept after a switch closes (unexpected_request_key, TDLib)', () => {
    const setup = ready('creator', 'r5.3-oldkey');
    const { gB, next } = chatRequests(setup, '7', 'r5.3-oldkey');
    setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, next.fingerprint))));
    expect(setup.chat.checkpoint().other_key?.kind).toBe('old');
    // Still under the old key: the peer has not switched yet.
    const r = setup.chat.receive(
      setup.peer.next(service(requestKeyAction('9', computeDhPublic(P, G, secretFor('oldkey'))))),
    );
    expect(r.status).toBe('closed');
    expect(setup.chat.checkpoint().close_reason).toBe('unexpected_request_key');
  });
});

describe('R5.4 A commits', () => {
  it('R5.4: A commits (CommitKey under the old key) and switches: fingerprint changes, other_key = old', () => {
    const setup = ready('creator', 'r5.4');
    const { gB, next } = chatRequests(setup, '7', 'r5.4');
    const oldFp = toHex(computeKeyFingerprint(setup.key));
    const r = setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, next.fingerprint))));
    expect(r.status).toBe('delivered');
    expect(r.outbox).toHaveLength(1);
    expect(wireFingerprint(r.outbox[0]!)).toBe(oldFp);
    expect(readActions(setup, r.outbox)).toEqual([commitKeyAction('7', next.fingerprint)]);
    expect(setup.chat.checkpoint()).toMatchObject({
      state: 'ready',
      fingerprint: toHex(next.fingerprint),
      other_key: { fingerprint: oldFp, kind: 'old' },
      rekey: { state: 'idle', exchange_id: null },
    });
    // From then on everything is encrypted with the new key.
    const wire = sendText(setup.chat, 'new key');
    expect(wireFingerprint(wire)).toBe(toHex(next.fingerprint));
    expect(open(next.key, 'creator', wire).message).toMatchObject({ message: 'new key' });
  });

  it('R5.4: an AcceptKey with a wrong exchange_id closes the chat (rekey_exchange_mismatch)', () => {
    const setup = ready('participant', 'r5.4-id');
    const { gB, next } = chatRequests(setup, '7', 'r5.4-id');
    const r = setup.chat.receive(setup.peer.next(service(acceptKeyAction('8', gB, next.fingerprint))));
    expect(r).toMatchObject({ status: 'closed', reason: 'rekey_exchange_mismatch', outbox: [] });
    expect(setup.chat.checkpoint()).toMatchObject({
      state: 'closed',
      close_reason: 'rekey_exchange_mismatch',
    });
  });

  it('R5.4: an AcceptKey with a wrong key_fingerprint closes the chat (rekey_fingerprint_mismatch)', () => {
    const setup = ready('creator', 'r5.4-fp');
    const { gB, next } = chatRequests(setup, '7', 'r5.4-fp');
    const wrong = next.fingerprint.slice();
    wrong[3] = wrong[3]! ^ 0x10;
    const r = setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, wrong))));
    expect(r).toMatchObject({ status: 'closed', reason: 'rekey_fingerprint_mismatch', outbox: [] });
    expect(setup.chat.checkpoint().close_reason).toBe('rekey_fingerprint_mismatch');
  });

  it('R5.4 / R4.3: an AcceptKey whose g_b fails R4.3 closes the chat (bad_rekey_public)', () => {
    const setup = ready('creator', 'r5.4-gb');
    chatRequests(setup, '7', 'r5.4-gb');
    const r = setup.chat.receive(
      setup.peer.next(service(acceptKeyAction('7', bigTo256(1n), new Uint8Array(8)))),
    );
    expect(r.status).toBe('closed');
    expect(setup.chat.checkpoint().close_reason).toBe('bad_rekey_public');
  });

  it('R5.4: an AcceptKey when we did not request closes the chat (unexpected_accept_key)', () => {
    const setup = ready('creator', 'r5.4-unexpected');
    const gB = computeDhPublic(P, G, secretFor('unexpected'));
    const r = setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, new Uint8Array(8)))));
    expect(r.status).toBe('closed');
    expect(setup.chat.checkpoint().close_reason).toBe('unexpected_accept_key');
  });
});

describe('R5.5 B switches', () => {
  it('R5.5: B switches on CommitKey and sends Noop under the new key (R5.8)', () => {
    const setup = ready('participant', 'r5.5');
    const { peerSecret, r } = peerRequests(setup, '42', 'r5.5');
    const [accept] = readActions(setup, r.outbox);
    const next = computeDhKey(P, fromHex(accept!.g_b as string), peerSecret);
    const oldFp = toHex(computeKeyFingerprint(setup.key));
    const c = setup.chat.receive(setup.peer.next(service(commitKeyAction('42', next.fingerprint))));
    expect(c.status).toBe('delivered');
    // R5.8: B may drop the old key after CommitKey when there are no gaps — and CommitKey is
    // processed in order, so nothing sent under the old key can be missing.
    expect(setup.chat.checkpoint()).toMatchObject({
      fingerprint: toHex(next.fingerprint),
      other_key: null,
      rekey: { state: 'idle', exchange_id: null },
    });
    expect(oldFp).not.toBe(toHex(next.fingerprint));
    expect(c.outbox).toHaveLength(1);
    expect(wireFingerprint(c.outbox[0]!)).toBe(toHex(next.fingerprint));
    switchPeer(setup, next.key);
    expect(readActions(setup, c.outbox)).toEqual([noopAction()]);
    expect(wireFingerprint(sendText(setup.chat, 'new'))).toBe(toHex(next.fingerprint));
  });

  it('R5.5: (fallback) B switches on the first message under the new key, without CommitKey', () => {
    const setup = ready('creator', 'r5.5-fallback');
    const { peerSecret, r } = peerRequests(setup, '42', 'r5.5-fallback');
    const [accept] = readActions(setup, r.outbox);
    const next = computeDhKey(P, fromHex(accept!.g_b as string), peerSecret);
    switchPeer(setup, next.key);
    const m = setup.chat.receive(setup.peer.next(text('under the new key')));
    expect(m.status).toBe('delivered');
    expect(m.delivered.map((x) => x.message)).toEqual(['under the new key']);
    expect(setup.chat.checkpoint()).toMatchObject({
      fingerprint: toHex(next.fingerprint),
      rekey: { state: 'idle', exchange_id: null },
    });
    expect(wireFingerprint(sendText(setup.chat, 'reply'))).toBe(toHex(next.fingerprint));
  });

  it('R5.5: a CommitKey with a wrong exchange_id or fingerprint closes; a CommitKey out of the blue too', () => {
    const cases: [string, (fp: Uint8Array) => TlObject, string][] = [
      ['id', (fp) => commitKeyAction('43', fp), 'rekey_exchange_mismatch'],
      [
        'fp',
        (fp) =>
          commitKeyAction(
            '42',
            fp.map((b, i) => (i === 0 ? b ^ 1 : b)),
          ),
        'rekey_fingerprint_mismatch',
      ],
    ];
    for (const [label, build, reason] of cases) {
      const setup = ready('participant', `r5.5-${label}`);
      const { peerSecret, r } = peerRequests(setup, '42', `r5.5-${label}`);
      const [accept] = readActions(setup, r.outbox);
      const next = computeDhKey(P, fromHex(accept!.g_b as string), peerSecret);
      expect(setup.chat.receive(setup.peer.next(service(build(next.fingerprint)))).status).toBe('closed');
      expect(setup.chat.checkpoint().close_reason).toBe(reason);
    }
    const idle = ready('creator', 'r5.5-idle');
    expect(idle.chat.receive(idle.peer.next(service(commitKeyAction('1', new Uint8Array(8))))).status).toBe(
      'closed',
    );
    expect(idle.chat.checkpoint().close_reason).toBe('unexpected_commit_key');
  });
});

describe('R5.6 AbortKey', () => {
  it('R5.6: AbortKey for our pending request returns to idle (and a new re-key may start)', () => {
    const setup = ready('creator', 'r5.6');
    chatRequests(setup, '7', 'r5.6');
    const r = setup.chat.receive(setup.peer.next(service(abortKeyAction('7'))));
    expect(r).toEqual({ status: 'delivered', delivered: [], outbox: [] });
    expect(setup.chat.checkpoint()).toMatchObject({
      state: 'ready',
      rekey: { state: 'idle', exchange_id: null },
      other_key: null,
    });
    expect(setup.chat.rekey({ exchangeId: '8' }).ok).toBe(true);
  });

  it('R5.6: AbortKey after we accepted closes the chat (unexpected_abort_key)', () => {
    const setup = ready('participant', 'r5.6-late');
    peerRequests(setup, '42', 'r5.6-late');
    const r = setup.chat.receive(setup.peer.next(service(abortKeyAction('42'))));
    expect(r.status).toBe('closed');
    expect(setup.chat.checkpoint().close_reason).toBe('unexpected_abort_key');
  });

  it('R5.6: a non-matching AbortKey is ignored (requesting, accepted and idle)', () => {
    const requesting = ready('creator', 'r5.6-other');
    chatRequests(requesting, '7', 'r5.6-other');
    expect(requesting.chat.receive(requesting.peer.next(service(abortKeyAction('8')))).status).toBe(
      'delivered',
    );
    expect(requesting.chat.checkpoint().rekey).toEqual({ state: 'requesting', exchange_id: '7' });

    const accepted = ready('participant', 'r5.6-other-acc');
    peerRequests(accepted, '42', 'r5.6-other-acc');
    expect(accepted.chat.receive(accepted.peer.next(service(abortKeyAction('41')))).status).toBe('delivered');
    expect(accepted.chat.checkpoint().rekey).toEqual({ state: 'accepted', exchange_id: '42' });

    const idle = ready('creator', 'r5.6-idle');
    expect(idle.chat.receive(idle.peer.next(service(abortKeyAction('3')))).status).toBe('delivered');
    expect(idle.chat.checkpoint()).toMatchObject({ state: 'ready', rekey: { state: 'idle' } });
  });
});

describe('R5.7 both sides start at once', () => {
  it('R5.7: the larger SIGNED exchange_id wins: ours "-5" loses to theirs "3" → we answer AcceptKey(3)', () => {
    const setup = ready('creator', 'r5.7-lose');
    chatRequests(setup, '-5', 'r5.7-lose');
    const { peerSecret, r } = peerRequests(setup, '3', 'r5.7-lose');
    expect(r.outbox).toHaveLength(1);
    const [accept] = readActions(setup, r.outbox);
    expect(accept!._).toBe('decryptedMessageActionAcceptKey');
    expect(accept!.exchange_id).toBe('3');
    const next = computeDhKey(P, fromHex(accept!.g_b as string), peerSecret);
    expect(accept!.key_fingerprint).toBe(fingerprintLong(next.fingerprint));
    expect(setup.chat.checkpoint().rekey).toEqual({ state: 'accepted', exchange_id: '3' });
  });

  it('R5.7: ours "3" beats theirs "-5": theirs is dropped silently (no AbortKey), ours stays pending', () => {
    const setup = ready('participant', 'r5.7-win');
    chatRequests(setup, '3', 'r5.7-win');
    const before = setup.chat.checkpoint();
    const { r } = peerRequests(setup, '-5', 'r5.7-win');
    expect(r).toEqual({ status: 'delivered', delivered: [], outbox: [] });
    // Only the counters move (the RequestKey is a message like any other, R6.1).
    expect(setup.chat.checkpoint()).toEqual({ ...before, in_seq_no: before.in_seq_no + 1, his_in_seq_no: 2 });
    expect(setup.chat.checkpoint().rekey).toEqual({ state: 'requesting', exchange_id: '3' });
  });

  it('R5.7: extremes compare as signed longs (2^63−1 beats −2^63)', () => {
    const setup = ready('creator', 'r5.7-ext');
    chatRequests(setup, '9223372036854775807', 'r5.7-ext');
    const { r } = peerRequests(setup, '-9223372036854775808', 'r5.7-ext');
    expect(r.outbox).toEqual([]);
    expect(setup.chat.checkpoint().rekey.exchange_id).toBe('9223372036854775807');
  });

  it('R5.7: equal exchange_ids cancel both: idle, nothing sent', () => {
    const setup = ready('creator', 'r5.7-eq');
    chatRequests(setup, '5', 'r5.7-eq');
    const { r } = peerRequests(setup, '5', 'r5.7-eq');
    expect(r).toEqual({ status: 'delivered', delivered: [], outbox: [] });
    expect(setup.chat.checkpoint()).toMatchObject({
      rekey: { state: 'idle', exchange_id: null },
      other_key: null,
    });
  });

  it('R5.7: two real chats requesting at once end on one common new key', () => {
    const pair = readyPair('r5.7-pair', { exchangeNotify: true });
    const ra = pair.a.rekey({ exchangeId: '-5' });
    const rb = pair.b.rekey({ exchangeId: '3' });
    if (!ra.ok || !rb.ok) throw new Error('rekey');
    const atB = pair.b.receive(ra.outbox[0]!); // B: ours 3 > theirs −5: drop theirs
    expect(atB.outbox).toEqual([]);
    const atA = pair.a.receive(rb.outbox[0]!); // A: ours −5 < theirs 3: AcceptKey
    const atB2 = pair.b.receive(atA.outbox[0]!); // B commits
    const atA2 = pair.a.receive(atB2.outbox[0]!); // A switches, Noop
    pair.b.receive(atA2.outbox[0]!);
    expect(pair.a.checkpoint().fingerprint).toBe(pair.b.checkpoint().fingerprint);
    expect(pair.a.checkpoint().fingerprint).not.toBe(toHex(pair.fingerprint));
  });
});

describe('R5.8 / R5.9 the two key slots', () => {
  it('R5.8 / R5.9: the old key is kept after a switch and dropped on the first in-order message under the new key', () => {
    const setup = ready('creator', 'r5.9');
    const { gB, next } = chatRequests(setup, '7', 'r5.9');
    setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, next.fingerprint))));
    const oldFp = toHex(computeKeyFingerprint(setup.key));
    expect(setup.chat.checkpoint().other_key).toEqual({ fingerprint: oldFp, kind: 'old' });
    // A message the peer sent under the old key before it switched is still accepted.
    expect(setup.chat.receive(setup.peer.next(text('old, in flight'))).status).toBe('delivered');
    expect(setup.chat.checkpoint().other_key).toEqual({ fingerprint: oldFp, kind: 'old' });
    switchPeer(setup, next.key);
    expect(setup.chat.receive(setup.peer.next(service(noopAction()))).status).toBe('delivered');
    expect(setup.chat.checkpoint()).toMatchObject({ fingerprint: toHex(next.fingerprint), other_key: null });
  });

  it('R5.9: messages under the retired key are then dropped as unknown_fingerprint (chat stays ready)', () => {
    const setup = ready('creator', 'r5.9-retired');
    const { gB, next } = chatRequests(setup, '7', 'r5.9-retired');
    setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, next.fingerprint))));
    switchPeer(setup, next.key);
    setup.chat.receive(setup.peer.next(text('new')));
    const before = setup.chat.checkpoint();
    const stale = setup.peer.next(text('stale'), { key: setup.peer.oldKey! });
    expect(setup.chat.receive(stale)).toEqual({
      status: 'dropped',
      delivered: [],
      outbox: [],
      reason: 'unknown_fingerprint',
    });
    expect(setup.chat.checkpoint()).toEqual(before);
  });

  it('R5.8: while a gap is open the old key is kept, so the missing old-key message still fills it', () => {
    const setup = ready('creator', 'r5.8-gap');
    const { gB, next } = chatRequests(setup, '7', 'r5.8-gap');
    setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, next.fingerprint))));
    const delayed = setup.peer.next(text('old key, delayed')); // sent before the peer switched
    switchPeer(setup, next.key);
    expect(setup.chat.receive(setup.peer.next(text('new key, early'))).status).toBe('queued');
    expect(setup.chat.checkpoint().other_key?.kind).toBe('old');
    const r = setup.chat.receive(delayed);
    expect(r.delivered.map((m) => m.message)).toEqual(['old key, delayed', 'new key, early']);
    expect(setup.chat.checkpoint().other_key).toBeNull(); // no gaps left: retired
  });

  it('R5.8: B retires the old key as soon as it processes CommitKey', () => {
    const setup = ready('participant', 'r5.8-b');
    const { peerSecret, r } = peerRequests(setup, '42', 'r5.8-b');
    const [accept] = readActions(setup, r.outbox);
    const next = computeDhKey(P, fromHex(accept!.g_b as string), peerSecret);
    expect(setup.chat.checkpoint().other_key?.kind).toBe('pending');
    setup.chat.receive(setup.peer.next(service(commitKeyAction('42', next.fingerprint))));
    expect(setup.chat.checkpoint().other_key).toBeNull();
    // A message still under the old key is now refused like any unknown key (R3.7 step 2).
    expect(setup.chat.receive(setup.peer.next(text('late, old key'))).reason).toBe('unknown_fingerprint');
  });

  it('R5.8 / R5.9: A retires the old key on the first in-order message under the new key, even with a later message still queued behind a gap', () => {
    const setup = ready('creator', 'r5.8-a');
    const { gB, next } = chatRequests(setup, '7', 'r5.8-a');
    setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, next.fingerprint))));
    expect(setup.chat.checkpoint().other_key?.kind).toBe('old');
    switchPeer(setup, next.key);
    const m1 = setup.peer.next(text('1'));
    setup.peer.next(text('2 (lost)'));
    const m3 = setup.peer.next(text('3'));
    expect(setup.chat.receive(m3).status).toBe('queued');
    expect(setup.chat.checkpoint().other_key?.kind).toBe('old');
    const r = setup.chat.receive(m1);
    expect(r.delivered.map((m) => m.message)).toEqual(['1']);
    expect(setup.chat.checkpoint().queued.length).toBe(1); // message 3 still waits for message 2
    expect(setup.chat.checkpoint().other_key).toBeNull();
  });

  it('R5.9: while B holds a pending key, messages under the old key are still accepted', () => {
    const setup = ready('participant', 'r5.9-pending');
    peerRequests(setup, '42', 'r5.9-pending');
    expect(setup.chat.checkpoint().other_key?.kind).toBe('pending');
    expect(setup.chat.receive(setup.peer.next(text('old'))).status).toBe('delivered');
    expect(setup.chat.checkpoint().rekey.state).toBe('accepted');
  });

  it('R5.4 / R5.5 / R5.8: a full re-key between two real chats ends with both on one new key and no old key', () => {
    const pair = readyPair('r5-pair', { exchangeNotify: true });
    const rk = pair.a.rekey();
    if (!rk.ok) throw new Error('rekey');
    const acc = pair.b.receive(rk.outbox[0]!);
    const com = pair.a.receive(acc.outbox[0]!);
    const noop = pair.b.receive(com.outbox[0]!);
    expect(pair.a.receive(noop.outbox[0]!).status).toBe('delivered');
    expect(
      pair.b.receive(sendText(pair.a, 'hello under the new key')).delivered.map((m) => m.message),
    ).toEqual(['hello under the new key']);
    const a = pair.a.checkpoint();
    const b = pair.b.checkpoint();
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(toHex(pair.fingerprint));
    expect(a.other_key).toBeNull();
    expect(b.other_key).toBeNull();
  });
});

describe('R8.1 key_hash across re-keys', () => {
  it('R8.1: key_hash is that of the initial key and does not change across a re-key', () => {
    const setup = ready('creator', 'r8.1');
    const initial = toHex(computeKeyHash(setup.key));
    expect(setup.chat.checkpoint().key_hash).toBe(initial);
    const { gB, next } = chatRequests(setup, '7', 'r8.1');
    setup.chat.receive(setup.peer.next(service(acceptKeyAction('7', gB, next.fingerprint))));
    expect(setup.chat.checkpoint().fingerprint).toBe(toHex(next.fingerprint));
    expect(setup.chat.checkpoint().key_hash).toBe(initial);
    expect(initial).not.toBe(toHex(computeKeyHash(next.key)));
  });
});
