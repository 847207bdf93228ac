// Plays a transcript: each impl step is a chat op sent to the implementation (then chat.state),
// each peer step is done by a reference SecretChat (strict profile) standing in for the other
// participant. Two queues stand for the network: messages for the implementation (from the peer)
// and messages for the peer (from the implementation), each numbered in the order they were made;
// receive steps pick from them by number, so reordering, loss and duplication are scripted.
import {
  computeDhPublic,
  decodeTl,
  encodeTl,
  peerOf,
  SecretChat,
  STRICT_CHAT_PROFILE,
  type ChatCheckpoint,
  type TlObject,
} from '@conform/reference';
import { createContext, fromHex, toHex } from '../generate/context.js';
import type { NormalizedCheckpoint, Observation, Seen, TranscriptSpec } from './types.js';

/** A reply of the implementation: `{ok: true, ...results}` or `{ok: false, error}`. */
export interface Reply {
  readonly ok: boolean;
  readonly error?: string;
  readonly [field: string]: unknown;
}

/** The implementation under test, one chat op at a time. Rejects only when the process is lost. */
export interface ImplSide {
  call(op: string, args: Readonly<Record<string, unknown>>): Promise<Reply>;
}

export interface PlayOptions {
  /** Seeds the peer's randomness; any seed must give the same observations. */
  readonly seed: string;
  /** The chat id used in every op. */
  readonly chat: string;
  /**
   * The peer draws the largest signed exchange_id (2^63 − 1) for every re-key it starts by itself, so it
   * wins any collision with one the implementation starts (R5.7) whatever either side's randomness:
   * for generated sessions, where two automatic re-keys can meet. (It also makes the random_ids of
   * the peer's service messages all equal, which nothing compares.)
   */
  readonly peerWinsRekeyCollisions?: boolean;
}

const MAX_LONG_LE = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);

/** The messages of a queue never delivered, in the order they were made or (reverse) the opposite. */
function pending(length: number, delivered: ReadonlySet<number>, reverse: boolean): number[] {
  const out: number[] = [];
  for (let m = 0; m < length; m++) if (!delivered.has(m)) out.push(m);
  return reverse ? out.reverse() : out;
}

/** Service actions whose random fields are blanked in what the peer sees (R5.2–R5.7, R6.7, R7.2). */
const PROTOCOL_ACTIONS = new Set([
  'decryptedMessageActionNotifyLayer',
  'decryptedMessageActionResend',
  'decryptedMessageActionRequestKey',
  'decryptedMessageActionAcceptKey',
  'decryptedMessageActionCommitKey',
  'decryptedMessageActionAbortKey',
  'decryptedMessageActionNoop',
]);
const RANDOM_FIELDS = ['g_a', 'g_b', 'exchange_id', 'key_fingerprint'];

