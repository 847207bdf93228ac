// The secret-chat handshake (docs/spec.md §4): parameter and public-value checks on request,
// accept and confirm (R4.2, R4.3), the secret and the key (R4.5–R4.7), and the states (R4.9, R4.10).
// Every expected key and fingerprint is computed here from known secrets, not read from the chat.
import { describe, expect, it } from 'vitest';
import {
  computeDhKey,
  computeDhPublic,
  computeKeyFingerprint,
  SecretChat,
  type ChatCheckpoint,
} from '../src/index.js';
import {
  actionOf,
  bigTo256,
  G,
  newChat,
  notifyLayerAction,
  open,
  P,
  P_BIG,
  readyPair,
  secretFor,
  text,
  withForgedPeer,
} from './support/chat-harness.js';
import { toHex } from './support/hex.js';
import { seededRng } from './support/rng.js';

const MARGIN = 1n << 1984n;

/** p with its last byte changed: still 2048 bits, odd, but no longer a safe prime. */
function corruptedPrime(): Uint8Array {
  const p = P.slice();
  p[255] = p[255]! ^ 0x02;
  return p;
}

function closedWith(checkpoint: ChatCheckpoint, reason: string): void {
  expect(checkpoint.state).toBe('closed');
  expect(checkpoint.close_reason).toBe(reason);
}

describe('R4.2 checking p and g', () => {
  it('R4.2: the creator refuses a p that is not a safe prime (request → closed bad_params)', () => {
    const a = new SecretChat({ role: 'creator', p: corruptedPrime(), g: G, rng: seededRng('r4.2a') });
    expect(a.request({ secret: secretFor('r4.2a') })).toEqual({ ok: false, reason: 'bad_params' });
    closedWith(a.checkpoint(), 'bad_params');
    expect(a.checkpoint().fingerprint).toBeNull();
  });

  it.each([
    [2, 'p mod 8 = 3, so 2 does not generate the quadratic residues'],
    [5, 'p mod 5 = 3'],
    [8, 'g outside 2..7'],
    [1, 'g outside 2..7'],
  ])('R4.2: the creator refuses g = %i (%s) → closed bad_params', (g) => {
    const a = new SecretChat({ role: 'creator', p: P, g, rng: seededRng('r4.2g') });
    expect(a.request({ secret: secretFor('r4.2g') })).toEqual({ ok: false, reason: 'bad_params' });
    closedWith(a.checkpoint(), 'bad_params');
  });

  it('R4.2: the official prime with g = 3 and g = 7 is accepted (both satisfy the residue table)', () => {
    for (const g of [3, 7]) {
      const a = new SecretChat({ role: 'creator', p: P, g, rng: seededRng('r4.2ok') });
      const r = a.request({ secret: secretFor('r4.2ok') });
      expect(r.ok).toBe(true);
      expect(a.checkpoint().state).toBe('waiting');
    }
  });

  it('R4.2: the participant checks p and g too (accept → closed bad_params, no g_b returned)', () => {
    const b = new SecretChat({ role: 'participant', p: corruptedPrime(), g: G, rng: seededRng('r4.2b') });
    const gA = computeDhPublic(P, G, secretFor('r4.2b'));
    expect(b.accept({ gA })).toEqual({ ok: false, reason: 'bad_params' });
    closedWith(b.checkpoint(), 'bad_params');
    const b2 = new SecretChat({ role: 'participant', p: P, g: 2, rng: seededRng('r4.2b2') });
    expect(b2.accept({ gA })).toEqual({ ok: false, reason: 'bad_params' });
    closedWith(b2.checkpoint(), 'bad_params');
  });
});

