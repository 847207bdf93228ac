// An in-memory "server" between two reference secret chats, for the model-based test
// (test/chat-model.test.ts). A is the creator, B the participant. Each direction is a queue of wire
// messages that the test may deliver in order, deliver out of order, drop, duplicate or delay; every
// choice comes from the caller (fast-check values), never from Math.random. Every wire message a chat
// produces (send data and every outbox) is queued toward its peer.
//
// The server knows which sequenced message each wire message is (it never decrypts: it counts the new
// byte strings a sender emits, which the sender creates in out_seq_no order, and checks the count
// against the sender's checkpoint). It uses that to drop only what the protocol can recover (§6):
// a lost first transmission is noticed as a gap when a later message arrives and is asked for with
// Resend (R6.4, R6.6), but a receiver asks for each hole only once (R6.6), so once the sender has
// re-sent a message, losing every copy of it leaves a hole no rule of the spec fills. The server
// therefore never drops the last queued copy of a message that has been re-sent and that the receiver
// still lacks.
import {
  SecretChat,
  type ChatCheckpoint,
  type ChatCloseReason,
  type ChatProfile,
  type TlObject,
} from '../../src/index.js';
import { toHex } from './hex.js';
import { seededRng } from './rng.js';

export type Side = 'A' | 'B';
export type Direction = 'AtoB' | 'BtoA';

export const DIRECTIONS: readonly Direction[] = ['AtoB', 'BtoA'];
export const WEEK = 7 * 24 * 3600;

export const directionFrom = (side: Side): Direction => (side === 'A' ? 'AtoB' : 'BtoA');
export const arrow = (direction: Direction): string => (direction === 'AtoB' ? 'A→B' : 'B→A');

/** One wire message in flight. */
export interface InFlight {
  readonly data: Uint8Array;
  /** The sender's raw out_seq_no of the message these bytes carry (R6.1). */
  readonly raw: number;
  /** True for bytes the sender re-sent in answer to a Resend (R6.7), and the server's copies of them. */
  readonly resent: boolean;
}

/** What the server saw, for the report and for the run's final assertions. */
export interface NetworkStats {
  /** User messages handed to `send`, per direction. */
  sent: Record<Direction, number>;
  deliveries: number;
  dropped: number;
  duplicated: number;
  delayed: number;
  reordered: number;
  /** Wire messages the receiver reported as `queued` (arrived ahead of a gap, R6.4). */
  queuedAtReceiver: number;
  /** The most messages seen waiting behind a gap in one chat (R6.4), and in flight in one direction. */
  maxGapQueue: number;
  maxInFlight: number;
  /** Re-sent copies the senders produced in answer to Resend (R6.7). */
  resent: number;
  /** Key switches seen on each side (R5.4, R5.5): each completed re-key switches both. */
  switches: Record<Side, number>;
  /** Times both sides were `requesting` at once with different exchange ids (R5.7). */
  concurrentRekeys: number;
  /** RequestKey sent by a chat on its own (R5.1) while the key had been in use for more than a week. */
  timeEligibleRequests: number;
  /** RequestKey sent by a chat on its own (R5.1), whatever the trigger. */
  automaticRequests: number;
  /** Explicit rekey() calls that started an exchange, and those refused with rekey_in_progress. */
  explicitRekeys: number;
  refusedRekeys: number;
}

export interface OpenOptions {
  readonly p: Uint8Array;
  readonly g: number;
  readonly profile: ChatProfile;
  /** Seeds both chats' Rng (secrets, exchange ids, random bytes, padding). */
  readonly seed: string;
  /** Unix seconds at the start; the handshake moves it forward. */
  readonly now: number;
}

