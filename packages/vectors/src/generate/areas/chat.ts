// Chat transcripts (R3.5, R3.11, §4–§7): scripts the runner plays against an implementation, the
// reference playing the peer. Expected observations come from playing each script against the
// reference adapter's own chat ops (strict profile); before a transcript is written the generator
// replays it with other seeds on both sides (the observations must not move: nothing random is
// compared) and with the TDLib and Android profiles. Where a profile observes something else, the
// transcript must carry a divergence flag, becomes `acceptable` and records that outcome as an
// alternative; where no profile differs, a divergence flag is an error.
import { loadKnownAnswers } from '@conform/known-answers';
import { createChatOps, createHandler } from '@conform/impl-reference';
import {
  CHAT_PROFILES,
  computeDhPublic,
  STRICT_CHAT_PROFILE,
  type ChatProfile,
  type TlObject,
} from '@conform/reference';
import { draftTest, type Area, type DraftTest } from '../area.js';
import { createContext, fromHex, toHex, type GenerationContext } from '../context.js';
import { D_E2E, TDLIB_DH } from '../links.js';
import { compareObservations, sameJson } from '../../transcript/compare.js';
import { playTranscript, type ImplSide, type Reply } from '../../transcript/play.js';
import type { Step, TranscriptAlternative, TranscriptSpec } from '../../transcript/types.js';

const D_PFS = 'https://core.telegram.org/api/end-to-end/pfs';
const D_SEQ = 'https://core.telegram.org/api/end-to-end/seq_no';
const TDLIB_SECRET_CHAT =
  'https://github.com/tdlib/td/blob/022d60202e446ad1287b9fb68e687c8a0760788b/td/telegram/SecretChatActor.cpp';
const WEEK = 7 * 24 * 3600;
const T0 = 1_700_000_000; // creation time of every transcript (unix seconds)

const text = (id: number, body = `message ${id}`): TlObject => ({
  _: 'decryptedMessage',
  random_id: String(1000 + id),
  ttl: 0,
  message: body,
});
const service = (id: number, action: TlObject): TlObject => ({
  _: 'decryptedMessageService',
  random_id: String(5000 + id),
  action,
});

/** Builds a script; `handshake()` gives the opening both roles share. */
class Script {
  readonly steps: Step[] = [];
  constructor(readonly role: 'creator' | 'participant') {}
  add(...steps: Step[]): this {
    this.steps.push(...steps);
    return this;
  }
  /** R4.6 for the implementation's role, then each side's NotifyLayer delivered (R7.2). */
  handshake(): this {
    if (this.role === 'creator') {
      this.add({ do: 'impl.create' }, { do: 'impl.request' }, { do: 'peer.accept' }, { do: 'impl.confirm' });
    } else {
      this.add({ do: 'impl.create' }, { do: 'peer.request' }, { do: 'impl.accept' }, { do: 'peer.confirm' });
      this.add({ do: 'impl.confirm' });
    }
    // toImpl[0] and toPeer[0] are the NotifyLayers.
    return this.add({ do: 'peer.receive', m: 0 }, { do: 'impl.receive', m: 0 });
  }
}

interface TranscriptDraft {
  readonly key: string;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly script: Script;
  readonly layer?: number;
  readonly peerLayer?: number;
  readonly p?: string;
  readonly g?: number;
  readonly observeLayer?: boolean;
}

/**
 * Each divergence flag and the behaviour it names: the client that has it, and the change to the
 * strict profile that reproduces it (docs/spec.md §12). The alternative outcome of a transcript is
 * the strict one with just that change.
 */
const DIVERGENCES: Readonly<Record<string, { client: 'tdlib' | 'android'; change: Partial<ChatProfile> }>> = {
  DivergenceD1RandomBytes: { client: 'tdlib', change: { checkRandomBytes: false } },
  DivergenceD2BadMessage: { client: 'tdlib', change: { onBadMessage: 'close' } },
  DivergenceD6RekeyTrigger: { client: 'android', change: { rekeyAfterSent: 100, rekeyAfterReceived: 120 } },
  DivergenceD7GapQueue: { client: 'android', change: { maxQueued: 4 } },
  DivergenceD9LayerWritten: { client: 'android', change: { layerFormula: 'android' } },
  DivergenceD12PublicRange: { client: 'android', change: { publicRange: 'required' } },
  DivergenceLayerDecrease: { client: 'tdlib', change: { closeOnLayerDecrease: true } },
};

/** The reference adapter's chat ops in-process, as an implementation under test. */
function referenceSide(profile: ChatProfile, seed: string): ImplSide {
  const handle = createHandler(createChatOps({ rng: createContext(seed).rng('transcript impl'), profile }));
  let id = 0;
  return {
    call: (op, args) => {
      const { id: _id, ...reply } = handle({ ...args, id: ++id, op });
      return Promise.resolve(reply as Reply);
    },
  };
}

async function observe(spec: TranscriptSpec, profile: ChatProfile, seed: string) {
  return playTranscript(spec, referenceSide(profile, seed), { seed, chat: 'c' });
}