export async function playTranscript(
  spec: TranscriptSpec,
  impl: ImplSide,
  options: PlayOptions,
): Promise<Observation[]> {
  const p = fromHex(spec.p);
  const peer = new SecretChat({
    role: peerOf(spec.role),
    p,
    g: spec.g,
    rng: ((base) =>
      options.peerWinsRekeyCollisions === true
        ? (n: number) => (n === 8 ? MAX_LONG_LE.slice() : base(n))
        : base)(createContext(options.seed).rng(`transcript peer ${options.chat}`)),
    layer: spec.peer_layer,
    profile: STRICT_CHAT_PROFILE,
    now: spec.now,
  });
  const toImpl: Uint8Array[] = [];
  const toPeer: Uint8Array[] = [];
  const keys: string[] = []; // fingerprints (hex) in the order the peer first held them
  const noteKeys = () => {
    const cp = peer.checkpoint();
    for (const f of [cp.fingerprint, cp.other_key?.fingerprint]) if (f && !keys.includes(f)) keys.push(f);
  };
  const raw: { observation: Observation; checkpoint?: Record<string, unknown> }[] = [];
  // Values handed from one step to the next.
  let gA: string | undefined;
  let gB: string | undefined;
  let fingerprint: string | undefined;
  const chat = options.chat;

  const call = async (op: string, args: Record<string, unknown> = {}) => impl.call(op, { chat, ...args });
  const outboxOf = (r: Reply): Uint8Array[] => {
    const outbox = r['outbox'];
    if (!Array.isArray(outbox)) return [];
    return outbox.map((h) =>
      typeof h === 'string' && /^(?:[0-9a-fA-F]{2})*$/.test(h) ? fromHex(h.toLowerCase()) : new Uint8Array(0),
    );
  };
  const implResult = (r: Reply): Observation => (r.ok ? { ok: true } : { ok: false, error: String(r.error) });
  const peerOutcome = (ok: boolean, extra: Record<string, unknown> = {}) => {
    const cp = peer.checkpoint();
    return { ok, ...extra, state: cp.state, in_seq_no: cp.in_seq_no };
  };

  const deliveredToImpl = new Set<number>();
  const deliveredToPeer = new Set<number>();
  /** Hands message m of the peer to the implementation. */
  const implReceive = async (m: number, now: { now?: number }): Promise<Observation> => {
    deliveredToImpl.add(m);
    const r = await call('chat.receive', { data: toHex(toImpl[m]!), ...now });
    toPeer.push(...outboxOf(r));
    return r.ok
      ? {
          ok: true,
          status: r['status'],
          delivered: canonicalMessages(r['delivered']),
          ...(r['outdated'] === true ? { outdated: true as const } : {}), // R7.4
          outbox: outboxOf(r).length,
        }
      : implResult(r);
  };
  /** Hands message m of the implementation to the peer. */
  const peerReceive = (m: number, now: { now?: number }): Observation => {
    deliveredToPeer.add(m);
    const data = toPeer[m]!;
    const seen = seenOf(peer, data, spec.observe_layer === true);
    const r = peer.receive(data, now);
    toImpl.push(...r.outbox);
    return {
      seen,
      peer: peerOutcome(r.status !== 'closed', {
        status: r.status,
        ...(r.reason !== undefined ? { reason: r.reason } : {}),
        delivered: canonicalMessages(r.delivered),
        outbox: r.outbox.length,
      }),
    };
  };

  /** R4.4: was the public value g^server_random, the server's bytes taken as the secret by themselves? */
  const rawServerRandom = (serverRandom: string | undefined, value: unknown) => {
    if (serverRandom === undefined || typeof value !== 'string') return {};
    const raw = toHex(computeDhPublic(p, spec.g, fromHex(serverRandom)));
    return { raw_server_random: value.toLowerCase() === raw };
  };

  for (const step of spec.steps) {
    let observation: Observation;
    let implStep = true;
    const now = 'now' in step && step.now !== undefined ? { now: step.now } : {};
    switch (step.do) {
      case 'impl.create': {
        const r = await call('chat.create', {
          role: spec.role,
          p: spec.p,
          g: spec.g,
          layer: spec.layer,
          now: spec.now,
        });
        observation = implResult(r);
        break;
      }
      case 'impl.request': {
        const random = step.server_random !== undefined ? { random: step.server_random } : {};
        const r = await call('chat.request', random);
        if (r.ok && typeof r['g_a'] === 'string') gA = r['g_a'];
        observation = { ...implResult(r), ...rawServerRandom(step.server_random, r['g_a']) };
        break;
      }
      case 'impl.accept': {
        const value = step.g_a ?? gA;
        if (value === undefined) {
          observation = { unplayable: 'no g_a: peer.request did not run or failed' };
          break;
        }
        const random = step.server_random !== undefined ? { random: step.server_random } : {};
        const r = await call('chat.accept', { g_a: value, ...random, ...now });
        if (r.ok) {
          if (typeof r['g_b'] === 'string') gB = r['g_b'];
          if (typeof r['fingerprint'] === 'string') fingerprint = r['fingerprint'];
        }
        toPeer.push(...outboxOf(r));
        observation = {
          ...implResult(r),
          ...rawServerRandom(step.server_random, r['g_b']),
          outbox: outboxOf(r).length,
        };
        break;
      }
      case 'impl.confirm': {
        const f = step.fingerprint ?? fingerprint;
        const b = spec.role === 'creator' ? (step.g_b ?? gB) : undefined;
        if (f === undefined || (spec.role === 'creator' && b === undefined)) {
          observation = { unplayable: 'no g_b or fingerprint from the peer' };
          break;
        }
        const r = await call('chat.confirm', {
          ...(b !== undefined ? { g_b: b } : {}),
          fingerprint: f,
          ...now,
        });
        toPeer.push(...outboxOf(r));
        observation = { ...implResult(r), outbox: outboxOf(r).length };
        break;
      }
      case 'impl.send': {
        const r = await call('chat.send', { message: step.message, ...now });
        if (r.ok && typeof r['data'] === 'string') toPeer.push(fromHexLoose(r['data']));
        toPeer.push(...outboxOf(r));
        observation = { ...implResult(r), outbox: outboxOf(r).length };
        break;
      }
      case 'impl.receive': {
        const data = toImpl[step.m];
        observation =
          data === undefined
            ? { unplayable: `no message ${step.m} for the implementation` }
            : await implReceive(step.m, now);
        break;
      }
      case 'impl.flush': {
        const receives: Observation[] = [];
        for (const m of pending(toImpl.length, deliveredToImpl, step.reverse === true))
          receives.push(await implReceive(m, now));
        observation = { receives };
        break;
      }
      case 'impl.rekey': {
        const r = await call('chat.rekey', {
          ...now,
          ...(step.exchange_id !== undefined ? { exchange_id: step.exchange_id } : {}),
        });
        toPeer.push(...outboxOf(r));
        observation = { ...implResult(r), outbox: outboxOf(r).length };
        break;
      }
      case 'impl.close': {
        observation = implResult(await call('chat.close'));
        break;
      }
      case 'peer.request': {
        implStep = false;
        const r = peer.request();
        if (r.ok) {
          gA = toHex(r.gA);
          fingerprint = undefined;
        }
        observation = { peer: peerOutcome(r.ok, r.ok ? {} : { reason: r.reason }) };
        break;
      }
      case 'peer.accept': {
        implStep = false;
        const value = step.g_a ?? gA;
        if (value === undefined) {
          observation = { unplayable: 'no g_a from the implementation' };
          break;
        }
        const r = peer.accept({ gA: fromHexLoose(value) });
        if (r.ok) {
          gB = toHex(r.gB);
          fingerprint = toHex(r.fingerprint);
          toImpl.push(...r.outbox);
        }
        observation = { peer: peerOutcome(r.ok, r.ok ? { outbox: r.outbox.length } : { reason: r.reason }) };
        break;
      }
      case 'peer.confirm': {
        implStep = false;
        const b = step.g_b ?? gB;
        if (b === undefined || fingerprint === undefined) {
          observation = { unplayable: 'no g_b or fingerprint from the implementation' };
          break;
        }
        const f = fromHexLoose(fingerprint);
        const r =
          f.length === 8
            ? peer.confirm({ gB: fromHexLoose(b), fingerprint: f })
            : { ok: false as const, reason: 'fingerprint_not_8_bytes' };
        if (r.ok) toImpl.push(...r.outbox);
        // impl.confirm then gets the fingerprint the participant sent: the server's encryptedChat
        // echoes it (R4.6 step 4).
        observation = { peer: peerOutcome(r.ok, r.ok ? { outbox: r.outbox.length } : { reason: r.reason }) };
        break;
      }
      case 'peer.send': {
        implStep = false;
        const r = peer.send(step.message, now);
        if (r.ok) toImpl.push(r.data, ...r.outbox);
        observation = { peer: peerOutcome(r.ok, r.ok ? { outbox: r.outbox.length } : { reason: r.reason }) };
        break;
      }
      case 'peer.forge': {
        implStep = false;
        const data = peer.forge(step.message, {
          ...(step.in_seq_no !== undefined ? { inSeqNo: step.in_seq_no } : {}),
          ...(step.out_seq_no !== undefined ? { outSeqNo: step.out_seq_no } : {}),
          ...(step.layer !== undefined ? { layer: step.layer } : {}),
          ...(step.random_bytes_length !== undefined
            ? { randomBytes: createContext(options.seed).rng(`forge ${chat}`)(step.random_bytes_length) }
            : {}),
          ...(step.slot !== undefined ? { slot: step.slot } : {}),
        });
        if (step.corrupt === 'msg_key') data[11] = data[11]! ^ 0x01; // inside msg_key (bytes 8..23, R3.3)
        toImpl.push(data);
        observation = {};
        break;
      }
      case 'peer.rekey': {
        implStep = false;
        const r = peer.rekey({
          ...now,
          ...(step.exchange_id !== undefined ? { exchangeId: step.exchange_id } : {}),
        });
        if (r.ok) toImpl.push(...r.outbox);
        observation = { peer: peerOutcome(r.ok, r.ok ? { outbox: r.outbox.length } : { reason: r.reason }) };
        break;
      }
      case 'peer.receive': {
        implStep = false;
        const data = toPeer[step.m];
        observation =
          data === undefined ? { unplayable: `no message ${step.m} for the peer` } : peerReceive(step.m, now);
        break;
      }
      case 'peer.flush': {
        implStep = false;
        const receives: Observation[] = [];
        for (const m of pending(toPeer.length, deliveredToPeer, step.reverse === true))
          receives.push(peerReceive(m, now));
        observation = { receives };
        break;
      }
    }
    noteKeys();
    if (implStep && observation.unplayable === undefined) {
      const state = await call('chat.state');
      raw.push({ observation, checkpoint: state.ok ? { ...state } : { error: state.error } });
    } else {
      raw.push({ observation });
    }
  }
  const label = (f: unknown) => {
    if (typeof f !== 'string') return f;
    const i = keys.indexOf(f.toLowerCase());
    return i >= 0 ? `k${i}` : 'unknown';
  };
  return raw.map(({ observation, checkpoint }) =>
    checkpoint === undefined
      ? observation
      : { ...observation, checkpoint: normalizeCheckpoint(checkpoint, label) },
  );
}