export class ChatNetwork {
  readonly a: SecretChat;
  readonly b: SecretChat;
  /** The clock every call receives as `now` (unix seconds). */
  now: number;
  readonly stats: NetworkStats = {
    sent: { AtoB: 0, BtoA: 0 },
    deliveries: 0,
    dropped: 0,
    duplicated: 0,
    delayed: 0,
    reordered: 0,
    queuedAtReceiver: 0,
    maxGapQueue: 0,
    maxInFlight: 0,
    resent: 0,
    switches: { A: 0, B: 0 },
    concurrentRekeys: 0,
    timeEligibleRequests: 0,
    automaticRequests: 0,
    explicitRekeys: 0,
    refusedRekeys: 0,
  };
  /** random_id of every user message each receiver delivered, in delivery order, per direction. */
  readonly received: Record<Direction, string[]> = { AtoB: [], BtoA: [] };
  /** Anything delivered that is not a decryptedMessage the harness sent (always a failure). */
  readonly unexpected: { direction: Direction; object: TlObject }[] = [];

  private readonly queues: Record<Direction, InFlight[]> = { AtoB: [], BtoA: [] };
  /** Wire bytes (fingerprint + msg_key identify them) → raw out_seq_no, per direction. */
  private readonly identity: Record<Direction, Map<string, number>> = { AtoB: new Map(), BtoA: new Map() };
  private readonly nextRaw: Record<Direction, number> = { AtoB: 0, BtoA: 0 };
  /** Raw out_seq_no of the messages a sender has re-sent at least once (R6.7), per direction. */
  private readonly everResent: Record<Direction, Set<number>> = { AtoB: new Set(), BtoA: new Set() };
  private readonly fingerprint: Record<Side, string | null>;
  private readonly switchedAt: Record<Side, number>;
  private readonly rekeyState: Record<Side, ChatCheckpoint['rekey']>;
  private readonly concurrentSeen = new Set<string>();
  readonly initialFingerprint: string;

  private constructor(a: SecretChat, b: SecretChat, now: number) {
    this.a = a;
    this.b = b;
    this.now = now;
    const ca = a.checkpoint();
    const cb = b.checkpoint();
    this.fingerprint = { A: ca.fingerprint, B: cb.fingerprint };
    this.initialFingerprint = ca.fingerprint ?? '';
    this.switchedAt = { A: now, B: now };
    this.rekeyState = { A: ca.rekey, B: cb.rekey };
  }

  /** R4.6: A requests, B accepts, A confirms (and B compares the fingerprint the server returns to it). */
  static open(options: OpenOptions): ChatNetwork {
    let now = options.now;
    const common = { p: options.p, g: options.g, profile: options.profile, now };
    const a = new SecretChat({ ...common, role: 'creator', rng: seededRng(`${options.seed}:A`) });
    const b = new SecretChat({ ...common, role: 'participant', rng: seededRng(`${options.seed}:B`) });
    const requested = a.request();
    if (!requested.ok) throw new Error(`handshake: request failed (${requested.reason})`);
    now += 1;
    const accepted = b.accept({ gA: requested.gA, now });
    if (!accepted.ok) throw new Error(`handshake: accept failed (${accepted.reason})`);
    now += 1;
    const confirmed = a.confirm({ gB: accepted.gB, fingerprint: accepted.fingerprint, now });
    if (!confirmed.ok) throw new Error(`handshake: confirm failed (${confirmed.reason})`);
    const echoed = b.confirm({ fingerprint: accepted.fingerprint, now });
    if (!echoed.ok) throw new Error(`handshake: participant confirm failed (${echoed.reason})`);
    const net = new ChatNetwork(a, b, now);
    if (a.chatState !== 'ready' || b.chatState !== 'ready') throw new Error('handshake: a chat is not ready');
    if (net.fingerprint.A !== net.fingerprint.B) throw new Error('handshake: the two keys differ');
    // R4.6 step 6 / R7.2: each side's NotifyLayer goes to the peer.
    net.emit('B', [...accepted.outbox, ...echoed.outbox]);
    net.emit('A', confirmed.outbox);
    return net;
  }

  chat(side: Side): SecretChat {
    return side === 'A' ? this.a : this.b;
  }

  queueLength(direction: Direction): number {
    return this.queues[direction].length;
  }

  /** Raw out_seq_no of the messages in flight, head first (for failure reports). */
  describeQueue(direction: Direction): string {
    return this.queues[direction].map((m) => `${m.raw}${m.resent ? 'r' : ''}`).join(' ');
  }