describe('R4.3 checking public values', () => {
  const bad: [string, Uint8Array][] = [
    ['1', bigTo256(1n)],
    ['p − 1', bigTo256(P_BIG - 1n)],
    ['2^1984 − 1 (below the safety margin)', bigTo256(MARGIN - 1n)],
    ['p − 2^1984 + 1 (above the safety margin)', bigTo256(P_BIG - MARGIN + 1n)],
    ['0', bigTo256(0n)],
    ['p', P.slice()],
  ];

  it.each(bad)('R4.3: the participant refuses g_a = %s (accept → closed bad_g_a)', (_, gA) => {
    const b = newChat('participant', 'r4.3a');
    expect(b.accept({ gA, secret: secretFor('r4.3a') })).toEqual({ ok: false, reason: 'bad_g_a' });
    closedWith(b.checkpoint(), 'bad_g_a');
    expect(b.checkpoint().fingerprint).toBeNull();
  });

  it.each(bad)('R4.3: the creator refuses g_b = %s (confirm → closed bad_g_b)', (_, gB) => {
    const a = newChat('creator', 'r4.3b');
    const req = a.request({ secret: secretFor('r4.3b') });
    expect(req.ok).toBe(true);
    // Even with the "right" fingerprint for that value there must be no key.
    expect(a.confirm({ gB, fingerprint: new Uint8Array(8) })).toEqual({ ok: false, reason: 'bad_g_b' });
    closedWith(a.checkpoint(), 'bad_g_b');
    expect(a.checkpoint().fingerprint).toBeNull();
  });

  it('R4.3: the inclusive bounds 2^1984 and p − 2^1984 are accepted as g_a (D12, TDLib dh_check)', () => {
    for (const [label, value] of [
      ['low', MARGIN],
      ['high', P_BIG - MARGIN],
    ] as const) {
      const b = newChat('participant', `r4.3-bound-${label}`);
      const gA = bigTo256(value);
      const r = b.accept({ gA, secret: secretFor(`r4.3-bound-${label}`) });
      expect(r.ok).toBe(true);
      if (r.ok)
        expect(r.fingerprint).toEqual(computeDhKey(P, gA, secretFor(`r4.3-bound-${label}`)).fingerprint);
    }
  });

  it('R4.3: a short (leading-zero-free) encoding of a valid g_a is parsed as a number and accepted', () => {
    const gA = computeDhPublic(P, G, secretFor('r4.3-short'));
    let i = 0;
    while (gA[i] === 0) i++;
    const withZeros = new Uint8Array(260);
    withZeros.set(gA, 4);
    const b = newChat('participant', 'r4.3-short');
    const r = b.accept({ gA: withZeros, secret: secretFor('r4.3-short-b') });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.fingerprint).toEqual(computeDhKey(P, gA, secretFor('r4.3-short-b')).fingerprint);
  });

  it('R4.3: our own public value is held to the range too (a secret giving g^a out of range → closed bad_own_public)', () => {
    // secret = 1 would give g itself; computeDhPublic refuses secrets < 2, so use a = 2 → g^2 = 9 < 2^1984.
    const a = newChat('creator', 'r4.3-own');
    expect(a.request({ secret: bigTo256(2n) })).toEqual({ ok: false, reason: 'bad_own_public' });
    closedWith(a.checkpoint(), 'bad_own_public');
  });
});

describe('R4.5 the secret exponent', () => {
  it('R4.5: g_a = g^a mod p for the injected 256-byte secret', () => {
    const secret = secretFor('r4.5');
    const a = newChat('creator', 'r4.5');
    const r = a.request({ secret });
    expect(r).toEqual({ ok: true, gA: computeDhPublic(P, G, secret) });
    const expected = toHex(bigTo256(modPowRef(3n, BigInt(`0x${toHex(secret)}`), P_BIG)));
    if (r.ok) expect(toHex(r.gA)).toBe(expected);
  });

  it('R4.5: a secret of the wrong length is caller misuse (throws), the chat stays empty', () => {
    const a = newChat('creator', 'r4.5-len');
    expect(() => a.request({ secret: new Uint8Array(255).fill(7) })).toThrow(RangeError);
    expect(a.checkpoint().state).toBe('empty');
  });

  it('R4.5: without an injected secret, 256 bytes are drawn from the Rng (g_a reproducible from the seed)', () => {
    const a = new SecretChat({ role: 'creator', p: P, g: G, rng: seededRng('r4.5-rng') });
    const r = a.request();
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.gA).toEqual(computeDhPublic(P, G, seededRng('r4.5-rng')(256)));
  });
});

