// The chat-session ops (packages/runner/PROTOCOL.md §5) over the reference's SecretChat: one
// SecretChat per `chat` id, kept for the life of the process. Arguments are checked here; protocol
// outcomes of the chat (a refused g_a, a closed chat) become the error codes of §5.
import { randomBytes } from 'node:crypto';
import {
  encodeTl,
  ROLES,
  SecretChat,
  STRICT_CHAT_PROFILE,
  type ChatProfile,
  type Rng,
  type Role,
  type TlObject,
} from '@conform/reference';
import {
  argument,
  badInput,
  bytesArg,
  describe,
  hex,
  integerArg,
  optionalBytesArg,
  ProtocolError,
  type Args,
} from './args.js';
import type { Op, Results } from './ops.js';

const DH = 256; // DH secret (R4.5)
const MAX_CHAT_ID = 64;
const LONG = /^-?\d{1,20}$/;

export interface ChatOpsOptions {
  /** Randomness for every chat; default node:crypto. The vector generator passes a seeded one. */
  readonly rng?: Rng;
  /** The behaviour the chats follow; default the strict reading of the rules. */
  readonly profile?: ChatProfile;
}

/** The chat ops by protocol name, sharing one table of chats. */
export function createChatOps(options: ChatOpsOptions = {}): ReadonlyMap<string, Op> {
  const rng: Rng = options.rng ?? ((n) => Uint8Array.from(randomBytes(n)));
  const profile = options.profile ?? STRICT_CHAT_PROFILE;
  const chats = new Map<string, SecretChat>();

  const chatOf = (args: Args): SecretChat => {
    const id = chatIdArg(args);
    const chat = chats.get(id);
    if (chat === undefined) throw new ProtocolError('bad_input', `no chat ${JSON.stringify(id)}`);
    return chat;
  };
  const expectState = (chat: SecretChat, op: string, ...states: string[]): void => {
    if (!states.includes(chat.chatState)) {
      throw new ProtocolError(
        'bad_state',
        `${op} needs a chat in state ${states.join(' or ')}, not ${chat.chatState}`,
      );
    }
  };

  return new Map<string, Op>([
    [
      'chat.create',
      (args) => {
        const id = chatIdArg(args);
        if (chats.has(id)) throw new ProtocolError('bad_input', `chat ${JSON.stringify(id)} exists`);
        const role = argument(args, 'role');
        if (!ROLES.includes(role as Role))
          throw badInput('role', '"creator" or "participant"', describe(role));
        const layer = argument(args, 'layer') === undefined ? undefined : integerArg(args, 'layer');
        chats.set(
          id,
          new SecretChat({
            role: role as Role,
            p: bytesArg(args, 'p'),
            g: integerArg(args, 'g'),
            rng,
            profile,
            ...(layer !== undefined ? { layer } : {}),
            ...nowOption(args),
          }),
        );
        return {};
      },
    ],
    [
      'chat.request',
      (args) => {
        const chat = chatOf(args);
        expectState(chat, 'chat.request', 'empty');
        const secret = optionalBytesArg(args, 'secret', { length: DH });
        const serverRandom = optionalBytesArg(args, 'random'); // R4.4
        const r = chat.request({ ...(secret ? { secret } : {}), ...(serverRandom ? { serverRandom } : {}) });
        if (!r.ok) throw refusal(r.reason);
        return { g_a: hex(r.gA) };
      },
    ],
    [
      'chat.accept',
      (args) => {
        const chat = chatOf(args);
        expectState(chat, 'chat.accept', 'requested');
        const gA = bytesArg(args, 'g_a');
        const secret = optionalBytesArg(args, 'secret', { length: DH });
        const serverRandom = optionalBytesArg(args, 'random'); // R4.4
        const r = chat.accept({
          gA,
          ...(secret ? { secret } : {}),
          ...(serverRandom ? { serverRandom } : {}),
          ...nowOption(args),
        });
        if (!r.ok) throw refusal(r.reason);
        return { g_b: hex(r.gB), fingerprint: hex(r.fingerprint), outbox: r.outbox.map(hex) };
      },
    ],
    [
      'chat.confirm',
      (args) => {
        const chat = chatOf(args);
        const creator = chat.role === 'creator';
        expectState(chat, 'chat.confirm', creator ? 'waiting' : 'ready');
        const fingerprint = bytesArg(args, 'fingerprint', { length: 8 });
        const gB = creator ? bytesArg(args, 'g_b') : undefined;
        const r = chat.confirm({ fingerprint, ...(gB ? { gB } : {}), ...nowOption(args) });
        if (!r.ok) throw refusal(r.reason);
        return { outbox: r.outbox.map(hex) };
      },
    ],
    [
      'chat.send',
      (args) => {
        const chat = chatOf(args);
        const message = messageArg(args);
        const randomBytesArg = optionalBytesArg(args, 'random_bytes');
        const padding = optionalBytesArg(args, 'padding');
        const r = chat.send(message, {
          ...(randomBytesArg ? { randomBytes: randomBytesArg } : {}),
          ...(padding ? { padding } : {}),
          ...nowOption(args),
        });
        if (!r.ok) throw new ProtocolError(r.reason, `the chat is ${chat.chatState}`);
        return { data: hex(r.data), outbox: r.outbox.map(hex) };
      },
    ],
    [
      'chat.receive',
      (args) => {
        const chat = chatOf(args);
        const r = chat.receive(bytesArg(args, 'data'), nowOption(args));
        return {
          status: r.status,
          delivered: r.delivered,
          outbox: r.outbox.map(hex),
          ...(r.reason !== undefined ? { reason: r.reason } : {}),
          ...(r.outdated ? { outdated: true } : {}), // R7.4
        };
      },
    ],
    [
      'chat.rekey',
      (args) => {
        const chat = chatOf(args);
        const secret = optionalBytesArg(args, 'secret', { length: DH });
        const exchangeId = argument(args, 'exchange_id');
        if (exchangeId !== undefined && (typeof exchangeId !== 'string' || !LONG.test(exchangeId)))
          throw badInput('exchange_id', 'a decimal string (a TL long)', describe(exchangeId));
        const r = chat.rekey({
          ...(secret ? { secret } : {}),
          ...(exchangeId !== undefined ? { exchangeId } : {}),
          ...nowOption(args),
        });
        if (!r.ok) {
          const code = ['not_ready', 'closed', 'rekey_in_progress'].includes(r.reason) ? r.reason : 'closed';
          throw new ProtocolError(code, r.reason);
        }
        return { outbox: r.outbox.map(hex) };
      },
    ],
    ['chat.state', (args): Results => ({ ...chatOf(args).checkpoint() })],
    [
      'chat.close',
      (args) => {
        chatOf(args).close();
        return {};
      },
    ],
  ]);
}