  // ---- What the chats do -------------------------------------------------------------------------

  /** The user on `side` sends `message`; the wire bytes and the outbox go toward the peer. */
  send(side: Side, message: TlObject): void {
    const sent = this.chat(side).send(message, { now: this.now });
    if (!sent.ok) throw new Error(`send on ${side} refused: ${sent.reason}`);
    this.stats.sent[directionFrom(side)]++;
    this.emit(side, [sent.data, ...sent.outbox]);
    this.observe(side === 'A' ? 'sendA' : 'sendB');
  }

  /** An explicit rekey() (R5.2); `rekey_in_progress` is an allowed answer. */
  rekey(side: Side): 'started' | 'rekey_in_progress' {
    const result = this.chat(side).rekey({ now: this.now });
    if (!result.ok) {
      if (result.reason !== 'rekey_in_progress')
        throw new Error(`rekey on ${side} refused: ${result.reason}`);
      this.stats.refusedRekeys++;
      return result.reason;
    }
    this.stats.explicitRekeys++;
    this.emit(side, result.outbox);
    this.observe('explicit');
    return 'started';
  }

  // ---- What the server does ----------------------------------------------------------------------

  /** Delivers the message at `index` (0 = the oldest) to the receiver; its outbox goes back. */
  deliver(direction: Direction, index = 0): void {
    const queue = this.queues[direction];
    if (queue.length === 0) return;
    const at = index % queue.length;
    if (at !== 0) this.stats.reordered++;
    const [message] = queue.splice(at, 1);
    const receiverSide: Side = direction === 'AtoB' ? 'B' : 'A';
    const result = this.chat(receiverSide).receive(message!.data, { now: this.now });
    this.stats.deliveries++;
    if (result.status === 'queued') this.stats.queuedAtReceiver++;
    for (const object of result.delivered) {
      if (object._ === 'decryptedMessage' && typeof object.random_id === 'string') {
        this.received[direction].push(object.random_id);
      } else {
        this.unexpected.push({ direction, object });
      }
    }
    this.emit(receiverSide, result.outbox);
    this.observe(receiverSide === 'A' ? 'receiveA' : 'receiveB');
  }

  /**
   * Loses a message the protocol can recover: the `index`-th (modulo) among those the receiver
   * already holds, or of which another copy stays queued, or that were never re-sent (the receiver
   * has not asked for them yet, or its Resend is still to be served). Returns false when nothing in
   * the queue may be dropped.
   */
  drop(direction: Direction, index: number): boolean {
    const queue = this.queues[direction];
    const receiver = this.chat(direction === 'AtoB' ? 'B' : 'A').checkpoint();
    const copies = new Map<number, number>();
    for (const m of queue) copies.set(m.raw, (copies.get(m.raw) ?? 0) + 1);
    const droppable: number[] = [];
    queue.forEach((m, i) => {
      const holds = m.raw < receiver.in_seq_no || receiver.queued.includes(m.raw);
      if (holds || copies.get(m.raw)! > 1 || !this.everResent[direction].has(m.raw)) droppable.push(i);
    });
    if (droppable.length === 0) return false;
    queue.splice(droppable[index % droppable.length]!, 1);
    this.stats.dropped++;
    return true;
  }

  /** The server delivers a message twice: a second copy goes to the back of the queue. */
  duplicate(direction: Direction, index: number): void {
    const queue = this.queues[direction];
    if (queue.length === 0) return;
    queue.push({ ...queue[index % queue.length]! });
    this.stats.duplicated++;
  }

  /** Holds a message back: it moves to the back of the queue. */
  delay(direction: Direction, index: number): void {
    const queue = this.queues[direction];
    if (queue.length === 0) return;
    const [message] = queue.splice(index % queue.length, 1);
    queue.push(message!);
    this.stats.delayed++;
  }

