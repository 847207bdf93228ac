// Receiving for one chat: the checks of R3.7 in order, sequence numbers (§6) and the peer's layer
// (R7.1). Messages in order are processed here; what arrives ahead of a gap goes to the gap queue,
// key actions to the re-key exchange. The chat lends this a narrow host.
import { decryptEnvelope } from '../envelope-decrypt.js';
import type { Role } from '../role.js';
import { decodeTl, type TlObject } from '../tl/index.js';
import { bytesFromJson, bytesToJson } from '../tl/tl-json.js';
import { Closed } from './_closed.js';
import { INITIAL_PEER_LAYER, MIN_RANDOM_BYTES } from './chat-constants.js';
import { serviceAction, type ChatGaps, type Inbound } from './chat-gaps.js';
import type { ChatProfile } from './chat-profile.js';
import type { ChatRekey } from './chat-rekey.js';
import type { ReceiveStatus } from './chat-types.js';
import { hasSenderParity } from './seq-no.js';

/** What receiving needs of its chat. */
export interface ReceiverHost {
  readonly peer: Role;
  readonly profile: ChatProfile;
  /** §5: the key slots to decrypt with, and the exchange key actions go to. */
  readonly rekeying: ChatRekey;
  /** R6.4, R6.6, R6.7: where messages ahead of a gap wait, and who serves a Resend. */
  readonly gaps: ChatGaps;
  /** R6.1: the raw out counter (messages we sent so far). */
  outRaw(): number;
  /** R7.5: our own highest layer. */
  readonly ownLayer: number;
}

export class ChatReceiver {
  // R6.1 raw counters: messages of the peer processed in order, and the peer's last in_seq_no.
  private inCount = 0;
  private hisInCount = 0;
  private peerLayerNow = INITIAL_PEER_LAYER;
  private highestPeerLayerField = 0;
  private newerLayerSeen = false;

  constructor(private readonly host: ReceiverHost) {}

  /**
   * R7.4: whether a message processed since the last call was written at a layer above ours — the
   * user must be told the app is out of date. Reading it clears it.
   */
  takeOutdated(): boolean {
    const seen = this.newerLayerSeen;
    this.newerLayerSeen = false;
    return seen;
  }

  /** R6.1: the raw in counter. */
  get inRaw(): number {
    return this.inCount;
  }

  /** R6.5: the raw in_seq_no of the peer's last message processed. */
  get hisInRaw(): number {
    return this.hisInCount;
  }

  /** R7.1: the peer's layer as far as we know it. */
  get peerLayer(): number {
    return this.peerLayerNow;
  }

  /** Checks one wire message (R3.7) and processes it, or queues it behind a gap (§6). */
  receive(data: Uint8Array, delivered: TlObject[]): { status: ReceiveStatus; reason?: string } {
    const { current, other } = this.host.rekeying;
    const keys = [current!.key, ...(other ? [other.key] : [])];
    // R3.7 steps 1–5.
    const envelope = decryptEnvelope(keys, this.host.peer, data, this.host.profile.envelope);
    if (!envelope.ok) {
      // Step 2: an unknown fingerprint is never fatal (TDLib code 1; Android drops it too).
      if (envelope.reason === 'unknown_fingerprint') return { status: 'dropped', reason: envelope.reason };
      return this.badMessage(envelope.reason);
    }
    const fingerprint = bytesToJson((envelope.keyIndex === 0 ? current! : other!).fingerprint);
    // Step 6: the body must be exactly one decryptedMessageLayer (D5: nothing after it).
    const decoded = decodeTl(envelope.message, { type: 'DecryptedMessageLayer' });
    if (!decoded.ok) return this.badMessage(`tl_${decoded.error.code}`);
    const layer = decoded.object;
    // Step 7 / R3.5 (D1): at least 15 random bytes.
    if (this.host.profile.checkRandomBytes && (layer.random_bytes as string).length / 2 < MIN_RANDOM_BYTES) {
      return this.badMessage('few_random_bytes');
    }
    // Step 8: sequence numbers, in TDLib's order (check_seq_no): parity, old, gap, then in_seq_no.
    const inSeq = layer.in_seq_no as number;
    const outSeq = layer.out_seq_no as number;
    if (!hasSenderParity(this.host.peer, inSeq, outSeq)) throw new Closed('bad_seq_no'); // R6.3
    const rawOut = outSeq >> 1;
    const rawIn = inSeq >> 1;
    if (rawOut < this.inCount || this.host.gaps.has(rawOut)) return { status: 'duplicate' }; // R6.4, no state change
    const inbound: Inbound = { layer, rawIn, rawOut, fingerprint, resendDone: false };
    if (rawOut > this.inCount) {
      this.host.gaps.enqueue(inbound);
      return { status: 'queued' };
    }
    this.processInOrder(inbound, delivered);
    // R6.6: the hole is filled; release what waited behind it, in order.
    for (let next = this.host.gaps.take(this.inCount); next; next = this.host.gaps.take(this.inCount)) {
      this.processInOrder(next, delivered);
    }
    return { status: 'delivered' };
  }