export async function chatArea(ctx: GenerationContext): Promise<Area> {
  const sample = loadKnownAnswers('dh-official-sample.json');
  const p = fromHex(sample.p);
  const pBig = BigInt('0x' + sample.p);
  const bound = 1n << 1984n;
  const hex256 = (n: bigint) => n.toString(16).padStart(512, '0');
  const validPublic = toHex(computeDhPublic(p, sample.g, ctx.rng('chat valid public')(256)));
  const drafts: TranscriptDraft[] = [];
  const t = (d: TranscriptDraft) => drafts.push(d);
  const roles = ['creator', 'participant'] as const;

  // ---- Handshake (R4.6, R4.9, R4.10, R7.2) ----------------------------------------------------
  for (const role of roles) {
    t({
      key: `handshake ${role}`,
      comment: `the implementation as ${role}: handshake, NotifyLayer both ways, one message each way`,
      flags: ['ChatHandshake'],
      script: new Script(role)
        .handshake()
        .add({ do: 'impl.send', message: text(1) }, { do: 'peer.receive', m: 1 })
        .add({ do: 'peer.send', message: text(2) }, { do: 'impl.receive', m: 1 }),
    });
    t({
      key: `send before ready ${role}`,
      comment: `the implementation as ${role} cannot send before the key exists (R4.9)`,
      flags: ['ChatNotReady'],
      script: new Script(role).add({ do: 'impl.create' }, { do: 'impl.send', message: text(1) }),
    });
    t({
      key: `close ${role}`,
      comment: `after chat.close nothing is sent and nothing is delivered (R4.9 Discarded)`,
      flags: ['ChatClosed'],
      script: new Script(role)
        .handshake()
        .add({ do: 'peer.send', message: text(1) })
        .add({ do: 'impl.close' }, { do: 'impl.send', message: text(2) }, { do: 'impl.receive', m: 1 }),
    });
  }
  // R4.4: the server's random bytes from messages.getDhConfig are mixed with the local draw; g_a and
  // g_b must not be g raised to those bytes alone. The bytes are chosen so that a raw use would give a
  // public value R4.3 accepts: only the observation raw_server_random tells the two apart.
  const serverRandom = toHex(ctx.rng('chat server random')(256));
  t({
    key: 'server random creator',
    comment:
      'the creator is given the server random bytes: g_a is not g^random, and the handshake completes (R4.4)',
    flags: ['ChatServerRandom'],
    script: new Script('creator').add(
      { do: 'impl.create' },
      { do: 'impl.request', server_random: serverRandom },
      { do: 'peer.accept' },
      { do: 'impl.confirm' },
      { do: 'peer.receive', m: 0 },
    ),
  });
  t({
    key: 'server random participant',
    comment:
      'the participant is given the server random bytes: g_b is not g^random, and the handshake completes (R4.4)',
    flags: ['ChatServerRandom'],
    script: new Script('participant').add(
      { do: 'impl.create' },
      { do: 'peer.request' },
      { do: 'impl.accept', server_random: serverRandom },
      { do: 'peer.confirm' },
      { do: 'impl.confirm' },
      { do: 'peer.receive', m: 0 },
    ),
  });
  // The fingerprint the server reports must match the key (R4.6 step 5).
  t({
    key: 'creator fingerprint mismatch',
    comment: 'the creator is given a fingerprint that is not its key’s: it refuses and closes',
    flags: ['ChatFingerprintMismatch'],
    script: new Script('creator').add(
      { do: 'impl.create' },
      { do: 'impl.request' },
      { do: 'peer.accept' },
      { do: 'impl.confirm', fingerprint: '0102030405060708' },
    ),
  });
  t({
    key: 'participant fingerprint mismatch',
    comment: 'the participant’s encryptedChat carries another fingerprint: it closes',
    flags: ['ChatFingerprintMismatch'],
    script: new Script('participant').add(
      { do: 'impl.create' },
      { do: 'peer.request' },
      { do: 'impl.accept' },
      { do: 'impl.confirm', fingerprint: '0102030405060708' },
    ),
  });

  // ---- R4.3 bounds on g_a (participant) and g_b (creator), both sides of each line ------------
  const bounds: [string, bigint, boolean, string][] = [
    ['1', 1n, false, 'BadPublicRequired'],
    ['2^1984 - 1', bound - 1n, false, 'BadPublicRecommended'],
    ['2^1984', bound, true, 'PublicAtBound'],
    ['p - 2^1984', pBig - bound, true, 'PublicAtBound'],
    ['p - 2^1984 + 1', pBig - bound + 1n, false, 'BadPublicRecommended'],
    ['p - 1', pBig - 1n, false, 'BadPublicRequired'],
  ];
  for (const [label, value, ok, flag] of bounds) {
    const flags = ok
      ? [flag]
      : [flag, ...(flag === 'BadPublicRecommended' ? ['DivergenceD12PublicRange'] : [])];
    t({
      key: `g_a ${label}`,
      comment: `participant given g_a = ${label}: ${ok ? 'accepted' : 'refused, chat closed'} (R4.3)`,
      flags,
      script: new Script('participant').add(
        { do: 'impl.create' },
        { do: 'peer.request' },
        { do: 'impl.accept', g_a: hex256(value) },
      ),
    });
    t({
      key: `g_b ${label}`,
      comment: `creator given g_b = ${label}: ${ok ? 'accepted up to the fingerprint check' : 'refused, chat closed'} (R4.3)`,
      flags,
      script: new Script('creator').add(
        { do: 'impl.create' },
        { do: 'impl.request' },
        { do: 'peer.accept' },
        { do: 'impl.confirm', g_b: hex256(value) },
      ),
    });
  }
  // R4.2: the chat checks (p, g) before it uses them.
  const composite = (pBig - 2n).toString(16).padStart(512, '0');
  t({
    key: 'creator bad p',
    comment: 'chat.request with p − 2 (not prime): refused, chat closed (R4.2)',
    flags: ['ChatBadParams'],
    p: composite,
    script: new Script('creator').add({ do: 'impl.create' }, { do: 'impl.request' }),
  });
  t({
    key: 'participant bad g',
    comment: 'chat.accept with g = 5, which p does not allow (p mod 5 rule, R4.2): refused, chat closed',
    flags: ['ChatBadParams'],
    g: 5,
    script: new Script('participant').add({ do: 'impl.create' }, { do: 'impl.accept', g_a: validPublic }),
  });

  // ---- In-order traffic and sequence numbers (R6.1, R6.2, R6.5) ------------------------------
  for (const role of roles) {
    const s = new Script(role).handshake();
    // Interleaved: the implementation's in_seq_no grows as it receives; both directions.
    for (let i = 1; i <= 4; i++) {
      s.add({ do: 'peer.send', message: text(10 + i) }, { do: 'impl.receive', m: i });
      s.add({ do: 'impl.send', message: text(20 + i) }, { do: 'peer.receive', m: i });
    }
    s.add({ do: 'impl.send', message: text(30) }, { do: 'impl.send', message: text(31) });
    s.add({ do: 'peer.receive', m: 5 }, { do: 'peer.receive', m: 6 });
    t({
      key: `in order ${role}`,
      comment: `the implementation as ${role}: interleaved messages both ways, counters after each (R6.1, R6.2)`,
      flags: ['ChatInOrder'],
      script: s,
    });
  }

  // ---- Duplicates and replays (R6.4) ------------------------------------------------------------
  for (const role of roles) {
    t({
      key: `duplicate ${role}`,
      comment: 'the same message twice, and an old one after newer ones: dropped, nothing changes (R6.4)',
      flags: ['ChatDuplicate'],
      script: new Script(role)
        .handshake()
        .add({ do: 'peer.send', message: text(1) }, { do: 'peer.send', message: text(2) })
        .add({ do: 'impl.receive', m: 1 }, { do: 'impl.receive', m: 1 })
        .add({ do: 'impl.receive', m: 2 }, { do: 'impl.receive', m: 1 }, { do: 'impl.receive', m: 0 }),
    });
  }

  // ---- Gaps and Resend (R6.4, R6.6, R6.7) ------------------------------------------------------
  for (const role of roles) {
    t({
      key: `gap filled by resend ${role}`,
      comment:
        'message 2 is lost: 3 waits, the implementation asks for 2 with Resend, the copy fills the hole',
      flags: ['ChatGapResend'],
      script: new Script(role)
        .handshake()
        .add({ do: 'peer.send', message: text(1) }, { do: 'peer.send', message: text(2) })
        .add({ do: 'peer.send', message: text(3) })
        .add({ do: 'impl.receive', m: 1 }, { do: 'impl.receive', m: 3 }) // queued; Resend → toPeer[1]
        .add({ do: 'peer.receive', m: 1 }) // the peer re-sends message 2 → toImpl[4]
        .add({ do: 'impl.receive', m: 4 }, { do: 'impl.receive', m: 2 }),
    });
    t({
      key: `answers resend ${role}`,
      comment: 'the peer misses one of our messages and asks for it: we re-send it once, unchanged (R6.7)',
      flags: ['ChatAnswersResend'],
      script: new Script(role)
        .handshake()
        .add({ do: 'impl.send', message: text(1) }, { do: 'impl.send', message: text(2) })
        .add({ do: 'impl.send', message: text(3) })
        .add({ do: 'peer.receive', m: 1 }, { do: 'peer.receive', m: 3 }) // the peer's Resend → toImpl[1]
        .add({ do: 'impl.receive', m: 1 }) // re-sends message 2 → toPeer[4]
        .add({ do: 'peer.receive', m: 4 }),
    });
  }
  for (const role of roles) {
    // The peer of an implementation-creator is the participant: its out_seq_no are even (R6.2).
    const peerRole = role === 'creator' ? 'participant' : 'creator';
    const peerOut = (raw: number) => 2 * raw + (peerRole === 'creator' ? 1 : 0);
    const ourOut = (raw: number) => 2 * raw + (role === 'creator' ? 1 : 0);
    t({
      key: `resend beyond what was sent ${role}`,
      comment: 'a Resend for messages never sent cannot be honoured: the chat closes (R6.7)',
      flags: ['ChatResendImpossible'],
      script: new Script(role)
        .handshake()
        .add({
          do: 'peer.forge',
          message: service(1, {
            _: 'decryptedMessageActionResend',
            start_seq_no: ourOut(3),
            end_seq_no: ourOut(5),
          }),
        })
        .add({ do: 'impl.receive', m: 1 }),
    });
    // ---- Parity and in_seq_no violations abort the chat (R6.3, R6.5) --------------------------
    t({
      key: `out_seq_no wrong parity ${role}`,
      comment: 'the peer’s next out_seq_no with the other parity: the chat closes at once (R6.3)',
      flags: ['ChatSeqParity'],
      script: new Script(role)
        .handshake()
        .add({ do: 'peer.forge', message: text(1), out_seq_no: peerOut(1) ^ 1 })
        .add({ do: 'impl.receive', m: 1 }),
    });
    t({
      key: `in_seq_no wrong parity ${role}`,
      comment: 'the peer’s in_seq_no with the other parity: the chat closes at once (R6.3)',
      flags: ['ChatSeqParity'],
      script: new Script(role)
        .handshake()
        .add({
          do: 'peer.forge',
          message: text(1),
          in_seq_no: (2 * 1 + (peerRole === 'creator' ? 0 : 1)) ^ 1,
        })
        .add({ do: 'impl.receive', m: 1 }),
    });
    const peerIn = (raw: number) => 2 * raw + (peerRole === 'creator' ? 0 : 1);
    t({
      key: `in_seq_no at most what was sent ${role}`,
      comment: 'in_seq_no equal to the messages we sent is fine; one more closes the chat (R6.5)',
      flags: ['ChatInSeqNoTooBig'],
      script: new Script(role)
        .handshake()
        .add({ do: 'impl.send', message: text(1) }) // we have sent 2 (NotifyLayer, 1)
        .add({ do: 'peer.forge', message: text(2), in_seq_no: peerIn(2) })
        .add({ do: 'impl.receive', m: 1 })
        .add({ do: 'peer.forge', message: text(3), in_seq_no: peerIn(3), out_seq_no: peerOut(2) })
        .add({ do: 'impl.receive', m: 2 }),
    });
    t({
      key: `in_seq_no decreases ${role}`,
      comment: 'in_seq_no going down from one message to the next closes the chat (R6.5)',
      flags: ['ChatInSeqNoDecreased'],
      script: new Script(role)
        .handshake()
        .add({ do: 'impl.send', message: text(1) }, { do: 'peer.receive', m: 1 })
        .add({ do: 'peer.send', message: text(2) }) // carries in_seq_no 2 (raw)
        .add({ do: 'peer.forge', message: text(3), in_seq_no: peerIn(1), out_seq_no: peerOut(2) })
        .add({ do: 'impl.receive', m: 1 }, { do: 'impl.receive', m: 2 }),
    });
  }

  // ---- Bad messages inside a chat (R3.5, R3.7, R3.11) ------------------------------------------
  t({
    key: 'bad msg_key in chat',
    comment:
      'a message whose msg_key does not match: never delivered; the chat goes on (strict) or closes (TDLib, D2)',
    flags: ['ChatRejectedMessage', 'DivergenceD2BadMessage'],
    script: new Script('creator')
      .handshake()
      .add({ do: 'peer.forge', message: text(1), corrupt: 'msg_key' }, { do: 'peer.send', message: text(2) })
      .add({ do: 'impl.receive', m: 1 }, { do: 'impl.receive', m: 2 }),
  });
  t({
    key: 'random bytes 14 and 15',
    comment: 'random_bytes of 15 are delivered; 14 must be ignored (R3.5) — TDLib does not check (D1)',
    flags: ['ChatRandomBytes', 'DivergenceD1RandomBytes'],
    script: new Script('participant')
      .handshake()
      .add({ do: 'peer.forge', message: text(1), random_bytes_length: 15 })
      .add({ do: 'impl.receive', m: 1 })
      .add({ do: 'peer.forge', message: text(2), random_bytes_length: 14 })
      .add({ do: 'impl.receive', m: 2 }),
  });

  // ---- Layers (R7.1–R7.3) ------------------------------------------------------------------------
  for (const peerLayer of [46, 73, 101]) {
    t({
      key: `peer layer ${peerLayer}`,
      comment: `the peer speaks layer ${peerLayer}: peer_layer follows its NotifyLayer and the layer we write follows R7.3`,
      // Android writes 46 before it knows the peer's layer, TDLib 73 (D9): every layer transcript shows it.
      flags: ['ChatLayer', 'DivergenceD9LayerWritten'],
      peerLayer,
      observeLayer: true,
      script: new Script('creator')
        .handshake()
        .add({ do: 'impl.send', message: text(1) }, { do: 'peer.receive', m: 1 }),
    });
  }
  t({
    key: 'peer layer goes down',
    comment: 'a message with a lower layer than before: strict receivers deliver it; TDLib closes (R6.5)',
    flags: ['ChatLayer', 'DivergenceLayerDecrease', 'DivergenceD9LayerWritten'],
    observeLayer: true,
    script: new Script('creator')
      .handshake()
      .add({ do: 'peer.send', message: text(1) }, { do: 'impl.receive', m: 1 }) // layer 144
      .add({ do: 'peer.forge', message: text(2), layer: 101 })
      .add({ do: 'impl.receive', m: 2 }),
  });

  // R7.4: a message written at a layer above ours means the app is out of date: chat.receive says so.
  t({
    key: 'newer layer',
    comment:
      'messages at layer 144 (ours) then 145 (above ours): only the second makes chat.receive say outdated; both are delivered (R7.4)',
    flags: ['ChatNewerLayer'],
    script: new Script('creator')
      .handshake()
      .add({ do: 'peer.send', message: text(1) }, { do: 'impl.receive', m: 1 }) // layer 144
      .add({ do: 'peer.forge', message: text(2), layer: 145 }, { do: 'impl.receive', m: 2 }),
  });
  t({
    key: 'newer layer than an older client',
    comment:
      'the implementation speaks layer 101; the peer, not knowing it yet, writes 144: outdated from the first message (R7.4)',
    flags: ['ChatNewerLayer'],
    layer: 101,
    script: new Script('participant')
      .add({ do: 'impl.create' }, { do: 'peer.request' }, { do: 'impl.accept' }, { do: 'peer.confirm' })
      .add({ do: 'impl.confirm' }, { do: 'impl.receive', m: 0 }) // the peer's NotifyLayer, written at 73
      .add({ do: 'peer.forge', message: text(1), layer: 144 }, { do: 'impl.receive', m: 1 }),
  });

  // ---- Re-keying (§5) ----------------------------------------------------------------------------
  for (const role of roles) {
    t({
      key: `rekey initiated ${role}`,
      comment:
        'chat.rekey: RequestKey, the peer’s AcceptKey, CommitKey and the switch; traffic under the new key (R5.2–R5.5, R5.8)',
      flags: ['ChatRekey'],
      script: new Script(role)
        .handshake()
        .add({ do: 'impl.rekey' }, { do: 'peer.receive', m: 1 }) // RequestKey → AcceptKey toImpl[1]
        .add({ do: 'impl.receive', m: 1 }) // CommitKey → toPeer[2], switch
        .add({ do: 'peer.receive', m: 2 }) // peer switches; its Noop → toImpl[2]
        .add({ do: 'impl.receive', m: 2 })
        .add({ do: 'impl.send', message: text(1) }, { do: 'peer.receive', m: 3 })
        .add({ do: 'peer.send', message: text(2) }, { do: 'impl.receive', m: 3 }),
    });
    t({
      key: `rekey accepted ${role}`,
      comment:
        'the peer re-keys: we answer AcceptKey, switch on CommitKey, and keep the old key for stragglers (R5.3, R5.5, R5.9)',
      flags: ['ChatRekey'],
      script: new Script(role)
        .handshake()
        .add({ do: 'peer.send', message: text(1) }) // toImpl[1], under the old key, held back
        .add({ do: 'peer.rekey' }, { do: 'impl.receive', m: 2 }) // RequestKey → AcceptKey toPeer[1]
        .add({ do: 'peer.receive', m: 1 }) // CommitKey → toImpl[3]
        .add({ do: 'impl.receive', m: 3 }) // we switch
        .add({ do: 'impl.receive', m: 1 }) // an old-key message behind the switch is still read
        .add({ do: 'peer.send', message: text(2) }, { do: 'impl.receive', m: 4 }),
    });
  }
  // R5.7: both start at once; the larger exchange_id, compared as signed 64-bit, wins.
  for (const [ours, theirs, why] of [
    ['9000', '5', 'ours larger: theirs is dropped silently'],
    ['5', '9000', 'theirs larger: ours is dropped and theirs accepted'],
    ['-9000', '5', 'ours negative: compared signed, ours is smaller'],
  ] as const) {
    t({
      key: `rekey collision ${ours} ${theirs}`,
      comment: `both sides send RequestKey at once, exchange_id ${ours} (ours) vs ${theirs}: ${why} (R5.7)`,
      flags: ['ChatRekeyCollision'],
      script: new Script('creator')
        .handshake()
        .add({ do: 'impl.rekey', exchange_id: ours })
        .add({ do: 'peer.rekey', exchange_id: theirs })
        .add({ do: 'impl.flush' }, { do: 'peer.flush' })
        .add({ do: 'impl.flush' }, { do: 'peer.flush' })
        .add({ do: 'impl.flush' }, { do: 'peer.flush' })
        .add({ do: 'impl.send', message: text(1) }, { do: 'peer.flush' }),
    });
  }
  t({
    key: 'rekey aborted',
    comment: 'the peer answers our RequestKey with AbortKey: back to idle on the old key (R5.6)',
    flags: ['ChatRekeyAbort'],
    script: new Script('creator')
      .handshake()
      .add({ do: 'impl.rekey', exchange_id: '77' })
      .add({
        do: 'peer.forge',
        message: service(1, { _: 'decryptedMessageActionAbortKey', exchange_id: '77' }),
      })
      .add({ do: 'impl.receive', m: 1 })
      .add({ do: 'impl.send', message: text(1) }, { do: 'peer.receive', m: 2 }),
  });
  t({
    key: 'accept key wrong fingerprint',
    comment: 'an AcceptKey whose key_fingerprint is not that of the key it implies: the chat closes (R5.4)',
    flags: ['ChatRekeyBadAccept'],
    script: new Script('creator')
      .handshake()
      .add({ do: 'impl.rekey', exchange_id: '77' })
      .add({
        do: 'peer.forge',
        message: service(1, {
          _: 'decryptedMessageActionAcceptKey',
          exchange_id: '77',
          g_b: validPublic,
          key_fingerprint: '12345',
        }),
      })
      .add({ do: 'impl.receive', m: 1 }),
  });
  t({
    key: 'commit key unexpected',
    comment: 'a CommitKey with no exchange open: the chat closes (R5.5)',
    flags: ['ChatRekeyUnexpected'],
    script: new Script('participant')
      .handshake()
      .add({
        do: 'peer.forge',
        message: service(1, {
          _: 'decryptedMessageActionCommitKey',
          exchange_id: '77',
          key_fingerprint: '12345',
        }),
      })
      .add({ do: 'impl.receive', m: 1 }),
  });
  // R5.1: the clock. Exactly one week is not "more than one week".
  for (const [label, now, rekeys] of [
    ['one week', T0 + WEEK, false],
    ['one week and a second', T0 + WEEK + 1, true],
  ] as const) {
    t({
      key: `rekey by clock ${label}`,
      comment: `a message sent ${label} after the key was made: ${rekeys ? 'starts a re-key' : 'no re-key yet'} (R5.1)`,
      flags: ['ChatRekeyByClock'],
      script: new Script('creator').handshake().add({ do: 'impl.send', message: text(1), now }),
    });
  }
  // R5.1: the message count. Strict and TDLib: more than 100 (in + out); Android: 100 sent or 120 received (D6).
  {
    // 2 messages under the key after the handshake, 30 received, then sends: the 69th makes 101.
    const s = new Script('creator').handshake();
    for (let i = 1; i <= 30; i++) s.add({ do: 'peer.send', message: text(i) }, { do: 'impl.receive', m: i });
    for (let i = 31; i <= 100; i++) s.add({ do: 'impl.send', message: text(i) });
    t({
      key: 'rekey by count sent',
      comment:
        'the 101st message under a key (in + out) starts a re-key (R5.1); Android waits for 100 sent (D6)',
      flags: ['ChatRekeyByCount', 'DivergenceD6RekeyTrigger'],
      script: s,
    });
  }
  // R6.8 / D7: messages waiting behind a gap.
  {
    const s = new Script('participant').handshake();
    for (let i = 1; i <= 7; i++) s.add({ do: 'peer.send', message: text(i) });
    for (let m = 2; m <= 7; m++) s.add({ do: 'impl.receive', m });
    s.add({ do: 'impl.receive', m: 1 });
    t({
      key: 'gap queue of six',
      comment:
        'six messages wait behind one hole and are then released in order (R6.4, R6.6); Android closes at 4 (D7)',
      flags: ['ChatGapQueue', 'DivergenceD7GapQueue'],
      script: s,
    });
  }

  // ---- Generate and check each transcript -----------------------------------------------------
  const tests: DraftTest[] = [];
  for (const d of drafts) {
    const spec: TranscriptSpec = {
      role: d.script.role,
      layer: d.layer ?? 144,
      peer_layer: d.peerLayer ?? 144,
      p: d.p ?? sample.p,
      g: d.g ?? sample.g,
      now: T0,
      ...(d.observeLayer === true ? { observe_layer: true } : {}),
      steps: d.script.steps,
    };
    const expect = await observe(spec, STRICT_CHAT_PROFILE, `${d.key} a`);
    if (process.env['CONFORM_DEBUG_TRANSCRIPT'] === d.key) {
      // For whoever writes a transcript: each step and what the reference observed.
      spec.steps.forEach((step, i) =>
        process.stderr.write(`${i} ${JSON.stringify(step)}\n  ${JSON.stringify(expect[i])}\n`),
      );
    }
    const again = await observe(spec, STRICT_CHAT_PROFILE, `${d.key} b`);
    const moved = compareObservations(spec.steps, expect, again);
    if (!moved.match)
      throw new Error(
        `chat transcript "${d.key}" depends on randomness at step ${moved.step}: ${moved.detail}`,
      );
    const unplayable = expect.findIndex((o) => o.unplayable !== undefined);
    if (unplayable >= 0) throw new Error(`chat transcript "${d.key}": step ${unplayable} is unplayable`);
    // Each divergence it names must show: the strict profile with that one change observes otherwise.
    const alternatives: TranscriptAlternative[] = [];
    for (const flag of d.flags.filter((f) => f.startsWith('Divergence'))) {
      const divergence = DIVERGENCES[flag];
      if (divergence === undefined)
        throw new Error(`chat transcript "${d.key}": no profile change for ${flag}`);
      const other = await observe(spec, { ...STRICT_CHAT_PROFILE, ...divergence.change }, `${d.key} a`);
      if (sameJson(other, expect))
        throw new Error(
          `chat transcript "${d.key}" is flagged ${flag}, but that behaviour observes the same`,
        );
      alternatives.push({ profile: divergence.client, divergence: flag, expect: other });
    }
    // And nothing else may: TDLib and Android as a whole observe the strict outcome or one of the
    // named alternatives.
    for (const client of ['tdlib', 'android'] as const) {
      const other = await observe(spec, CHAT_PROFILES[client], `${d.key} a`);
      if (!sameJson(other, expect) && !alternatives.some((a) => sameJson(a.expect, other))) {
        const why = compareObservations(spec.steps, expect, other);
        throw new Error(
          `chat transcript "${d.key}": the ${client} profile observes something no divergence flag names: ${why.match ? '' : `step ${why.step}: ${why.detail}`}`,
        );
      }
    }
    const divergent = alternatives.length > 0;
    // A transcript in which the implementation must refuse something is `invalid`, as a stateless
    // vector whose input must be rejected is; the runner judges both kinds by their observations.
    const refuses = expect.some(
      (o) =>
        o.ok === false ||
        ['dropped', 'duplicate', 'closed'].includes(String(o.status)) ||
        (o.receives ?? []).some((r) => ['dropped', 'duplicate', 'closed'].includes(String(r.status))),
    );
    tests.push(
      draftTest(divergent ? 'acceptable' : refuses ? 'invalid' : 'valid', d.key, d.comment, d.flags, {
        ...spec,
        expect,
        ...(alternatives.length > 0 ? { alternatives } : {}),
      }),
    );
  }

  return {
    file: 'chat_test.json',
    algorithm: 'MTProto 2.0 secret chat sessions',
    schema: 'chat_test_schema_v1.json',
    header: [
      'Chat transcripts: the runner plays each script against the implementation, the reference playing the peer and the network.',
      'After every implementation step the runner reads chat.state and compares the normalized checkpoint.',
      'Observations hold nothing random (key fingerprints are labels k0, k1, … in the order the peer held the keys), so they hold for any RNG.',
      'acceptable transcripts list the outcome of the TDLib or Android behaviour as alternatives (docs/spec.md §12).',
      'No independent implementation of the chat state machine is available to cross-check these (crossValidation is empty): they rest on the rule-by-rule and model-based tests of @conform/reference.',
    ],
    notes: NOTES,
    groups: [
      {
        type: 'ChatTranscriptTest',
        op: 'chat',
        inputs: {},
        outputs: {},
        tests,
      },
    ],
    crossCheckers: [],
  };
}

