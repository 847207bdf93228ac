// Server API vectors (R4.6, R4.8): the objects a secret-chat client exchanges with Telegram's servers —
// creating, accepting and discarding a chat, the chat's states, and the envelopes its messages travel
// in — as TL-JSON ⇄ bytes through api.encode and api.decode. A schema apart from the secret layer's:
// a secret-layer object is not an API object, and the reverse.
//
// Cross-checks, neither of which imports @conform/reference:
//  - GramJS (npm telegram): every valid object is built as GramJS's own Api class, with field types read
//    from GramJS's parse of its own copy of the API schema, and serialized by GramJS; its bytes must equal
//    the vector's. Invalid decodes must make GramJS's reader throw or leave bytes over.
//  - node:zlib CRC32 of the normalized schema lines re-derives every constructor id used.
import { loadKnownAnswers } from '@conform/known-answers';
import { API_TL_LINES, apiTlSchema, decodeTl, encodeTl, type TlObject } from '@conform/reference';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { draftTest, type Area, type CrossChecker, type DraftGroup, type DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';
import { schemaCrcChecker } from './tl.js';

const ENCODE = {
  type: 'ApiTlTest',
  op: 'api.encode',
  inputs: { object: 'object' },
  outputs: { bytes: 'bytes' },
};
const DECODE = {
  type: 'ApiTlTest',
  op: 'api.decode',
  inputs: { bytes: 'bytes' },
  outputs: { object: 'object' },
};
const TDLIB_API = 'https://github.com/tdlib/td/blob/master/td/generate/scheme/telegram_api.tl';
const E2E_DOC = 'https://core.telegram.org/api/end-to-end';

type Json = TlObject;

export function tlApiArea(ctx: GenerationContext): Area {
  const sample = loadKnownAnswers('dh-official-sample.json');
  const rng = ctx.rng('tl-api');
  const hex = (n: number): string => toHex(rng(n));
  const long = (): string => new DataView(rng(8).buffer).getBigInt64(0, true).toString();
  const int = (): number => new DataView(rng(4).buffer).getInt32(0, true);
  const date = 1_764_288_000; // 2025-11-28 00:00 UTC

  const chatId = int();
  const accessHash = long();
  const adminId = '5000000001';
  const participantId = '7000000002';
  const gA = sample.g_a.toLowerCase();
  const gB = sample.g_b.toLowerCase();
  const fingerprint = '2277584007508191114'; // R4.7 / spec §9.1: the official key's fingerprint
  const peer: Json = { _: 'inputEncryptedChat', chat_id: chatId, access_hash: accessHash };
  const requested: Json = {
    _: 'encryptedChatRequested',
    id: chatId,
    access_hash: accessHash,
    date,
    admin_id: adminId,
    participant_id: participantId,
    g_a: gA,
  };
  const file: Json = {
    _: 'encryptedFile',
    id: long(),
    access_hash: long(),
    size: '6000000000',
    dc_id: 2,
    key_fingerprint: int(),
  };

  // [key, comment, flags, object]
  const valid: [string, string, string[], Json][] = [
    [
      'request',
      'messages.requestEncryption: A asks for a chat with B, sending g_a (R4.6 step 1)',
      ['Handshake'],
      {
        _: 'messages.requestEncryption',
        user_id: { _: 'inputUser', user_id: participantId, access_hash: long() },
        random_id: int(),
        g_a: gA,
      },
    ],
    [
      'waiting',
      "encryptedChatWaiting: the creator's chat until B accepts (R4.6 step 1)",
      ['Handshake'],
      {
        _: 'encryptedChatWaiting',
        id: chatId,
        access_hash: accessHash,
        date,
        admin_id: adminId,
        participant_id: participantId,
      },
    ],
    [
      'update-requested',
      'updateEncryption carrying encryptedChatRequested without folder_id: what B receives (R4.6 step 2)',
      ['Handshake', 'OptionalFields'],
      { _: 'updateEncryption', chat: requested, date },
    ],
    [
      'requested-folder',
      'encryptedChatRequested with folder_id: flags bit 0 set',
      ['OptionalFields'],
      {
        _: 'encryptedChatRequested',
        folder_id: 1,
        id: chatId,
        access_hash: accessHash,
        date,
        admin_id: adminId,
        participant_id: participantId,
        g_a: gA,
      },
    ],
    [
      'accept',
      'messages.acceptEncryption: B answers with g_b and the key fingerprint (R4.6 step 3)',
      ['Handshake'],
      { _: 'messages.acceptEncryption', peer, g_b: gB, key_fingerprint: fingerprint },
    ],
    [
      'update-ready',
      'updateEncryption carrying encryptedChat: g_a_or_b is g_b for the creator (R4.6 step 4)',
      ['Handshake'],
      {
        _: 'updateEncryption',
        chat: {
          _: 'encryptedChat',
          id: chatId,
          access_hash: accessHash,
          date,
          admin_id: adminId,
          participant_id: participantId,
          g_a_or_b: gB,
          key_fingerprint: fingerprint,
        },
        date: date + 5,
      },
    ],
    ['empty', 'encryptedChatEmpty', ['ChatStates'], { _: 'encryptedChatEmpty', id: chatId }],
    [
      'discarded',
      'encryptedChatDiscarded with history_deleted: a true flag takes no bytes, only bit 0',
      ['ChatStates', 'OptionalFields'],
      { _: 'encryptedChatDiscarded', history_deleted: true, id: chatId },
    ],
    [
      'discarded-kept',
      'encryptedChatDiscarded without history_deleted: flags 0',
      ['ChatStates', 'OptionalFields'],
      { _: 'encryptedChatDiscarded', id: chatId },
    ],
    [
      'discard',
      'messages.discardEncryption with delete_history (R4.6 step 5: a fingerprint mismatch discards the chat)',
      ['ChatStates', 'OptionalFields'],
      { _: 'messages.discardEncryption', delete_history: true, chat_id: chatId },
    ],
    [
      'send-silent',
      'messages.sendEncrypted, silent: an encrypted message on its way to the server',
      ['Envelopes', 'OptionalFields'],
      { _: 'messages.sendEncrypted', silent: true, peer, random_id: long(), data: hex(96) },
    ],
    [
      'send',
      'messages.sendEncrypted, not silent',
      ['Envelopes'],
      { _: 'messages.sendEncrypted', peer, random_id: long(), data: hex(64) },
    ],
    [
      'send-service',
      'messages.sendEncryptedService: service messages (re-keying, NotifyLayer) travel apart',
      ['Envelopes'],
      { _: 'messages.sendEncryptedService', peer, random_id: long(), data: hex(48) },
    ],
    [
      'update-message',
      'updateNewEncryptedMessage carrying encryptedMessage with encryptedFileEmpty',
      ['Envelopes'],
      {
        _: 'updateNewEncryptedMessage',
        message: {
          _: 'encryptedMessage',
          random_id: long(),
          chat_id: chatId,
          date,
          bytes: hex(80),
          file: { _: 'encryptedFileEmpty' },
        },
        qts: 41,
      },
    ],
    [
      'message-file',
      'encryptedMessage with an encryptedFile of 6 GB: size is a long',
      ['Envelopes'],
      { _: 'encryptedMessage', random_id: long(), chat_id: chatId, date, bytes: hex(64), file },
    ],
    [
      'message-service',
      'encryptedMessageService',
      ['Envelopes'],
      { _: 'encryptedMessageService', random_id: long(), chat_id: chatId, date, bytes: hex(48) },
    ],
    [
      'received-queue',
      'messages.receivedQueue: acknowledging the updates up to max_qts',
      ['Envelopes'],
      { _: 'messages.receivedQueue', max_qts: 41 },
    ],
    ['sent', 'messages.sentEncryptedMessage', ['Envelopes'], { _: 'messages.sentEncryptedMessage', date }],
    [
      'sent-file',
      'messages.sentEncryptedFile',
      ['Envelopes'],
      { _: 'messages.sentEncryptedFile', date, file },
    ],
    [
      'get-dh-config',
      'messages.getDhConfig asking for 256 random bytes (R4.1, R4.4)',
      ['DhConfig'],
      { _: 'messages.getDhConfig', version: 0, random_length: 256 },
    ],
    [
      'dh-config',
      "messages.dhConfig with the official sample's p and g and 256 bytes of server randomness",
      ['DhConfig'],
      {
        _: 'messages.dhConfig',
        g: Number(sample.g),
        p: sample.p.toLowerCase(),
        version: 3,
        random: hex(256),
      },
    ],
    [
      'dh-config-not-modified',
      'messages.dhConfigNotModified: same p and g, fresh random bytes',
      ['DhConfig'],
      { _: 'messages.dhConfigNotModified', random: hex(256) },
    ],
  ];

  const encodeTests: DraftTest[] = [];
  const decodeTests: DraftTest[] = [];
  for (const [key, comment, flags, object] of valid) {
    const bytes = toHex(encodeTl(object, apiTlSchema));
    const back = decodeTl(fromHex(bytes), { schema: apiTlSchema });
    if (!back.ok || !isDeepStrictEqual(back.object, object))
      throw new Error(`tl-api: ${key} does not decode back to itself`);
    encodeTests.push(draftTest('valid', key, comment, flags, { object, bytes }));
    decodeTests.push(draftTest('valid', key, comment, flags, { bytes, object }));
  }

  const encodedOf = (key: string) => fromHex(encodeTests.find((t) => t.key === key)!.fields.bytes as string);
  const waiting = encodedOf('waiting');
  const requestedBytes = encodedOf('requested-folder');
  const badDecodes: [string, string, string[], Uint8Array][] = [
    [
      'truncated',
      'encryptedChatWaiting missing its last 4 bytes',
      ['Truncated'],
      waiting.subarray(0, waiting.length - 4),
    ],
    [
      'requested-flag-no-field',
      'encryptedChatRequested with flags bit 0 set and folder_id cut out: the fields shift and the data runs out',
      ['Truncated', 'OptionalFields'],
      Uint8Array.from([...requestedBytes.subarray(0, 8), ...requestedBytes.subarray(12)]),
    ],
    [
      'secret-layer-object',
      'a decryptedMessageActionNoop (secret layer, a82fdd63) given to the API decoder',
      ['SchemaApart'],
      Uint8Array.from([0x63, 0xdd, 0x2f, 0xa8]),
    ],
    [
      'unknown-constructor',
      'a constructor id in no schema (00000000) at the top level',
      ['SchemaApart'],
      new Uint8Array(8),
    ],
    [
      'file-wrong-type',
      'encryptedMessage whose file field holds an inputEncryptedChat: a constructor of the wrong type',
      ['WrongType'],
      (() => {
        const m = encodedOf('message-service');
        // encryptedMessage = encryptedMessageService's fields + file; put inputEncryptedChat where file goes.
        const head = Uint8Array.from([0x18, 0xc1, 0x18, 0xed]);
        return Uint8Array.from([...head, ...m.subarray(4), ...encodeTl(peer, apiTlSchema)]);
      })(),
    ],
  ];
  const badDecodeTests: DraftTest[] = [];
  for (const [key, comment, flags, bytes] of badDecodes) {
    if (decodeTl(bytes, { schema: apiTlSchema }).ok) throw new Error(`tl-api: the reference accepts ${key}`);
    badDecodeTests.push(draftTest('invalid', key, comment, flags, { bytes: toHex(bytes) }));
  }

  const badEncodes: [string, string, string[], unknown][] = [
    [
      'missing-field',
      'encryptedChatWaiting without participant_id',
      ['BadObject'],
      { _: 'encryptedChatWaiting', id: chatId, access_hash: accessHash, date, admin_id: adminId },
    ],
    [
      'long-as-number',
      'inputEncryptedChat with access_hash as a JSON number: TL-JSON longs are decimal strings',
      ['BadObject'],
      { _: 'inputEncryptedChat', chat_id: chatId, access_hash: 12345 },
    ],
    [
      'secret-layer-name',
      'decryptedMessageActionNoop given to the API encoder',
      ['SchemaApart'],
      { _: 'decryptedMessageActionNoop' },
    ],
    [
      'wrong-type',
      'messages.acceptEncryption whose peer is an inputUser',
      ['WrongType'],
      { _: 'messages.acceptEncryption', peer: { _: 'inputUserSelf' }, g_b: gB, key_fingerprint: fingerprint },
    ],
  ];
  const badEncodeTests: DraftTest[] = [];
  for (const [key, comment, flags, object] of badEncodes) {
    let threw = false;
    try {
      encodeTl(object as Json, apiTlSchema);
    } catch {
      threw = true;
    }
    if (!threw) throw new Error(`tl-api: the reference encodes ${key}`);
    badEncodeTests.push(draftTest('invalid', key, comment, flags, { object }));
  }

  const groups: DraftGroup[] = [
    { ...ENCODE, tests: encodeTests },
    { ...DECODE, tests: decodeTests },
    { ...DECODE, error: 'bad_tl', tests: badDecodeTests },
    { ...ENCODE, error: 'bad_tl', tests: badEncodeTests },
  ];

  return {
    file: 'tl_api_test.json',
    algorithm: 'TL-API',
    schema: 'tl_api_test_schema_v1.json',
    header: [
      'The server API objects of a secret chat (docs/spec.md R4.6, R4.8) as TL-JSON (PROTOCOL.md §6) and bytes: api.encode and api.decode.',
      'These are not the secret layer (tl_test.json): a secret-layer object is not an API object and must be refused, and the reverse.',
      'Methods (messages.*) are encoded like constructors, with their arguments as fields. Invalid tests must fail with bad_tl.',
    ],
    notes: {
      Handshake: {
        bugType: 'BASIC',
        description:
          'The requests and updates of the key exchange: requestEncryption, encryptedChatRequested, acceptEncryption, encryptedChat.',
        rules: ['R4.6', 'R4.8'],
        links: [E2E_DOC, TDLIB_API],
      },
      ChatStates: {
        bugType: 'BASIC',
        description:
          'The states a chat passes through on the server: empty, waiting, discarded; and discarding it.',
        rules: ['R4.8', 'R4.9'],
        links: [TDLIB_API],
      },
      Envelopes: {
        bugType: 'BASIC',
        description:
          'What encrypted messages travel in: sendEncrypted, sendEncryptedService, encryptedMessage(Service), updateNewEncryptedMessage, receivedQueue.',
        rules: ['R4.8'],
        links: [TDLIB_API],
      },
      DhConfig: {
        bugType: 'BASIC',
        description:
          'getDhConfig and its answers: p, g and the server randomness a client must mix with its own (R4.4 itself is not observable in these bytes).',
        rules: ['R4.1', 'R4.8'],
        links: [E2E_DOC, TDLIB_API],
      },
      OptionalFields: {
        bugType: 'EDGE_CASE',
        description:
          'flags words: an optional field present or absent, a `?true` field stored only as its bit. Catches a flags word written without the bit, or a true flag written as a Bool.',
        rules: ['R4.8'],
      },
      Truncated: {
        bugType: 'MALFORMED_INPUT',
        description: 'Bytes that end before the object does; the decoder must refuse them, not read zeros.',
        rules: ['R4.8'],
      },
      SchemaApart: {
        bugType: 'MODIFIED_INPUT',
        description:
          'The API schema and the secret layer are apart: a secret-layer constructor is unknown to the API codec (and the secret codec refuses API objects, tl_test.json).',
        rules: ['R4.8', 'R7.5'],
      },
      WrongType: {
        bugType: 'MODIFIED_INPUT',
        description:
          'A known constructor of the wrong type in a field (an inputEncryptedChat as an EncryptedFile).',
        rules: ['R4.8'],
      },
      BadObject: {
        bugType: 'MALFORMED_INPUT',
        description: 'TL-JSON the schema cannot carry: a missing field, a long as a JSON number.',
        rules: ['R4.8'],
      },
    },
    groups,
    crossCheckers: [
      gramjsChecker(),
      schemaCrcChecker(
        'server API',
        API_TL_LINES.map((line) => ({ name: /^([\w.]+)#/.exec(line)![1]!, line })),
      ),
    ],
  };
}

// ---- GramJS -----------------------------------------------------------------------------------------

// Resolved through @conform/oracles, the package that declares GramJS as a dependency.
const requireFromOracles = createRequire(createRequire(import.meta.url).resolve('@conform/oracles'));
const GRAMJS_VERSION = (requireFromOracles('telegram/package.json') as { version: string }).version;

interface GramArg {
  readonly isVector: boolean;
  readonly isFlag: boolean;
  readonly flagIndicator: boolean;
  readonly type: string | null;
}
interface GramDefinition {
  readonly name: string;
  readonly namespace?: string;
  readonly argsConfig: Readonly<Record<string, GramArg>>;
}
interface GramObject {
  getBytes(): Buffer;
}
type GramClass = new (args: Record<string, unknown>) => GramObject;

function gramjsChecker(): CrossChecker {
  const { Api } = requireFromOracles('telegram') as { Api: Record<string, unknown> };
  const bigInt = requireFromOracles('big-integer') as (value: string) => unknown;
  const { parseTl } = requireFromOracles('telegram/tl/generationHelpers.js') as {
    parseTl: (schema: string, layer: number) => Iterable<GramDefinition>;
  };
  const apiTl = requireFromOracles('telegram/tl/apiTl.js') as string;
  const { BinaryReader } = requireFromOracles('telegram/extensions/BinaryReader.js') as {
    BinaryReader: new (data: Buffer) => { offset: number; tgReadObject(): unknown };
  };

  // TL name (`messages.acceptEncryption`) → GramJS's own argument types and class.
  const definitions = new Map<string, { args: Readonly<Record<string, GramArg>>; cls: GramClass }>();
  for (const d of parseTl(apiTl, 0)) {
    const tlName = (d.namespace ? `${d.namespace}.` : '') + d.name[0]!.toLowerCase() + d.name.slice(1);
    const holder = (d.namespace ? Api[d.namespace] : Api) as Record<string, unknown> | undefined;
    const cls = holder?.[d.name] as GramClass | undefined;
    if (cls) definitions.set(tlName, { args: d.argsConfig, cls });
  }
  const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

  const toGram = (object: Json): GramObject => {
    const definition = definitions.get(object._);
    if (!definition) throw new Error(`GramJS has no ${object._}`);
    const args: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(object)) {
      if (field === '_') continue;
      const arg = definition.args[camel(field)];
      if (!arg) throw new Error(`GramJS's ${object._} has no ${field}`);
      args[camel(field)] = convert(value, arg.type);
    }
    return new definition.cls(args);
  };
  const convert = (value: unknown, type: string | null): unknown => {
    if (type === 'long') return bigInt(value as string);
    if (type === 'bytes') return Buffer.from(value as string, 'hex');
    if (typeof value === 'object' && value !== null) return toGram(value as Json);
    return value; // int, string, true
  };

  return {
    implementation: `GramJS telegram@${GRAMJS_VERSION} Api classes (their own schema and serializer) and BinaryReader`,
    covers:
      'api.encode and api.decode, every valid test (GramJS serializes the object to the same bytes); invalid decodes (GramJS refuses them or leaves bytes over)',
    check(group, t) {
      if (t.result === 'valid') {
        const object = t.fields.object as Json;
        const bytes = toGram(object).getBytes();
        return Buffer.from(bytes).toString('hex') === t.fields.bytes;
      }
      if (group.op !== 'api.decode') return 'skip';
      // GramJS reads any boxed object into any field, so a constructor of the wrong type is not its to judge.
      if (t.flags.includes('WrongType')) return 'skip';
      const bytes = Buffer.from(t.fields.bytes as string, 'hex');
      try {
        const reader = new BinaryReader(bytes);
        const object = reader.tgReadObject() as { className?: string; getBytes?: () => Buffer } | undefined;
        // Accepted only if it read exactly these bytes back into an API object of GramJS's.
        return !(
          reader.offset === bytes.length &&
          object?.getBytes !== undefined &&
          object.getBytes().equals(bytes)
        );
      } catch {
        return true;
      }
    },
  };
}