  private processInOrder(inbound: Inbound, delivered: TlObject[]): void {
    // R6.5: in_seq_no never decreases and never exceeds what we have sent.
    if (inbound.rawIn < this.hisInCount) throw new Closed('in_seq_no_decreased');
    if (inbound.rawIn > this.host.outRaw()) throw new Closed('in_seq_no_too_big');
    const layerField = inbound.layer.layer as number;
    if (this.host.profile.closeOnLayerDecrease && layerField < this.highestPeerLayerField) {
      throw new Closed('layer_decreased');
    }
    this.inCount++;
    this.hisInCount = inbound.rawIn;
    this.host.rekeying.countReceived();
    this.highestPeerLayerField = Math.max(this.highestPeerLayerField, layerField);
    if (layerField > this.host.ownLayer) this.newerLayerSeen = true; // R7.4
    if (layerField >= INITIAL_PEER_LAYER) this.peerLayerNow = Math.max(this.peerLayerNow, layerField); // R7.1
    this.host.rekeying.retireOrAdoptKeys(inbound.fingerprint);
    const message = inbound.layer.message as TlObject;
    const action = serviceAction(inbound.layer);
    if (action === undefined) {
      delivered.push(message);
      return;
    }
    switch (action._) {
      case 'decryptedMessageActionNotifyLayer': // R7.1
        this.peerLayerNow = Math.max(this.peerLayerNow, action.layer as number);
        return;
      case 'decryptedMessageActionResend': // R6.7, exactly once
        if (!inbound.resendDone) this.host.gaps.serveResend(action);
        return;
      case 'decryptedMessageActionRequestKey':
        return this.host.rekeying.onRequestKey(
          action.exchange_id as string,
          bytesFromJson('g_a', action.g_a),
        );
      case 'decryptedMessageActionAcceptKey':
        return this.host.rekeying.onAcceptKey(
          action.exchange_id as string,
          bytesFromJson('g_b', action.g_b),
          action.key_fingerprint as string,
        );
      case 'decryptedMessageActionCommitKey':
        return this.host.rekeying.onCommitKey(action.exchange_id as string, action.key_fingerprint as string);
      case 'decryptedMessageActionAbortKey':
        return this.host.rekeying.onAbortKey(action.exchange_id as string);
      case 'decryptedMessageActionNoop':
        return;
      default:
        delivered.push(message); // ReadMessages, DeleteMessages, SetTTL, Typing, …: for the user
    }
  }

  private badMessage(reason: string): { status: ReceiveStatus; reason: string } {
    if (this.host.profile.onBadMessage === 'close') throw new Closed(`bad_message:${reason}`); // D2 (TDLib)
    return { status: 'dropped', reason };
  }
}