function modPowRef(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

describe('R4.6 request, accept, confirm', () => {
  it('R4.6: the participant returns g_b = g^b and the fingerprint of g_a^b; the creator confirms it', () => {
    const pair = readyPair('r4.6');
    expect(pair.gB).toEqual(computeDhPublic(P, G, pair.secretB));
    expect(pair.fingerprint).toEqual(computeDhKey(P, pair.gA, pair.secretB).fingerprint);
    expect(pair.a.checkpoint().state).toBe('ready');
    expect(pair.b.checkpoint().state).toBe('ready');
  });

  it('R4.6: both sides end on the same fingerprint, the one both secrets give (step 5)', () => {
    const pair = readyPair('r4.6-same');
    const fromA = computeDhKey(P, pair.gB, pair.secretA);
    const fromB = computeDhKey(P, pair.gA, pair.secretB);
    expect(fromA.key).toEqual(fromB.key);
    expect(pair.a.checkpoint().fingerprint).toBe(toHex(fromA.fingerprint));
    expect(pair.b.checkpoint().fingerprint).toBe(toHex(fromA.fingerprint));
  });

  it('R4.6: a fingerprint mismatch on confirm closes the creator (fingerprint_mismatch), with no key', () => {
    const a = newChat('creator', 'r4.6-fp');
    const req = a.request({ secret: secretFor('r4.6-fp-a') });
    if (!req.ok) throw new Error('request');
    const gB = computeDhPublic(P, G, secretFor('r4.6-fp-b'));
    const right = computeDhKey(P, req.gA, secretFor('r4.6-fp-b')).fingerprint;
    const wrong = right.slice();
    wrong[7] = wrong[7]! ^ 0x80;
    expect(a.confirm({ gB, fingerprint: wrong })).toEqual({ ok: false, reason: 'fingerprint_mismatch' });
    closedWith(a.checkpoint(), 'fingerprint_mismatch');
    expect(a.checkpoint().fingerprint).toBeNull();
    expect(a.send(text('x'))).toEqual({ ok: false, reason: 'closed' });
  });

  it('R4.6: a fingerprint mismatch on the encryptedChat returned to the participant closes it (fingerprint_mismatch)', () => {
    const b = newChat('participant', 'r4.6-fpb');
    const gA = computeDhPublic(P, G, secretFor('r4.6-fpb-a'));
    const acc = b.accept({ gA, secret: secretFor('r4.6-fpb-b') });
    if (!acc.ok) throw new Error('accept');
    const wrong = acc.fingerprint.slice();
    wrong[0] = wrong[0]! ^ 1;
    expect(b.confirm({ fingerprint: wrong })).toEqual({ ok: false, reason: 'fingerprint_mismatch' });
    closedWith(b.checkpoint(), 'fingerprint_mismatch');
  });

  it('R4.6: the participant confirming the right fingerprint stays ready and sends nothing more', () => {
    const b = newChat('participant', 'r4.6-okb');
    const gA = computeDhPublic(P, G, secretFor('r4.6-okb-a'));
    const acc = b.accept({ gA, secret: secretFor('r4.6-okb-b') });
    if (!acc.ok) throw new Error('accept');
    expect(b.confirm({ fingerprint: acc.fingerprint })).toEqual({ ok: true, outbox: [] });
    expect(b.checkpoint().state).toBe('ready');
  });

  it('R4.6 step 6: each side sends NotifyLayer on becoming ready, under the new key', () => {
    const pair = readyPair('r4.6-notify');
    expect(actionOf(open(pair.key, 'creator', pair.aNotify))).toEqual(notifyLayerAction(144));
    expect(actionOf(open(pair.key, 'participant', pair.bNotify))).toEqual(notifyLayerAction(144));
  });
});

describe('R4.7 key and fingerprint', () => {
  it('R4.7: the fingerprint is SHA1(key)[12:20] of the 256-byte key, and key_hash is of that key', () => {
    const pair = readyPair('r4.7');
    expect(pair.key.length).toBe(256);
    expect(pair.a.checkpoint().fingerprint).toBe(toHex(computeKeyFingerprint(pair.key)));
    // The chat encrypts under that very key: its NotifyLayer opens with it and carries its fingerprint.
    expect(toHex(pair.aNotify.subarray(0, 8))).toBe(toHex(computeKeyFingerprint(pair.key)));
  });

  it('R4.7: the chat and a peer that derives the 256-byte key itself (computeDhKey) understand each other', () => {
    const { chat, peer } = withForgedPeer('participant', 'r4.7-pad');
    const r = chat.receive(peer.next(text('hello')));
    expect(r.status).toBe('delivered');
    expect(r.delivered).toHaveLength(1);
    expect(r.delivered[0]).toMatchObject({ _: 'decryptedMessage', ttl: 0, message: 'hello' });
  });
});

describe('R4.9 chat states', () => {
  it('R4.9: creator empty → waiting → ready; participant requested → ready', () => {
    const a = newChat('creator', 'r4.9');
    const b = newChat('participant', 'r4.9');
    expect(a.checkpoint().state).toBe('empty');
    expect(a.chatState).toBe('empty');
    expect(b.checkpoint().state).toBe('requested');
    const req = a.request({ secret: secretFor('r4.9a') });
    if (!req.ok) throw new Error('request');
    expect(a.checkpoint().state).toBe('waiting');
    const acc = b.accept({ gA: req.gA, secret: secretFor('r4.9b') });
    if (!acc.ok) throw new Error('accept');
    expect(b.checkpoint().state).toBe('ready');
    expect(a.confirm({ gB: acc.gB, fingerprint: acc.fingerprint }).ok).toBe(true);
    expect(a.checkpoint().state).toBe('ready');
  });

  it('R4.9: send before ready returns not_ready and changes nothing', () => {
    const a = newChat('creator', 'r4.9-send');
    expect(a.send(text('early'))).toEqual({ ok: false, reason: 'not_ready' });
    a.request({ secret: secretFor('r4.9-send') });
    const before = a.checkpoint();
    expect(a.send(text('early'))).toEqual({ ok: false, reason: 'not_ready' });
    expect(a.checkpoint()).toEqual(before);
    const b = newChat('participant', 'r4.9-send');
    expect(b.send(text('early'))).toEqual({ ok: false, reason: 'not_ready' });
    expect(b.rekey()).toEqual({ ok: false, reason: 'not_ready' });
  });

  it('R4.9: calling request twice throws RangeError (misuse), and so do accept/confirm in the wrong role or state', () => {
    const a = newChat('creator', 'r4.9-twice');
    a.request({ secret: secretFor('r4.9-twice') });
    expect(() => a.request({ secret: secretFor('r4.9-twice') })).toThrow(RangeError);
    expect(() => a.accept({ gA: computeDhPublic(P, G, secretFor('x')) })).toThrow(RangeError);
    const b = newChat('participant', 'r4.9-twice');
    expect(() => b.request()).toThrow(RangeError);
    expect(() => b.confirm({ fingerprint: new Uint8Array(8) })).toThrow(RangeError); // not ready yet
    const a2 = newChat('creator', 'r4.9-twice2');
    expect(() =>
      a2.confirm({ gB: computeDhPublic(P, G, secretFor('y')), fingerprint: new Uint8Array(8) }),
    ).toThrow(RangeError);
  });

  it('R4.9: a closed chat is terminal: send → closed, receive → closed with the close reason, rekey → closed', () => {
    const pair = readyPair('r4.9-closed');
    pair.a.close();
    expect(pair.a.checkpoint().state).toBe('closed');
    expect(pair.a.checkpoint().close_reason).toBe('local');
    expect(pair.a.send(text('late'))).toEqual({ ok: false, reason: 'closed' });
    expect(pair.a.receive(pair.bNotify)).toEqual({
      status: 'closed',
      delivered: [],
      outbox: [],
      reason: 'local',
    });
    expect(pair.a.rekey()).toEqual({ ok: false, reason: 'closed' });
    pair.a.close(); // idempotent: the first reason stays
    expect(pair.a.checkpoint().close_reason).toBe('local');
  });
});

describe('R4.10 TDLib state machine', () => {
  it('R4.10: a message arriving before the chat is ready is ignored (dropped not_ready), state unchanged', () => {
    const pair = readyPair('r4.10');
    const a2 = newChat('creator', 'r4.10-early');
    a2.request({ secret: secretFor('r4.10-early') });
    const before = a2.checkpoint();
    expect(a2.receive(pair.bNotify)).toEqual({
      status: 'dropped',
      delivered: [],
      outbox: [],
      reason: 'not_ready',
    });
    expect(a2.checkpoint()).toEqual(before);
  });

  it('R4.10: Ready is reached only after the fingerprint matches, and NotifyLayer is sent then (out_seq_no 1 for the creator)', () => {
    const pair = readyPair('r4.10-notify');
    const layer = open(pair.key, 'creator', pair.aNotify);
    expect(layer.out_seq_no).toBe(1);
    expect(layer.in_seq_no).toBe(0);
    expect(layer.message).toMatchObject({ _: 'decryptedMessageService', action: notifyLayerAction(144) });
  });
});

describe('R4.4 the server random bytes are mixed with the local draw, never used alone', () => {
  // The server's 256 bytes from messages.getDhConfig, and a local draw the test controls.
  const serverRandom = secretFor('r4.4 server');
  const zeros = () => new Uint8Array(256);
  const xor = (a: Uint8Array, b: Uint8Array) => a.map((x, i) => x ^ b[i]!);

  it('creator: g_a = g^(local XOR server) mod p — with a zero local draw that is g^server, so the mixing is XOR', () => {
    const local = secretFor('r4.4 local');
    const a = new SecretChat({ role: 'creator', p: P, g: G, rng: () => local.slice() });
    const r = a.request({ serverRandom });
    expect(r.ok && toHex(r.gA)).toBe(toHex(computeDhPublic(P, G, xor(local, serverRandom))));
    expect(r.ok && toHex(r.gA)).not.toBe(toHex(computeDhPublic(P, G, serverRandom)));
    const z = new SecretChat({ role: 'creator', p: P, g: G, rng: zeros });
    const rz = z.request({ serverRandom });
    expect(rz.ok && toHex(rz.gA)).toBe(toHex(computeDhPublic(P, G, serverRandom)));
  });

  it('participant: g_b = g^(local XOR server) mod p, and the key follows from that secret', () => {
    const local = secretFor('r4.4 local b');
    const gA = computeDhPublic(P, G, secretFor('r4.4 a'));
    const other = seededRng('r4.4 b');
    const rng = (n: number) => (n === 256 ? local.slice() : other(n));
    const b = new SecretChat({ role: 'participant', p: P, g: G, rng });
    const r = b.accept({ gA, serverRandom });
    const secret = xor(local, serverRandom);
    expect(r.ok && toHex(r.gB)).toBe(toHex(computeDhPublic(P, G, secret)));
    expect(r.ok && toHex(r.fingerprint)).toBe(toHex(computeKeyFingerprint(computeDhKey(P, gA, secret).key)));
  });

  it('an injected secret wins over the server bytes (transcripts inject secrets)', () => {
    const secret = secretFor('r4.4 injected');
    const a = new SecretChat({ role: 'creator', p: P, g: G, rng: seededRng('r4.4') });
    const r = a.request({ secret, serverRandom });
    expect(r.ok && toHex(r.gA)).toBe(toHex(computeDhPublic(P, G, secret)));
  });
});
