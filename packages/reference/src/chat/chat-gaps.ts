// The gap queue and Resend of one chat (R6.4, R6.6, R6.7): messages that arrive ahead of a hole wait
// here until it is filled, the hole is asked for once, and the peer's Resend is served from the
// bytes we sent. The chat keeps the counters; it lends this a narrow host.
import type { Role } from '../role.js';
import type { TlObject } from '../tl/index.js';
import { Closed } from './_closed.js';
import * as msg from './chat-messages.js';
import type { ChatProfile } from './chat-profile.js';
import { wireOut } from './seq-no.js';

/** A message that passed the envelope and TL checks, waiting to be processed in order. */
export interface Inbound {
  readonly layer: TlObject;
  readonly rawIn: number;
  readonly rawOut: number;
  /** Which key slot decrypted it, by fingerprint hex (slots may change before it is processed). */
  readonly fingerprint: string;
  /** R6.7: a Resend is executed on receipt, exactly once. */
  resendDone: boolean;
}

/** What the gap queue needs of its chat. */
export interface GapHost {
  readonly peer: Role;
  readonly profile: ChatProfile;
  /** R6.1: the raw in counter (messages of the peer processed in order so far). */
  inRaw(): number;
  /** R6.1: the raw out counter (messages we sent so far). */
  outRaw(): number;
  /** Sends a service message to the peer through the outbox. */
  sendAction(action: TlObject): void;
  /** Puts the original bytes of a message we sent back into the outbox (R6.7). */
  resendBytes(data: Uint8Array): void;
}

export class ChatGaps {
  /** R6.7: every message sent, by raw out_seq_no, so a Resend can be served with the original bytes. */
  private readonly sent = new Map<number, Uint8Array>();
  /** R6.4: messages that arrived ahead of a gap, by raw out_seq_no. */
  private readonly queue = new Map<number, Inbound>();
  /** R6.6: the highest raw out_seq_no of the peer we already asked to be re-sent. */
  private resendEnd = -1;

  constructor(private readonly host: GapHost) {}

  /** R6.7: keeps the bytes of the message sent with raw out_seq_no `raw`. */
  recordSent(raw: number, data: Uint8Array): void {
    this.sent.set(raw, data);
  }

  /** Whether a message with raw out_seq_no `rawOut` is already waiting (R6.4: a duplicate). */
  has(rawOut: number): boolean {
    return this.queue.has(rawOut);
  }

  /** R6.6: removes and returns the message waiting with raw out_seq_no `rawOut`, if any. */
  take(rawOut: number): Inbound | undefined {
    const next = this.queue.get(rawOut);
    if (next) this.queue.delete(rawOut);
    return next;
  }

  /** Raw out_seq_no values of the messages waiting, ascending. */
  queued(): number[] {
    return [...this.queue.keys()].sort((a, b) => a - b);
  }

  clear(): void {
    this.queue.clear();
  }

  /** R6.4 gap: queue the message, serve a Resend in it now (R6.7), and ask for the hole once (R6.6). */
  enqueue(inbound: Inbound): void {
    if (this.queue.size >= this.host.profile.maxQueued) throw new Closed('gap_queue_full'); // R6.8, D7
    this.queue.set(inbound.rawOut, inbound);
    const action = serviceAction(inbound.layer);
    if (action?._ === 'decryptedMessageActionResend') {
      this.serveResend(action);
      inbound.resendDone = true;
    }
    let start = Math.max(this.host.inRaw(), this.resendEnd + 1);
    while (this.queue.has(start)) start++;
    const end = inbound.rawOut - 1;
    if (start <= end) {
      this.host.sendAction(msg.resend(wireOut(this.host.peer, start), wireOut(this.host.peer, end)));
      this.resendEnd = end;
    }
  }

  /** R6.7: re-send our stored messages with raw out_seq_no in [start/2, end/2], or close. */
  serveResend(action: TlObject): void {
    const start = action.start_seq_no as number;
    const end = action.end_seq_no as number;
    if (start < 0 || end < 0) throw new Closed('cannot_resend');
    const first = start >> 1;
    const last = end >> 1;
    if (last < first) return;
    if (last - first + 1 > this.host.profile.maxResend) throw new Closed('resend_too_large');
    if (last >= this.host.outRaw()) throw new Closed('cannot_resend');
    for (let raw = first; raw <= last; raw++) this.host.resendBytes(this.sent.get(raw)!);
  }
}

/** The action of a service message inside a decryptedMessageLayer, if it is one. */
export function serviceAction(layer: TlObject): TlObject | undefined {
  const message = layer.message as TlObject;
  if (message._ === 'decryptedMessageService' || message._ === 'decryptedMessageService8') {
    return message.action as TlObject;
  }
  return undefined;
}