  /**
   * Delivers everything, oldest first and alternating directions, until both queues are empty and
   * stay so. Throws when that takes more than `maxDeliveries` (the chats keep talking forever).
   */
  settle(maxDeliveries = 1_000_000): number {
    let steps = 0;
    while (this.queues.AtoB.length > 0 || this.queues.BtoA.length > 0) {
      for (const direction of DIRECTIONS) {
        if (this.queues[direction].length > 0) {
          this.deliver(direction, 0);
          steps++;
        }
      }
      if (steps > maxDeliveries) {
        throw new Error(
          `settle did not converge after ${steps} deliveries (A→B ${this.queues.AtoB.length}, B→A ${this.queues.BtoA.length} queued)`,
        );
      }
    }
    return steps;
  }

  /** Closed sides and their reasons. */
  closures(): { side: Side; reason: ChatCloseReason | null }[] {
    const out: { side: Side; reason: ChatCloseReason | null }[] = [];
    for (const side of ['A', 'B'] as const) {
      const checkpoint = this.chat(side).checkpoint();
      if (checkpoint.state === 'closed') out.push({ side, reason: checkpoint.close_reason });
    }
    return out;
  }

  /** Both checkpoints, the queues and the statistics, for failure messages. */
  report(): string {
    return JSON.stringify(
      {
        now: this.now,
        A: this.a.checkpoint(),
        B: this.b.checkpoint(),
        queues: { AtoB: this.describeQueue('AtoB'), BtoA: this.describeQueue('BtoA') },
        stats: this.stats,
      },
      null,
      2,
    );
  }

  // ---- Bookkeeping -------------------------------------------------------------------------------

  /** Queues what `sender` produced toward its peer, learning the raw out_seq_no of new bytes. */
  private emit(sender: Side, messages: readonly Uint8Array[]): void {
    const direction = directionFrom(sender);
    const known = this.identity[direction];
    for (const data of messages) {
      const id = toHex(data.subarray(0, 24));
      const raw = known.get(id);
      if (raw === undefined) {
        const fresh = this.nextRaw[direction]++;
        known.set(id, fresh);
        this.queues[direction].push({ data, raw: fresh, resent: false });
      } else {
        this.stats.resent++;
        this.everResent[direction].add(raw);
        this.queues[direction].push({ data, raw, resent: true });
      }
    }
    const out = this.chat(sender).checkpoint().out_seq_no;
    if (out !== this.nextRaw[direction]) {
      throw new Error(
        `harness: ${sender} has sent ${out} messages but the server saw ${this.nextRaw[direction]} new ones`,
      );
    }
  }

  /** Watches key switches and re-key states after every step. */
  private observe(cause: 'sendA' | 'sendB' | 'receiveA' | 'receiveB' | 'explicit'): void {
    const now: Record<Side, ChatCheckpoint> = { A: this.a.checkpoint(), B: this.b.checkpoint() };
    for (const side of ['A', 'B'] as const) {
      const checkpoint = now[side];
      if (checkpoint.fingerprint !== this.fingerprint[side]) {
        this.fingerprint[side] = checkpoint.fingerprint;
        this.switchedAt[side] = this.now;
        this.stats.switches[side]++;
      }
      const before = this.rekeyState[side];
      const after = checkpoint.rekey;
      const ownStep = cause === `send${side}` || cause === `receive${side}`;
      if (ownStep && after.state === 'requesting' && after.exchange_id !== before.exchange_id) {
        this.stats.automaticRequests++;
        if (this.now - this.switchedAt[side] > WEEK) this.stats.timeEligibleRequests++;
      }
      this.rekeyState[side] = after;
      this.stats.maxGapQueue = Math.max(this.stats.maxGapQueue, checkpoint.queued.length);
    }
    this.stats.maxInFlight = Math.max(
      this.stats.maxInFlight,
      this.queues.AtoB.length,
      this.queues.BtoA.length,
    );
    const a = now.A.rekey;
    const b = now.B.rekey;
    if (a.state === 'requesting' && b.state === 'requesting' && a.exchange_id !== b.exchange_id) {
      const key = `${a.exchange_id}/${b.exchange_id}`;
      if (!this.concurrentSeen.has(key)) {
        this.concurrentSeen.add(key);
        this.stats.concurrentRekeys++;
      }
    }
  }
}