const NOTES = {
  ChatHandshake: {
    bugType: 'BASIC',
    description:
      'The key exchange in the implementation’s role, NotifyLayer both ways and a message each way.',
    rules: ['R4.6', 'R4.9', 'R4.10', 'R6.1', 'R6.2', 'R7.1', 'R7.2'],
    links: [D_E2E, TDLIB_SECRET_CHAT],
  },
  ChatNewerLayer: {
    bugType: 'MISSING_CHECK',
    description:
      'A message whose decryptedMessageLayer.layer is above the implementation’s own layer: chat.receive answers `outdated: true` so the user can be told the app is out of date (D-e2e). Catches a receiver that never tells, or tells for every message.',
    rules: ['R7.4', 'R7.1'],
    links: [D_E2E],
  },
  ChatServerRandom: {
    bugType: 'WEAK_PARAMS',
    description:
      'chat.request / chat.accept given the random bytes of messages.getDhConfig: the secret must combine them with the implementation’s own randomness (XOR as Android, a PRNG seed as TDLib), never be those bytes alone. Catches g_a or g_b equal to g^random mod p, i.e. a secret the server chose. An implementation that ignores the bytes passes: that is not observable.',
    rules: ['R4.4', 'R4.5'],
    links: [D_E2E, 'https://core.telegram.org/api/end-to-end#sending-a-request'],
  },
  ChatNotReady: {
    bugType: 'MISSING_CHECK',
    description: 'Sending before the key exists must fail.',
    rules: ['R4.9', 'R4.10'],
  },
  ChatClosed: {
    bugType: 'MISSING_CHECK',
    description: 'A closed chat sends and delivers nothing.',
    rules: ['R4.9'],
  },
  ChatFingerprintMismatch: {
    bugType: 'MISSING_CHECK',
    description:
      'The key fingerprint from the server must equal the computed key’s; otherwise the chat closes.',
    rules: ['R4.6', 'R4.7'],
    links: [D_E2E],
  },
  BadPublicRequired: {
    bugType: 'WEAK_PARAMS',
    description: 'g_a or g_b outside 1 < v < p − 1: every client refuses it.',
    rules: ['R4.3'],
    links: [D_E2E, TDLIB_DH],
  },
  BadPublicRecommended: {
    bugType: 'EDGE_CASE',
    description: 'g_a or g_b just outside [2^1984, p − 2^1984]: refused by TDLib and the docs’ advice.',
    rules: ['R4.3'],
    links: [D_E2E, TDLIB_DH],
  },
  PublicAtBound: {
    bugType: 'EDGE_CASE',
    description:
      'g_a or g_b exactly at a bound of [2^1984, p − 2^1984]: accepted (TDLib’s bounds are inclusive).',
    rules: ['R4.3'],
    links: [TDLIB_DH],
  },
  DivergenceD12PublicRange: {
    bugType: 'DIVERGENCE',
    description: 'Android checks only 1 < v < p − 1 and accepts values inside the 2^1984 margin.',
    rules: ['D12', 'R4.3'],
  },
  ChatBadParams: {
    bugType: 'WEAK_PARAMS',
    description: 'The chat checks p and g (R4.2) before using them, and closes if they fail.',
    rules: ['R4.1', 'R4.2'],
    links: [TDLIB_DH],
  },
  ChatInOrder: {
    bugType: 'BASIC',
    description: 'Interleaved traffic both ways; raw counters and wire seq_no after every message.',
    rules: ['R6.1', 'R6.2', 'R6.5', 'R6.9'],
    links: [D_SEQ],
  },
  ChatDuplicate: {
    bugType: 'MISSING_CHECK',
    description: 'A message whose out_seq_no was already processed is dropped without effect.',
    rules: ['R6.4'],
    links: [D_SEQ],
  },
  ChatGapResend: {
    bugType: 'BASIC',
    description:
      'A hole: later messages wait, one Resend with the right wire range, the copy releases them in order.',
    rules: ['R6.4', 'R6.6'],
    links: [D_SEQ],
  },
  ChatAnswersResend: {
    bugType: 'BASIC',
    description: 'A Resend is answered once by re-sending the stored messages with their original seq_no.',
    rules: ['R6.7', 'R6.9'],
    links: [D_SEQ],
  },
  ChatResendImpossible: {
    bugType: 'MISSING_CHECK',
    description: 'A Resend for messages that were never sent cannot be satisfied: the chat closes.',
    rules: ['R6.7'],
    links: [D_SEQ, TDLIB_SECRET_CHAT],
  },
  ChatSeqParity: {
    bugType: 'MISSING_CHECK',
    description: 'A seq_no with the wrong parity for the sender’s role aborts the chat.',
    rules: ['R6.2', 'R6.3'],
    links: [D_SEQ],
  },
  ChatInSeqNoTooBig: {
    bugType: 'EDGE_CASE',
    description: 'in_seq_no may equal the number of messages we sent, never exceed it.',
    rules: ['R6.5'],
    links: [D_SEQ],
  },
  ChatInSeqNoDecreased: {
    bugType: 'MISSING_CHECK',
    description: 'in_seq_no must not decrease from one message to the next.',
    rules: ['R6.5'],
    links: [D_SEQ],
  },
  ChatRejectedMessage: {
    bugType: 'MODIFIED_INPUT',
    description: 'A message failing R3.7 inside a chat is never delivered.',
    rules: ['R3.7', 'R3.11'],
  },
  DivergenceD2BadMessage: {
    bugType: 'DIVERGENCE',
    description: 'TDLib closes the chat on a message failing R3.7; strict receivers and Android drop it.',
    rules: ['D2', 'R3.11'],
    links: [TDLIB_SECRET_CHAT],
  },
  ChatRandomBytes: {
    bugType: 'EDGE_CASE',
    description: 'At least 15 random_bytes: 15 is delivered, 14 ignored.',
    rules: ['R3.5'],
    links: ['https://core.telegram.org/constructor/decryptedMessageLayer'],
  },
  DivergenceD1RandomBytes: {
    bugType: 'DIVERGENCE',
    description: 'TDLib does not check the random_bytes length and delivers the 14-byte message.',
    rules: ['D1', 'R3.5'],
  },
  ChatLayer: {
    bugType: 'BASIC',
    description: 'The peer’s layer from NotifyLayer and message layers, and the layer written in ours.',
    rules: ['R7.1', 'R7.2', 'R7.3', 'R7.5'],
  },
  DivergenceD9LayerWritten: {
    bugType: 'DIVERGENCE',
    description: 'TDLib writes max(73, min(ours, peer)); Android min(max(46, ours), max(46, peer)).',
    rules: ['D9', 'R7.3'],
  },
  DivergenceLayerDecrease: {
    bugType: 'DIVERGENCE',
    description: 'TDLib closes the chat when the peer’s layer goes down ("his_layer is not monotonic").',
    rules: ['R6.5'],
    links: [TDLIB_SECRET_CHAT],
  },
  ChatRekey: {
    bugType: 'BASIC',
    description:
      'A whole re-key, either side starting: RequestKey, AcceptKey, CommitKey, Noop, the switch and both key slots.',
    rules: ['R5.2', 'R5.3', 'R5.4', 'R5.5', 'R5.8', 'R5.9'],
    links: [D_PFS, TDLIB_SECRET_CHAT],
  },
  ChatRekeyCollision: {
    bugType: 'EDGE_CASE',
    description:
      'Both sides request at once: the larger exchange_id, as a signed 64-bit integer, wins; the exchange that survives ends with the switch and a Noop.',
    rules: ['R5.7', 'R5.5', 'R5.8'],
    links: [D_PFS],
  },
  ChatRekeyAbort: {
    bugType: 'BASIC',
    description: 'An AbortKey for our open exchange ends it; the old key stays.',
    rules: ['R5.6'],
    links: [D_PFS],
  },
  ChatRekeyBadAccept: {
    bugType: 'MISSING_CHECK',
    description: 'An AcceptKey whose fingerprint does not match the key it implies closes the chat.',
    rules: ['R5.4'],
    links: [D_PFS],
  },
  ChatRekeyUnexpected: {
    bugType: 'MISSING_CHECK',
    description: 'A CommitKey with no exchange open closes the chat.',
    rules: ['R5.5'],
    links: [TDLIB_SECRET_CHAT],
  },
  ChatRekeyByClock: {
    bugType: 'EDGE_CASE',
    description:
      'A key in use for more than one week is replaced on the next message; exactly one week is not more.',
    rules: ['R5.1'],
    links: [D_PFS],
  },
  ChatRekeyByCount: {
    bugType: 'EDGE_CASE',
    description: 'A key used for more than 100 messages is replaced.',
    rules: ['R5.1'],
    links: [D_PFS],
  },
  DivergenceD6RekeyTrigger: {
    bugType: 'DIVERGENCE',
    description: 'Android counts sent (≥ 100) and received (≥ 120) messages separately.',
    rules: ['D6', 'R5.1'],
  },
  ChatGapQueue: {
    bugType: 'EDGE_CASE',
    description: 'Several messages waiting behind one hole.',
    rules: ['R6.4', 'R6.6', 'R6.8'],
    links: [D_SEQ],
  },
  DivergenceD7GapQueue: {
    bugType: 'DIVERGENCE',
    description: 'Android discards the chat once 4 messages wait behind a hole; TDLib’s queue has no bound.',
    rules: ['D7', 'R6.8'],
  },
} as const;