/** The checkpoint fields compared, fingerprints as key labels; absent optional fields stay absent. */
function normalizeCheckpoint(
  cp: Record<string, unknown>,
  label: (f: unknown) => unknown,
): NormalizedCheckpoint {
  if ('error' in cp && !('state' in cp))
    return { state: `chat.state failed: ${String(cp['error'])}` } as NormalizedCheckpoint;
  const rekey = cp['rekey'];
  const other = cp['other_key'];
  return {
    state: cp['state'],
    fingerprint: label(cp['fingerprint'] ?? null),
    in_seq_no: cp['in_seq_no'],
    out_seq_no: cp['out_seq_no'],
    his_in_seq_no: cp['his_in_seq_no'],
    queued: cp['queued'],
    peer_layer: cp['peer_layer'],
    rekey: typeof rekey === 'object' && rekey !== null ? (rekey as Record<string, unknown>)['state'] : rekey,
    ...('layer' in cp ? { layer: cp['layer'] } : {}),
    ...('other_key' in cp
      ? {
          other_key:
            typeof other === 'object' && other !== null
              ? {
                  key: label((other as Record<string, unknown>)['fingerprint']),
                  kind: (other as Record<string, unknown>)['kind'],
                }
              : other,
        }
      : {}),
  };
}

/** What the peer makes of a message from the implementation, without processing it. */
function seenOf(peer: SecretChat, data: Uint8Array, withLayer: boolean): Seen {
  const r = peer.inspect(data);
  if (!r.ok) return { undecryptable: r.reason };
  const layer = r.layer;
  return {
    in_seq_no: layer['in_seq_no'] as number,
    out_seq_no: layer['out_seq_no'] as number,
    ...(withLayer ? { layer: layer['layer'] as number } : {}),
    message: blankRandom(layer['message'] as TlObject),
  };
}

function blankRandom(message: TlObject): TlObject {
  const action = message['action'];
  if (message._ !== 'decryptedMessageService' || typeof action !== 'object' || action === null)
    return message;
  const a = action as TlObject;
  if (!PROTOCOL_ACTIONS.has(a._)) return message;
  const blanked: Record<string, unknown> = { ...a };
  for (const f of RANDOM_FIELDS) if (f in blanked) blanked[f] = '*';
  return { ...message, random_id: '*', action: blanked as TlObject };
}

/**
 * Messages as canonical TL-JSON (encoded and decoded by the reference), so that field order, hex
 * case and the like never count as differences; anything that does not encode is kept as it came.
 */
export function canonicalMessages(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((m: unknown) => {
    try {
      const decoded = decodeTl(encodeTl(m as TlObject));
      return decoded.ok ? decoded.object : m;
    } catch {
      return m;
    }
  });
}

function fromHexLoose(hex: string): Uint8Array {
  return /^(?:[0-9a-fA-F]{2})*$/.test(hex) ? fromHex(hex.toLowerCase()) : new Uint8Array(0);
}

export type { ChatCheckpoint };