function chatIdArg(args: Args): string {
  const id = argument(args, 'chat');
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_CHAT_ID)
    throw badInput('chat', `a string of 1..${MAX_CHAT_ID} characters`, describe(id));
  return id;
}

function nowOption(args: Args): { now?: number } {
  if (argument(args, 'now') === undefined) return {};
  const now = integerArg(args, 'now');
  if (now < 0) throw badInput('now', 'unix seconds (≥ 0)', String(now));
  return { now };
}

function messageArg(args: Args): TlObject {
  const message = argument(args, 'message');
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    throw badInput('message', 'a TL-JSON object', describe(message));
  try {
    encodeTl({
      _: 'decryptedMessageLayer',
      random_bytes: '',
      layer: 0,
      in_seq_no: 0,
      out_seq_no: 0,
      message: message as TlObject,
    });
  } catch (error) {
    throw new ProtocolError('bad_tl', error instanceof Error ? error.message : String(error));
  }
  return message as TlObject;
}

/** A handshake step the chat refused (and closed on): its reason as a §5 error code. */
function refusal(reason: string): ProtocolError {
  switch (reason) {
    case 'bad_params':
      return new ProtocolError('bad_params', 'p or g fails R4.2; the chat is closed');
    case 'bad_g_a':
    case 'bad_g_b':
    case 'bad_own_public':
      return new ProtocolError('bad_public', `${reason}: fails R4.3; the chat is closed`);
    case 'fingerprint_mismatch':
      return new ProtocolError(
        'bad_fingerprint',
        'the fingerprint differs from the key (R4.6); the chat is closed',
      );
    default:
      return new ProtocolError('closed', reason);
  }
}
