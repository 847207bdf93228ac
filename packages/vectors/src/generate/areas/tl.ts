// TL codec vectors (spec §7.1, §7.3; R3.7 step 6): the secret-chat layer as TL-JSON ⇄ bytes.
// Valid: the §9.7 community payload, one of every constructor kind an implementer must get right,
// and the edges of the primitives. Invalid decodes fail with `bad_tl`; where TDLib is more lenient
// than the reference's canonical-only decoder the vector is `acceptable` and names the divergence.
// Invalid encodes (TL-JSON the schema cannot carry) also fail with `bad_tl` (docs/design.md §3.5).
//
// Cross-checks, none of which imports @conform/reference:
//  - an independent TL reader written below (its own constructor table, typed from the official
//    end-to-end schema lines, spec §7.3), run over two primitive readers: GramJS's BinaryReader and
//    mtcute's TlBinaryReader. It is lenient like TDLib, so it also checks the `object` an acceptable
//    test expects from a lenient decoder;
//  - node:zlib CRC32 of the normalized schema lines re-derives every constructor id the table uses.
import { loadKnownAnswers } from '@conform/known-answers';
import { decodeTl, encodeTl, type TlObject } from '@conform/reference';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import type { Area, CrossChecker, DraftGroup, DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';

const ENCODE = { type: 'TlTest', op: 'tl.encode', inputs: { object: 'object' }, outputs: { bytes: 'bytes' } };
const DECODE = { type: 'TlTest', op: 'tl.decode', inputs: { bytes: 'bytes' }, outputs: { object: 'object' } };

type Json = TlObject;

export function tlArea(ctx: GenerationContext): Area {
  const community = loadKnownAnswers('tl-community-payload.json');
  const rng = ctx.rng('tl');
  const hex = (n: number): string => toHex(rng(n));
  const long = (): string => new DataView(rng(8).buffer).getBigInt64(0, true).toString();
  const layer = (message: Json, over: Partial<Record<string, unknown>> = {}): Json =>
    ({
      _: 'decryptedMessageLayer',
      random_bytes: hex(15),
      layer: 144,
      in_seq_no: 4,
      out_seq_no: 7,
      message,
      ...over,
    }) as Json;
  const msg = (over: Record<string, unknown>): Json =>
    ({ _: 'decryptedMessage', random_id: long(), ttl: 0, message: 'hello', ...over }) as Json;
  const service = (action: Json): Json => ({ _: 'decryptedMessageService', random_id: long(), action });

  // ---- valid: [key, comment, flags, object] -------------------------------------------------------
  const valid: [string, string, string[], Json][] = [];
  const add = (key: string, comment: string, flags: string[], object: Json): void => {
    valid.push([key, comment, flags, object]);
  };

  const document: Json = {
    _: 'decryptedMessageMediaDocument',
    thumb: hex(20),
    thumb_w: 90,
    thumb_h: 60,
    mime_type: 'video/mp4',
    size: '5000000000',
    key: hex(32),
    iv: hex(32),
    attributes: [
      { _: 'documentAttributeImageSize', w: 1280, h: 720 },
      { _: 'documentAttributeAnimated' },
      { _: 'documentAttributeFilename', file_name: 'clip.mp4' },
      { _: 'documentAttributeVideo', round_message: true, duration: 12, w: 1280, h: 720 },
      { _: 'documentAttributeAudio', voice: true, duration: 3, title: 't', performer: 'p', waveform: hex(5) },
      {
        _: 'documentAttributeSticker',
        alt: '🙂',
        stickerset: { _: 'inputStickerSetShortName', short_name: 'pack' },
      },
      { _: 'documentAttributeSticker', alt: '', stickerset: { _: 'inputStickerSetEmpty' } },
    ],
    caption: 'a caption',
  };
  const entities: Json[] = [
    { _: 'messageEntityBold', offset: 0, length: 5 },
    { _: 'messageEntityTextUrl', offset: 0, length: 5, url: 'https://example.com/' },
    { _: 'messageEntityPre', offset: 1, length: 2, language: 'ts' },
    { _: 'messageEntityMentionName', offset: 2, length: 3, user_id: 123456 },
    { _: 'messageEntitySpoiler', offset: 3, length: 2 },
    { _: 'messageEntityCustomEmoji', offset: 4, length: 1, document_id: '-5000000000000000001' },
  ];

  add(
    'message-no-flags',
    'decryptedMessage#91cc4674 with no optional field (flags = 0)',
    ['CurrentMessage'],
    layer(msg({})),
  );
  add(
    'message-silent',
    'decryptedMessage: silent (flags.5, no bytes)',
    ['OptionalFields'],
    layer(msg({ silent: true })),
  );
  add(
    'message-no-webpage',
    'decryptedMessage: no_webpage (flags.1; in the official schema, not in TDLib’s copy, Q11)',
    ['OptionalFields'],
    layer(msg({ no_webpage: true })),
  );
  add(
    'message-entities',
    'decryptedMessage: entities (flags.7), six entity kinds',
    ['OptionalFields'],
    layer(msg({ entities })),
  );
  add(
    'message-entities-empty',
    'decryptedMessage: entities present but an empty vector',
    ['OptionalFields'],
    layer(msg({ entities: [] })),
  );
  add(
    'message-media-empty',
    'decryptedMessage: media (flags.9) decryptedMessageMediaEmpty',
    ['OptionalFields'],
    layer(msg({ media: { _: 'decryptedMessageMediaEmpty' } })),
  );
  add(
    'message-media-document',
    'decryptedMessage: media decryptedMessageMediaDocument#6abd9782 (layer 143, size:long > 2^32) with every attribute kind',
    ['OptionalFields', 'MediaDocument143'],
    layer(msg({ message: '', media: document })),
  );
  add(
    'message-reply',
    'decryptedMessage: reply_to_random_id (flags.3)',
    ['OptionalFields'],
    layer(msg({ reply_to_random_id: long() })),
  );
  add(
    'message-via-bot',
    'decryptedMessage: via_bot_name (flags.11)',
    ['OptionalFields'],
    layer(msg({ via_bot_name: 'gif' })),
  );
  add(
    'message-grouped',
    'decryptedMessage: grouped_id (flags.17, the third flags byte)',
    ['OptionalFields'],
    layer(msg({ grouped_id: long() })),
  );
  add(
    'message-all-flags',
    'decryptedMessage: every optional field at once (flags = 0x000a0aaa)',
    ['OptionalFields'],
    layer(
      msg({
        no_webpage: true,
        silent: true,
        ttl: 30,
        media: { _: 'decryptedMessageMediaEmpty' },
        entities: entities.slice(0, 2),
        via_bot_name: 'bot',
        reply_to_random_id: long(),
        grouped_id: long(),
      }),
    ),
  );
  add(
    'message46',
    'decryptedMessage46#36b091de (layer 46) with media geo point (doubles), entities and reply',
    ['LegacyLayer', 'Double'],
    layer(
      {
        _: 'decryptedMessage46',
        random_id: long(),
        ttl: 5,
        message: 'where?',
        media: { _: 'decryptedMessageMediaGeoPoint', lat: 51.5007, long: -0.1246 },
        entities: [{ _: 'messageEntityBold', offset: 0, length: 5 }],
        reply_to_random_id: long(),
      },
      { layer: 46 },
    ),
  );
  add(
    'message23',
    'decryptedMessage23#204d3878 (the layer-17 variant; TDLib names it 23)',
    ['LegacyLayer'],
    layer(
      {
        _: 'decryptedMessage23',
        random_id: long(),
        ttl: 0,
        message: 'seventeen',
        media: { _: 'decryptedMessageMediaEmpty' },
      },
      { layer: 17 },
    ),
  );
  add(
    'message8',
    'decryptedMessage8#1f814f1f (layer 8: random_bytes inside the message)',
    ['LegacyLayer'],
    layer(
      {
        _: 'decryptedMessage8',
        random_id: long(),
        random_bytes: hex(15),
        message: 'eight',
        media: { _: 'decryptedMessageMediaEmpty' },
      },
      { layer: 8 },
    ),
  );
  add(
    'service8-notify-layer',
    'decryptedMessageService8#aa48327d carrying NotifyLayer (accepted inside the layer-8 service message, R7.1)',
    ['LegacyLayer', 'NotifyLayerAction'],
    layer(
      {
        _: 'decryptedMessageService8',
        random_id: long(),
        random_bytes: hex(15),
        action: { _: 'decryptedMessageActionNotifyLayer', layer: 144 },
      },
      { layer: 8 },
    ),
  );

  const gA = hex(256);
  const actions: [string, string, string[], Json][] = [
    [
      'set-ttl',
      'SetMessageTTL',
      ['ServiceAction'],
      { _: 'decryptedMessageActionSetMessageTTL', ttl_seconds: 86400 },
    ],
    [
      'read',
      'ReadMessages, two ids',
      ['ServiceAction'],
      { _: 'decryptedMessageActionReadMessages', random_ids: [long(), long()] },
    ],
    [
      'delete',
      'DeleteMessages, three ids',
      ['ServiceAction', 'DeleteAction'],
      { _: 'decryptedMessageActionDeleteMessages', random_ids: [long(), long(), long()] },
    ],
    [
      'delete-none',
      'DeleteMessages, an empty vector',
      ['ServiceAction', 'DeleteAction'],
      { _: 'decryptedMessageActionDeleteMessages', random_ids: [] },
    ],
    [
      'screenshot',
      'ScreenshotMessages',
      ['ServiceAction'],
      { _: 'decryptedMessageActionScreenshotMessages', random_ids: [long()] },
    ],
    ['flush', 'FlushHistory (no fields)', ['ServiceAction'], { _: 'decryptedMessageActionFlushHistory' }],
    [
      'resend',
      'Resend start 2, end 10',
      ['ServiceAction', 'ResendAction'],
      { _: 'decryptedMessageActionResend', start_seq_no: 2, end_seq_no: 10 },
    ],
    [
      'notify-layer',
      'NotifyLayer 144',
      ['ServiceAction', 'NotifyLayerAction'],
      { _: 'decryptedMessageActionNotifyLayer', layer: 144 },
    ],
    [
      'typing',
      'Typing sendMessageTypingAction',
      ['ServiceAction'],
      { _: 'decryptedMessageActionTyping', action: { _: 'sendMessageTypingAction' } },
    ],
    [
      'typing-cancel',
      'Typing sendMessageCancelAction',
      ['ServiceAction'],
      { _: 'decryptedMessageActionTyping', action: { _: 'sendMessageCancelAction' } },
    ],
    [
      'request-key',
      'RequestKey with a 256-byte g_a (long length form)',
      ['ServiceAction', 'RekeyAction'],
      { _: 'decryptedMessageActionRequestKey', exchange_id: long(), g_a: gA },
    ],
    [
      'accept-key',
      'AcceptKey with a 256-byte g_b and a fingerprint',
      ['ServiceAction', 'RekeyAction'],
      { _: 'decryptedMessageActionAcceptKey', exchange_id: long(), g_b: hex(256), key_fingerprint: long() },
    ],
    [
      'abort-key',
      'AbortKey',
      ['ServiceAction', 'RekeyAction'],
      { _: 'decryptedMessageActionAbortKey', exchange_id: long() },
    ],
    [
      'commit-key',
      'CommitKey',
      ['ServiceAction', 'RekeyAction'],
      { _: 'decryptedMessageActionCommitKey', exchange_id: long(), key_fingerprint: long() },
    ],
    ['noop', 'Noop (no fields)', ['ServiceAction', 'RekeyAction'], { _: 'decryptedMessageActionNoop' }],
  ];
  for (const [key, what, flags, action] of actions)
    add(`service-${key}`, `decryptedMessageService#73164160: ${what}`, flags, layer(service(action)));

  // Strings and bytes at every padding phase and across the 253/254 length-form boundary (§7.1).
  for (const n of [0, 1, 2, 3, 4, 252, 253, 254, 255, 256, 1000]) {
    add(
      `string-${n}`,
      `message string of ${n} bytes (${n <= 253 ? '1-byte length' : '0xFE + 3-byte length'}, ${(4 - ((n + (n <= 253 ? 1 : 4)) % 4)) % 4} padding bytes)`,
      ['StringLength'],
      layer(msg({ message: 'x'.repeat(n) })),
    );
  }
  for (const n of [253, 254]) {
    add(
      `random-bytes-${n}`,
      `random_bytes (TL bytes) of ${n} bytes`,
      ['StringLength'],
      layer(msg({}), { random_bytes: hex(n) }),
    );
  }
  add(
    'unicode',
    'UTF-8 of 1, 2, 3 and 4 bytes per code point, combining marks, ZWJ emoji and U+0000',
    ['Unicode'],
    layer(msg({ message: 'aé€𝄞 Привет, 世界 👋🏽 👩‍👩‍👧 e\u0301 nul:\u0000.' })),
  );
  add(
    'unicode-253-bytes',
    'a 253-byte UTF-8 string of 84 three-byte characters plus one byte: the boundary counts bytes, not characters',
    ['Unicode', 'StringLength'],
    layer(msg({ message: '€'.repeat(84) + '!' })),
  );
  add(
    'unicode-254-bytes',
    'a 254-byte UTF-8 string of 127 two-byte characters (long length form)',
    ['Unicode', 'StringLength'],
    layer(msg({ message: 'é'.repeat(127) })),
  );
  add(
    'long-extremes',
    'longs -1, INT64_MIN and INT64_MAX (signed decimal strings)',
    ['LongExtremes'],
    layer(
      msg({
        random_id: '-1',
        reply_to_random_id: '-9223372036854775808',
        grouped_id: '9223372036854775807',
      }),
    ),
  );
  add(
    'long-zero-and-2pow53',
    'longs 0 and 2^53+1 (above the JSON number precision)',
    ['LongExtremes'],
    layer(msg({ random_id: '0', reply_to_random_id: '9007199254740993' })),
  );
  add(
    'exchange-id-negative',
    'RequestKey with a negative exchange_id (compared as signed 64-bit, R5.7)',
    ['LongExtremes', 'RekeyAction'],
    layer(service({ _: 'decryptedMessageActionRequestKey', exchange_id: '-8070450532247928832', g_a: gA })),
  );
  add(
    'int32-extremes',
    'ints INT32_MIN and INT32_MAX (in/out seq_no, ttl)',
    ['Int32Extremes'],
    layer(msg({ ttl: 2147483647 }), { in_seq_no: -2147483648, out_seq_no: 2147483647 }),
  );
  add(
    'int32-extremes-resend',
    'Resend with start INT32_MIN and end INT32_MAX, and a -1',
    ['Int32Extremes', 'ResendAction'],
    layer(service({ _: 'decryptedMessageActionResend', start_seq_no: -2147483648, end_seq_no: 2147483647 }), {
      in_seq_no: -1,
    }),
  );

  // ---- build the valid tests; the reference must round-trip each one ------------------------------
  const encodeValid: DraftTest[] = [];
  const decodeValid: DraftTest[] = [];
  const encoded = new Map<string, Uint8Array>();
  for (const [key, comment, flags, object] of valid) {
    const bytes = encodeTl(object);
    const back = decodeTl(bytes);
    if (!back.ok || canonical(back.object) !== canonical(object))
      throw new Error(`tl: the reference does not round-trip ${key}`);
    encoded.set(key, bytes);
    const fields = { object, bytes: toHex(bytes) };
    encodeValid.push({ key, comment, flags, result: 'valid', fields });
    decodeValid.push({ key, comment, flags, result: 'valid', fields });
  }
  // TL-JSON leaves a false ?true flag out; an encoder must also accept it written as false.
  {
    const object = layer(msg({ silent: false, no_webpage: false }));
    const plain = JSON.parse(canonical(object)) as Json;
    const bytes = encodeTl(object);
    if (toHex(bytes) !== toHex(encodeTl(plain)))
      throw new Error('tl: explicit false flags change the encoding');
    encodeValid.push({
      key: 'false-flags-explicit',
      comment: 'silent: false and no_webpage: false given explicitly encode as absent (flags = 0)',
      flags: ['OptionalFields'],
      result: 'valid',
      fields: { object, bytes: toHex(bytes) },
    });
  }

  const knownEncode: DraftTest[] = [];
  const knownDecode: DraftTest[] = [];
  for (const t of community.tests) {
    if (toHex(encodeTl(t.object)) !== t.tl) throw new Error(`tl: the reference disagrees with ${t.name}`);
    const fields = { object: t.object, bytes: t.tl };
    const comment = `community payload (spec §9.7): ${t.name}`;
    knownEncode.push({ key: `community-${t.id}`, comment, flags: ['KnownAnswer'], result: 'valid', fields });
    knownDecode.push({ key: `community-${t.id}`, comment, flags: ['KnownAnswer'], result: 'valid', fields });
  }

  // ---- invalid decodes ----------------------------------------------------------------------------
  const invalidDecode: DraftTest[] = [];
  const bad = (key: string, comment: string, flags: string[], bytes: Uint8Array, code: string): void => {
    const r = decodeTl(bytes);
    if (r.ok || r.error.code !== code)
      throw new Error(`tl: ${key}: expected reference error ${code}, got ${r.ok ? 'ok' : r.error.code}`);
    invalidDecode.push({ key, comment, flags, result: 'invalid', fields: { bytes: toHex(bytes) } });
  };
  const full = encoded.get('message-all-flags')!;
  for (const at of [
    0,
    1,
    3,
    4,
    5,
    20,
    36,
    40,
    Math.floor(full.length / 2),
    full.length - 4,
    full.length - 1,
  ]) {
    bad(
      `truncated-all-flags-${at}`,
      `the all-flags message cut to ${at} of ${full.length} bytes`,
      ['Truncated'],
      full.subarray(0, at),
      'truncated',
    );
  }
  {
    const rk = encoded.get('service-request-key')!;
    const at = indexOf(rk, fromHex(gA.slice(0, 16)));
    bad(
      'truncated-long-length-header',
      'cut inside the 0xFE length header of the 256-byte g_a',
      ['Truncated'],
      rk.subarray(0, at - 2),
      'truncated',
    );
    bad(
      'truncated-long-string-data',
      'cut one byte before the end of the 256-byte g_a',
      ['Truncated'],
      rk.subarray(0, at + 255),
      'truncated',
    );
    const s5 = encodeTl(layer(msg({ message: 'abcde' })));
    const m = stringAt(s5, 'abcde');
    bad(
      'truncated-string-padding',
      'cut inside the 2 padding bytes after a 5-byte string',
      ['Truncated'],
      s5.subarray(0, m + 6),
      'truncated',
    );
  }
  {
    const base = encoded.get('message-no-flags')!;
    const m = indexOf(base, u32(0x91cc4674));
    bad(
      'unknown-top-constructor',
      'top-level constructor id 0xdeadbeef',
      ['UnknownConstructor'],
      concat(u32(0xdeadbeef), base.subarray(4)),
      'unknown_constructor',
    );
    bad(
      'unknown-message-constructor',
      'the message slot holds unknown id 0x12345678',
      ['UnknownConstructor'],
      replaceAt(base, m, u32(0x12345678)),
      'unknown_constructor',
    );
    const doc = encoded.get('message-media-document')!;
    const d = indexOf(doc, u32(0x6abd9782));
    bad(
      'misderived-document-id',
      'media id 0x8e4c064c: decryptedMessageMediaDocument’s id if computed with bytes rewritten as string (spec §7.1 correction)',
      ['UnknownConstructor', 'MisderivedConstructorId'],
      replaceAt(doc, d, u32(0x8e4c064c)),
      'unknown_constructor',
    );
    const ent = encoded.get('message-entities')!;
    const e = indexOf(ent, u32(0xbd610bc9));
    bad(
      'unknown-entity-in-vector',
      'an unknown constructor as the first element of the entities vector',
      ['UnknownConstructor'],
      replaceAt(ent, e, u32(0x0badf00d)),
      'unknown_constructor',
    );
    bad(
      'action-in-message-slot',
      'a known constructor of the wrong type: decryptedMessageActionNoop where a DecryptedMessage belongs',
      ['WrongTypeConstructor'],
      concat(base.subarray(0, m), u32(0xa82fdd63)),
      'unexpected_constructor',
    );
    const svc = encoded.get('service-noop')!;
    const a = indexOf(svc, u32(0xa82fdd63));
    bad(
      'media-in-action-slot',
      'decryptedMessageMediaEmpty where a DecryptedMessageAction belongs',
      ['WrongTypeConstructor'],
      replaceAt(svc, a, u32(0x089f5c4a)),
      'unexpected_constructor',
    );
  }
  {
    // ReadMessages is the last value in the layer, so a count may be raised or lowered in place.
    const read = encoded.get('service-read')!;
    const c = indexOf(read, u32(0x1cb5c415)) + 4;
    bad(
      'vector-count-3-of-2',
      'ReadMessages vector count 3, two longs present',
      ['VectorCount'],
      replaceAt(read, c, u32(3)),
      'too_large',
    );
    bad(
      'vector-count-huge',
      'ReadMessages vector count 0x7fffffff',
      ['VectorCount'],
      replaceAt(read, c, u32(0x7fffffff)),
      'too_large',
    );
    bad(
      'vector-count-negative',
      'ReadMessages vector count -1 (0xffffffff) with no elements after it',
      ['VectorCount'],
      replaceAt(read.subarray(0, c + 4), c, u32(0xffffffff)),
      'bad_length',
    );
    bad(
      'vector-bad-id',
      'the random_ids vector starts with 0x1cb5c416 instead of vector#1cb5c415',
      ['UnknownConstructor'],
      replaceAt(read, c - 4, u32(0x1cb5c416)),
      'unknown_constructor',
    );
  }
  {
    const utf8Cases: [string, string, number[]][] = [
      ['utf8-ff', 'byte 0xff', [0x61, 0xff]],
      ['utf8-overlong', 'overlong NUL c0 80', [0xc0, 0x80]],
      ['utf8-surrogate', 'an encoded UTF-16 surrogate ed a0 80', [0xed, 0xa0, 0x80]],
      ['utf8-cut', 'a 3-byte sequence cut short e2 82', [0x61, 0xe2, 0x82]],
      ['utf8-continuation', 'a lone continuation byte 80', [0x80]],
    ];
    for (const [key, what, b] of utf8Cases) {
      const s = encodeTl(layer(msg({ message: 'q'.repeat(b.length) })));
      const m = stringAt(s, 'q'.repeat(b.length));
      bad(
        key,
        `message string that is not UTF-8: ${what}`,
        ['InvalidUtf8'],
        replaceAt(s, m, new Uint8Array(b)),
        'bad_utf8',
      );
    }
  }

  // ---- acceptable decodes: the reference rejects, TDLib (or Android) accepts -----------------------
  const acceptable: DraftTest[] = [];
  const lenient = (
    key: string,
    comment: string,
    flags: string[],
    bytes: Uint8Array,
    code: string,
    object: Json,
  ): void => {
    const r = decodeTl(bytes);
    if (r.ok || r.error.code !== code)
      throw new Error(`tl: ${key}: expected reference error ${code}, got ${r.ok ? 'ok' : r.error.code}`);
    acceptable.push({ key, comment, flags, result: 'acceptable', fields: { bytes: toHex(bytes), object } });
  };
  {
    const [, , , object] = valid.find(([k]) => k === 'message-no-flags')!;
    const base = encoded.get('message-no-flags')!;
    lenient(
      'trailing-4-zero',
      '4 zero bytes after the layer',
      ['DivergenceD5TrailingBytes'],
      concat(base, new Uint8Array(4)),
      'trailing_bytes',
      object,
    );
    lenient(
      'trailing-1',
      'one byte 0x01 after the layer',
      ['DivergenceD5TrailingBytes'],
      concat(base, new Uint8Array([1])),
      'trailing_bytes',
      object,
    );
    const [, , , readObj] = valid.find(([k]) => k === 'service-read')!;
    const read = encoded.get('service-read')!;
    const c = indexOf(read, u32(0x1cb5c415)) + 4;
    const firstOnly = structuredClone(readObj) as unknown as {
      message: { action: { random_ids: string[] } };
    };
    firstOnly.message.action.random_ids.length = 1;
    lenient(
      'vector-count-1-of-2',
      'ReadMessages vector count 1 with two longs present: the second is 8 bytes after the object',
      ['DivergenceD5TrailingBytes', 'VectorCount'],
      replaceAt(read, c, u32(1)),
      'trailing_bytes',
      firstOnly as unknown as Json,
    );
    lenient(
      'trailing-object',
      'a whole second decryptedMessageActionNoop after the layer',
      ['DivergenceD5TrailingBytes'],
      concat(base, u32(0xa82fdd63)),
      'trailing_bytes',
      object,
    );
  }
  {
    const object = layer(msg({ message: 'Hi' }));
    const s = encodeTl(object);
    const m = stringAt(s, 'Hi') - 1;
    const longForm = concat(
      s.subarray(0, m),
      new Uint8Array([0xfe, 2, 0, 0, 0x48, 0x69, 0, 0]),
      s.subarray(m + 4),
    );
    lenient(
      'long-form-2',
      'a 2-byte string in the long length form fe 02 00 00',
      ['DivergenceTlLongLengthForm'],
      longForm,
      'non_canonical',
      object,
    );
    lenient(
      'nonzero-padding',
      'a 2-byte string whose padding byte is 0x01',
      ['DivergenceTlNonzeroPadding'],
      replaceAt(s, m + 3, new Uint8Array([1])),
      'non_canonical',
      object,
    );
    const object253 = layer(msg({ message: 'y'.repeat(253) }));
    const s253 = encodeTl(object253);
    const n = stringAt(s253, 'y'.repeat(253)) - 1;
    // short form: [253] + 253 bytes + 2 padding = 256 bytes; long form: 4 + 253 + 3 padding = 260 bytes.
    const long253 = concat(
      s253.subarray(0, n),
      new Uint8Array([0xfe, 253, 0, 0]),
      s253.subarray(n + 1, n + 254),
      new Uint8Array(3),
      s253.subarray(n + 256),
    );
    lenient(
      'long-form-253',
      'a 253-byte string in the long length form (254 is the first length that uses it)',
      ['DivergenceTlLongLengthForm', 'StringLength'],
      long253,
      'non_canonical',
      object253,
    );
    const rb = layer(msg({}), { random_bytes: hex(14) });
    const srb = encodeTl(rb);
    lenient(
      'nonzero-padding-bytes',
      'random_bytes of 14 bytes whose last padding byte is 0xff',
      ['DivergenceTlNonzeroPadding'],
      replaceAt(srb, 4 + 1 + 14, new Uint8Array([0xff])),
      'non_canonical',
      rb,
    );
  }
  {
    const [, , , object] = valid.find(([k]) => k === 'message-no-flags')!;
    const base = encoded.get('message-no-flags')!;
    const f = indexOf(base, u32(0x91cc4674)) + 4;
    lenient(
      'unknown-flag-bit-0',
      'decryptedMessage flags with bit 0 set (no field uses it)',
      ['DivergenceTlUnknownFlags'],
      replaceAt(base, f, u32(1)),
      'unknown_flags',
      object,
    );
    lenient(
      'unknown-flag-bit-31',
      'decryptedMessage flags with bit 31 set',
      ['DivergenceTlUnknownFlags'],
      replaceAt(base, f, u32(0x80000000)),
      'unknown_flags',
      object,
    );
    const [, , , o46] = valid.find(([k]) => k === 'message46')!;
    const b46 = encoded.get('message46')!;
    const f46 = indexOf(b46, u32(0x36b091de)) + 4;
    const w46 = new DataView(b46.buffer, b46.byteOffset).getUint32(f46, true);
    lenient(
      'unknown-flag-silent-46',
      'decryptedMessage46 flags with bit 5 (silent exists only in the layer-73 constructor)',
      ['DivergenceTlUnknownFlags'],
      replaceAt(b46, f46, u32(w46 | 0x20)),
      'unknown_flags',
      o46,
    );
  }

  // ---- invalid encodes ----------------------------------------------------------------------------
  const invalidEncode: DraftTest[] = [];
  const badObject = (key: string, comment: string, flags: string[], object: unknown): void => {
    try {
      encodeTl(object as Json);
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError) {
        invalidEncode.push({ key, comment, flags, result: 'invalid', fields: { object } });
        return;
      }
      throw e;
    }
    throw new Error(`tl: the reference encodes ${key}`);
  };
  const m0 = (over: Record<string, unknown>): Record<string, unknown> => ({
    _: 'decryptedMessage',
    random_id: '1',
    ttl: 0,
    message: 'x',
    ...over,
  });
  const l0 = (message: unknown, over: Record<string, unknown> = {}): Record<string, unknown> => ({
    _: 'decryptedMessageLayer',
    random_bytes: '00'.repeat(15),
    layer: 144,
    in_seq_no: 0,
    out_seq_no: 1,
    message,
    ...over,
  });
  badObject(
    'unknown-name',
    'unknown constructor name decryptedMessage999',
    ['EncodeUnknownConstructor'],
    l0(m0({ _: 'decryptedMessage999' })),
  );
  badObject(
    'unknown-name-case',
    'constructor names are case-sensitive: DecryptedMessageLayer',
    ['EncodeUnknownConstructor'],
    l0(m0({}), { _: 'DecryptedMessageLayer' }),
  );
  badObject(
    'missing-name',
    'an object without "_"',
    ['EncodeUnknownConstructor'],
    l0({ random_id: '1', ttl: 0, message: 'x' }),
  );
  badObject(
    'missing-random-id',
    'decryptedMessage without random_id',
    ['EncodeMissingField'],
    l0({ _: 'decryptedMessage', ttl: 0, message: 'x' }),
  );
  badObject('missing-message', 'decryptedMessageLayer without message', ['EncodeMissingField'], {
    _: 'decryptedMessageLayer',
    random_bytes: '00'.repeat(15),
    layer: 144,
    in_seq_no: 0,
    out_seq_no: 1,
  });
  badObject(
    'flags-given',
    'a flags word given explicitly (flags are derived, design §3.6)',
    ['EncodeFlagsGiven'],
    l0(m0({ flags: 0 })),
  );
  badObject(
    'flags-given-matching',
    'a flags word given explicitly even though it matches the fields',
    ['EncodeFlagsGiven'],
    l0(m0({ flags: 32, silent: true })),
  );
  badObject(
    'unknown-field',
    'a field decryptedMessage does not have (grouped in place of grouped_id)',
    ['EncodeUnknownField'],
    l0(m0({ grouped: '1' })),
  );
  badObject(
    'field-of-newer-layer',
    'silent on decryptedMessage46, which has no such field',
    ['EncodeUnknownField'],
    l0(m0({ _: 'decryptedMessage46', silent: true })),
  );
  badObject(
    'long-over-max',
    'long 9223372036854775808 (INT64_MAX + 1)',
    ['EncodeOutOfRange'],
    l0(m0({ random_id: '9223372036854775808' })),
  );
  badObject(
    'long-under-min',
    'long -9223372036854775809 (INT64_MIN − 1)',
    ['EncodeOutOfRange'],
    l0(m0({ random_id: '-9223372036854775809' })),
  );
  badObject(
    'int-over-max',
    'int 2147483648 (INT32_MAX + 1)',
    ['EncodeOutOfRange'],
    l0(m0({}), { layer: 2147483648 }),
  );
  badObject(
    'int-under-min',
    'int -2147483649 (INT32_MIN − 1)',
    ['EncodeOutOfRange'],
    l0(m0({ ttl: -2147483649 })),
  );
  badObject('int-fraction', 'int 1.5', ['EncodeWrongJsonType'], l0(m0({ ttl: 1.5 })));
  badObject(
    'long-as-number',
    'long as a JSON number, not a decimal string',
    ['EncodeWrongJsonType'],
    l0(m0({ random_id: 1 })),
  );
  badObject(
    'long-leading-zero',
    'long "01" (not the canonical decimal form)',
    ['EncodeWrongJsonType'],
    l0(m0({ random_id: '01' })),
  );
  badObject('long-hex', 'long "0x10"', ['EncodeWrongJsonType'], l0(m0({ random_id: '0x10' })));
  badObject(
    'bytes-odd-hex',
    'bytes as hex of odd length',
    ['EncodeWrongJsonType'],
    l0(m0({}), { random_bytes: '0'.repeat(29) }),
  );
  badObject(
    'bytes-not-hex',
    'bytes with a non-hex character',
    ['EncodeWrongJsonType'],
    l0(m0({}), { random_bytes: 'zz'.repeat(15) }),
  );
  badObject(
    'true-flag-not-boolean',
    'silent: 1 (a ?true flag is a JSON boolean)',
    ['EncodeWrongJsonType'],
    l0(m0({ silent: 1 })),
  );
  badObject(
    'vector-not-array',
    'entities as an object, not an array',
    ['EncodeWrongJsonType'],
    l0(m0({ entities: { _: 'messageEntityBold', offset: 0, length: 1 } })),
  );
  badObject(
    'lone-surrogate',
    'a string with a lone UTF-16 surrogate (no UTF-8 form)',
    ['EncodeWrongJsonType'],
    l0(m0({ message: 'a\ud800b' })),
  );
  badObject(
    'wrong-type-in-slot',
    'an action object in the media slot',
    ['WrongTypeConstructor'],
    l0(m0({ media: { _: 'decryptedMessageActionNoop' } })),
  );

  const groups: DraftGroup[] = [
    { ...ENCODE, source: community.source, tests: knownEncode },
    { ...DECODE, source: community.source, tests: knownDecode },
    { ...ENCODE, tests: encodeValid },
    { ...DECODE, tests: decodeValid },
    { ...DECODE, error: 'bad_tl', tests: invalidDecode },
    { ...DECODE, error: 'bad_tl', tests: acceptable },
    { ...ENCODE, error: 'bad_tl', tests: invalidEncode },
  ];

  const R_TL = ['R3.7'];
  return {
    file: 'tl_test.json',
    algorithm: 'TL (secret-chat layer 8..144)',
    schema: 'tl_test_schema_v1.json',
    header: [
      'The TL serialization of the secret-chat layer (docs/spec.md §7.1, §7.3) through tl.encode and tl.decode,',
      'with objects in TL-JSON (docs/design.md §3.6): long as decimal string, bytes as hex, flags derived, never given.',
      'Invalid tests of both ops fail with error bad_tl: tl.encode uses it for any object the schema cannot carry.',
      'The reference decoder accepts canonical encodings only. Where TDLib is more lenient the test is acceptable and',
      'names the divergence: trailing bytes after the top-level object (D5; TDLib rejects, Android accepts), and three',
      'divergences not listed in spec §12 — the long length form for a string under 254 bytes, nonzero padding bytes',
      'and unused flags bits (the reference rejects, TDLib accepts). An acceptable test carries the object a lenient',
      'decoder returns; a decoder that rejects must answer bad_tl.',
      'The secret schema has no Bool field, so there is no Bool vector.',
    ],
    notes: {
      KnownAnswer: {
        bugType: 'KNOWN_ANSWER',
        description:
          'A decrypted payload posted in a public Q&A thread (spec §9.7): decryptedMessageLayer, layer 46.',
        rules: ['R3.2', 'R3.3', 'R6.2'],
      },
      CurrentMessage: {
        bugType: 'BASIC',
        description: 'The current decryptedMessage#91cc4674 inside decryptedMessageLayer#1be31789.',
        rules: ['R3.3', 'R7.5'],
      },
      OptionalFields: {
        bugType: 'EDGE_CASE',
        description:
          'Each flags.N? field alone and all together: the flags word must be derived from the fields present.',
        rules: ['R7.5', ...R_TL],
      },
      MediaDocument143: {
        bugType: 'EDGE_CASE',
        description:
          'decryptedMessageMediaDocument#6abd9782 (layer 143, size:long): its id is the CRC32 of the line with bytes kept, not rewritten to string.',
        rules: ['R7.5'],
      },
      LegacyLayer: {
        bugType: 'BASIC',
        description:
          'Older constructors a receiver must still parse: decryptedMessage46, decryptedMessage23 (layer 17), decryptedMessage8, decryptedMessageService8.',
        rules: ['R7.1', 'R7.3', 'R7.6'],
      },
      Double: { bugType: 'BASIC', description: 'TL double: 8 bytes IEEE 754 little-endian.', rules: R_TL },
      ServiceAction: {
        bugType: 'BASIC',
        description: 'decryptedMessageService#73164160 with each DecryptedMessageAction.',
        rules: ['R6.1', ...R_TL],
      },
      DeleteAction: {
        bugType: 'BASIC',
        description: 'DeleteMessages, used for self-deletes.',
        rules: ['R6.9'],
      },
      ResendAction: {
        bugType: 'BASIC',
        description: 'Resend carries wire-form seq_no values.',
        rules: ['R6.6', 'R6.7'],
      },
      NotifyLayerAction: {
        bugType: 'BASIC',
        description: 'NotifyLayer carries the sender’s layer.',
        rules: ['R7.1', 'R7.2'],
      },
      RekeyAction: {
        bugType: 'BASIC',
        description: 'The re-keying actions RequestKey, AcceptKey, CommitKey, AbortKey and Noop.',
        rules: ['R5.2', 'R5.3', 'R5.4', 'R5.6', 'R5.8'],
      },
      StringLength: {
        bugType: 'EDGE_CASE',
        description:
          'bytes/string lengths at every padding phase and across the 253 (1-byte length) / 254 (0xFE + 3 bytes) boundary.',
        rules: R_TL,
      },
      Unicode: {
        bugType: 'EDGE_CASE',
        description: 'TL strings are UTF-8 and their length counts bytes, not characters or UTF-16 units.',
        rules: R_TL,
      },
      LongExtremes: {
        bugType: 'EDGE_CASE',
        description:
          'Signed 64-bit longs at the extremes and beyond 2^53: catches unsigned or float handling.',
        rules: ['R5.7', ...R_TL],
      },
      Int32Extremes: {
        bugType: 'EDGE_CASE',
        description: 'Signed 32-bit ints at INT32_MIN and INT32_MAX.',
        rules: R_TL,
      },
      Truncated: {
        bugType: 'MALFORMED_INPUT',
        description: 'Input that ends inside a value: the decoder must stop, never read past the end.',
        rules: ['R3.7', 'R3.8'],
      },
      UnknownConstructor: {
        bugType: 'MALFORMED_INPUT',
        description:
          'A constructor id the schema does not define (TDLib answers with NotifyLayer and fails).',
        rules: R_TL,
        links: ['https://core.telegram.org/mtproto/serialize'],
      },
      MisderivedConstructorId: {
        bugType: 'WRONG_PRIMITIVE',
        description:
          'An implementation that derived decryptedMessageMediaDocument’s id with bytes→string (8e4c064c) accepts this.',
        rules: ['R7.5'],
      },
      WrongTypeConstructor: {
        bugType: 'MALFORMED_INPUT',
        description: 'A known constructor of the wrong type for its field.',
        rules: R_TL,
      },
      VectorCount: {
        bugType: 'MALFORMED_INPUT',
        description:
          'A vector count that does not match the bytes: bound it by the bytes left before allocating.',
        rules: R_TL,
      },
      InvalidUtf8: {
        bugType: 'MALFORMED_INPUT',
        description: 'A TL string whose bytes are not well-formed UTF-8.',
        rules: R_TL,
      },
      DivergenceD5TrailingBytes: {
        bugType: 'DIVERGENCE',
        description:
          'Bytes after the top-level object: TDLib requires exact consumption (fetch_end), Android does not.',
        rules: ['D5', 'R3.7'],
      },
      DivergenceTlLongLengthForm: {
        bugType: 'DIVERGENCE',
        description:
          'Not in spec §12: the 0xFE long length form for a length ≤ 253. The reference rejects it, TDLib accepts it.',
        rules: R_TL,
      },
      DivergenceTlNonzeroPadding: {
        bugType: 'DIVERGENCE',
        description:
          'Not in spec §12: nonzero padding bytes after a string. The reference rejects them, TDLib ignores them.',
        rules: R_TL,
      },
      DivergenceTlUnknownFlags: {
        bugType: 'DIVERGENCE',
        description:
          'Not in spec §12: flags bits no field uses. The reference rejects them, TDLib ignores them.',
        rules: R_TL,
      },
      EncodeUnknownConstructor: {
        bugType: 'MALFORMED_INPUT',
        description:
          'tl.encode given a constructor name the schema does not have (names are exact, with the layer suffix).',
        rules: ['R3.6'],
      },
      EncodeMissingField: {
        bugType: 'MALFORMED_INPUT',
        description: 'tl.encode given an object without a required field.',
        rules: ['R3.6'],
      },
      EncodeFlagsGiven: {
        bugType: 'MALFORMED_INPUT',
        description:
          'tl.encode given a flags word: flags are derived from the optional fields, never given (design §3.6).',
        rules: ['R3.6'],
      },
      EncodeUnknownField: {
        bugType: 'MALFORMED_INPUT',
        description: 'tl.encode given a field the constructor does not have.',
        rules: ['R3.6'],
      },
      EncodeOutOfRange: {
        bugType: 'EDGE_CASE',
        description: 'tl.encode given an int or long just outside its range.',
        rules: ['R3.6'],
      },
      EncodeWrongJsonType: {
        bugType: 'MALFORMED_INPUT',
        description:
          'tl.encode given a value in the wrong TL-JSON form (long as number, bad hex, non-boolean flag, lone surrogate).',
        rules: ['R3.6'],
      },
    },
    groups,
    crossCheckers: [
      readerChecker(`GramJS telegram@${GRAMJS_VERSION} BinaryReader`, gramjsPrimitives),
      readerChecker(`mtcute @mtcute/tl-runtime@${MTCUTE_TL_VERSION} TlBinaryReader`, mtcutePrimitives),
      schemaCrcChecker(
        'secret-chat',
        [...CTORS.values()].map((c) => ({ ...c, keepBytes: CRC_KEEPS_BYTES.has(c.id) })),
      ),
    ],
  };
}

// ---- helpers over bytes -----------------------------------------------------------------------------

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function replaceAt(bytes: Uint8Array, at: number, with_: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.set(with_, at);
  return out;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('tl: pattern not found');
}

/** Offset of the data of the short-form TL string `text` (searched with its length byte). */
function stringAt(bytes: Uint8Array, text: string): number {
  const data = new TextEncoder().encode(text);
  return indexOf(bytes, concat(new Uint8Array([data.length]), data)) + 1;
}

/** TL-JSON with keys sorted and false ?true flags dropped (absent and false mean the same). */
function canonical(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== false)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, norm(x)]),
      );
    return v;
  };
  return JSON.stringify(norm(value));
}

// ---- the independent reader -------------------------------------------------------------------------
// Constructor table typed from the official end-to-end schema (core.telegram.org/schema/end-to-end,
// spec §7.3), with the TL-JSON name (TDLib-style layer suffix) in front. Only what the vectors use.
const TABLE: readonly (readonly [string, string])[] = [
  [
    'decryptedMessageLayer',
    'decryptedMessageLayer#1be31789 random_bytes:bytes layer:int in_seq_no:int out_seq_no:int message:DecryptedMessage = DecryptedMessageLayer',
  ],
  [
    'decryptedMessage',
    'decryptedMessage#91cc4674 flags:# no_webpage:flags.1?true silent:flags.5?true random_id:long ttl:int message:string media:flags.9?DecryptedMessageMedia entities:flags.7?Vector<MessageEntity> via_bot_name:flags.11?string reply_to_random_id:flags.3?long grouped_id:flags.17?long = DecryptedMessage',
  ],
  [
    'decryptedMessage46',
    'decryptedMessage#36b091de flags:# random_id:long ttl:int message:string media:flags.9?DecryptedMessageMedia entities:flags.7?Vector<MessageEntity> via_bot_name:flags.11?string reply_to_random_id:flags.3?long = DecryptedMessage',
  ],
  [
    'decryptedMessage23',
    'decryptedMessage#204d3878 random_id:long ttl:int message:string media:DecryptedMessageMedia = DecryptedMessage',
  ],
  [
    'decryptedMessage8',
    'decryptedMessage#1f814f1f random_id:long random_bytes:bytes message:string media:DecryptedMessageMedia = DecryptedMessage',
  ],
  [
    'decryptedMessageService',
    'decryptedMessageService#73164160 random_id:long action:DecryptedMessageAction = DecryptedMessage',
  ],
  [
    'decryptedMessageService8',
    'decryptedMessageService#aa48327d random_id:long random_bytes:bytes action:DecryptedMessageAction = DecryptedMessage',
  ],
  ['decryptedMessageMediaEmpty', 'decryptedMessageMediaEmpty#089f5c4a = DecryptedMessageMedia'],
  [
    'decryptedMessageMediaGeoPoint',
    'decryptedMessageMediaGeoPoint#35480a59 lat:double long:double = DecryptedMessageMedia',
  ],
  [
    'decryptedMessageMediaDocument',
    'decryptedMessageMediaDocument#6abd9782 thumb:bytes thumb_w:int thumb_h:int mime_type:string size:long key:bytes iv:bytes attributes:Vector<DocumentAttribute> caption:string = DecryptedMessageMedia',
  ],
  [
    'decryptedMessageActionSetMessageTTL',
    'decryptedMessageActionSetMessageTTL#a1733aec ttl_seconds:int = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionReadMessages',
    'decryptedMessageActionReadMessages#0c4f40be random_ids:Vector<long> = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionDeleteMessages',
    'decryptedMessageActionDeleteMessages#65614304 random_ids:Vector<long> = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionScreenshotMessages',
    'decryptedMessageActionScreenshotMessages#8ac1f475 random_ids:Vector<long> = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionFlushHistory',
    'decryptedMessageActionFlushHistory#6719e45c = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionResend',
    'decryptedMessageActionResend#511110b0 start_seq_no:int end_seq_no:int = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionNotifyLayer',
    'decryptedMessageActionNotifyLayer#f3048883 layer:int = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionTyping',
    'decryptedMessageActionTyping#ccb27641 action:SendMessageAction = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionRequestKey',
    'decryptedMessageActionRequestKey#f3c9611b exchange_id:long g_a:bytes = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionAcceptKey',
    'decryptedMessageActionAcceptKey#6fe1735b exchange_id:long g_b:bytes key_fingerprint:long = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionAbortKey',
    'decryptedMessageActionAbortKey#dd05ec6b exchange_id:long = DecryptedMessageAction',
  ],
  [
    'decryptedMessageActionCommitKey',
    'decryptedMessageActionCommitKey#ec2e0b9b exchange_id:long key_fingerprint:long = DecryptedMessageAction',
  ],
  ['decryptedMessageActionNoop', 'decryptedMessageActionNoop#a82fdd63 = DecryptedMessageAction'],
  ['sendMessageTypingAction', 'sendMessageTypingAction#16bf744e = SendMessageAction'],
  ['sendMessageCancelAction', 'sendMessageCancelAction#fd5ec8f5 = SendMessageAction'],
  ['documentAttributeImageSize', 'documentAttributeImageSize#6c37c15c w:int h:int = DocumentAttribute'],
  ['documentAttributeAnimated', 'documentAttributeAnimated#11b58939 = DocumentAttribute'],
  ['documentAttributeFilename', 'documentAttributeFilename#15590068 file_name:string = DocumentAttribute'],
  [
    'documentAttributeVideo',
    'documentAttributeVideo#0ef02ce6 flags:# round_message:flags.0?true duration:int w:int h:int = DocumentAttribute',
  ],
  [
    'documentAttributeAudio',
    'documentAttributeAudio#9852f9c6 flags:# voice:flags.10?true duration:int title:flags.0?string performer:flags.1?string waveform:flags.2?bytes = DocumentAttribute',
  ],
  [
    'documentAttributeSticker',
    'documentAttributeSticker#3a556302 alt:string stickerset:InputStickerSet = DocumentAttribute',
  ],
  ['inputStickerSetShortName', 'inputStickerSetShortName#861cc8a0 short_name:string = InputStickerSet'],
  ['inputStickerSetEmpty', 'inputStickerSetEmpty#ffb62b95 = InputStickerSet'],
  ['messageEntityBold', 'messageEntityBold#bd610bc9 offset:int length:int = MessageEntity'],
  ['messageEntityTextUrl', 'messageEntityTextUrl#76a6d327 offset:int length:int url:string = MessageEntity'],
  ['messageEntityPre', 'messageEntityPre#73924be0 offset:int length:int language:string = MessageEntity'],
  [
    'messageEntityMentionName',
    'messageEntityMentionName#352dca58 offset:int length:int user_id:int = MessageEntity',
  ],
  ['messageEntitySpoiler', 'messageEntitySpoiler#32ca960f offset:int length:int = MessageEntity'],
  [
    'messageEntityCustomEmoji',
    'messageEntityCustomEmoji#c8cf05f8 offset:int length:int document_id:long = MessageEntity',
  ],
];
/** Ids whose CRC32 keeps `bytes` as written (spec §7.1 correction). */
const CRC_KEEPS_BYTES = new Set([0x6abd9782]);

interface Ctor {
  readonly name: string;
  readonly id: number;
  readonly type: string;
  readonly line: string;
  readonly fields: readonly { name: string; type: string; bit?: number }[];
}

const CTORS = new Map<number, Ctor>(
  TABLE.map(([name, line]) => {
    const [head, type] = line.split(' = ') as [string, string];
    const [idPart, ...fieldTexts] = head.split(' ');
    const id = parseInt(idPart!.split('#')[1]!, 16) >>> 0;
    const fields = fieldTexts.map((text) => {
      const [fname, ftype] = text.split(':') as [string, string];
      const cond = /^flags\.(\d+)\?(.+)$/.exec(ftype);
      return cond ? { name: fname, type: cond[2]!, bit: Number(cond[1]) } : { name: fname, type: ftype };
    });
    return [id, { name, id, type, line, fields }];
  }),
);

/** A primitive reader: the only part that differs between the GramJS and mtcute checkers. */
interface Primitives {
  u32(): number;
  i32(): number;
  i64(): string;
  f64(): number;
  bytes(): Uint8Array;
  readonly pos: number;
  /** The input length, to bound vector counts by the bytes left. */
  readonly length: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads one boxed object like TDLib: lenient on length forms, padding and unused flag bits. */
function readObject(r: Primitives, expected: string | undefined): Json {
  const id = r.u32();
  const ctor = CTORS.get(id);
  if (!ctor) throw new Error(`unknown constructor ${id.toString(16)}`);
  if (expected !== undefined && ctor.type !== expected) throw new Error(`${ctor.name} is not a ${expected}`);
  const out: Record<string, unknown> = { _: ctor.name };
  let flags = 0;
  for (const f of ctor.fields) {
    if (f.type === '#') {
      flags = r.u32();
      continue;
    }
    if (f.bit !== undefined && (flags & (1 << f.bit)) === 0) continue;
    out[f.name] = f.type === 'true' ? true : readValue(r, f.type);
  }
  return out as Json;
}

function readValue(r: Primitives, type: string): unknown {
  switch (type) {
    case 'int':
      return r.i32();
    case 'long':
      return r.i64();
    case 'double':
      return r.f64();
    case 'bytes':
      return toHex(r.bytes());
    case 'string':
      return utf8.decode(r.bytes());
  }
  const v = /^Vector<(.+)>$/.exec(type);
  if (v) {
    if (r.u32() !== 0x1cb5c415) throw new Error('not a vector');
    const count = r.u32(); // unsigned, as TDLib reads it: a negative count is huge
    if (count * 4 > r.length - r.pos) throw new Error(`vector count ${count} larger than the input`);
    return Array.from({ length: count }, () => readValue(r, v[1]!));
  }
  return readObject(r, type);
}

function decodeWith(
  make: (bytes: Uint8Array) => Primitives,
  bytes: Uint8Array,
): { object: Json; consumed: number } {
  const r = make(bytes);
  const object = readObject(r, undefined);
  if (r.pos > bytes.length) throw new Error('read past the end');
  return { object, consumed: r.pos };
}

function readerChecker(implementation: string, make: (bytes: Uint8Array) => Primitives): CrossChecker {
  return {
    implementation,
    covers:
      'tl.decode and tl.encode: every valid bytes/object pair, every invalid decode rejected, every acceptable decode read leniently to its object (constructor table written in the area, not the reference)',
    check(group, t) {
      if (group.op === 'tl.encode' && t.result !== 'valid') return 'skip';
      let got: { object: Json; consumed: number };
      try {
        got = decodeWith(make, fromHex(t.fields.bytes as string));
      } catch {
        return t.result === 'invalid';
      }
      if (t.result === 'invalid') return false;
      const whole = got.consumed === (t.fields.bytes as string).length / 2;
      // Acceptable: a lenient reader returns the expected object; only trailing bytes leave some unread.
      if (t.result === 'acceptable')
        return (
          canonical(got.object) === canonical(t.fields.object) &&
          (whole || t.flags.includes('DivergenceD5TrailingBytes'))
        );
      return whole && canonical(got.object) === canonical(t.fields.object);
    },
  };
}

// ---- primitive readers from two peers ---------------------------------------------------------------
// Resolved through @conform/oracles, the package that declares GramJS and mtcute as dependencies.
const requireFromOracles = createRequire(createRequire(import.meta.url).resolve('@conform/oracles'));
const GRAMJS_VERSION = (requireFromOracles('telegram/package.json') as { version: string }).version;
const { BinaryReader } = requireFromOracles('telegram/extensions/BinaryReader.js') as {
  BinaryReader: new (data: Buffer) => {
    offset: number;
    readInt(signed?: boolean): number;
    readLong(signed?: boolean): { toString(): string };
    readDouble(): number;
    tgReadBytes(): Buffer;
  };
};
const requireFromMtcute = createRequire(requireFromOracles.resolve('@mtcute/core'));
// The package's exports map hides package.json: read it next to the resolved entry point.
const MTCUTE_TL_VERSION = (
  JSON.parse(
    readFileSync(join(dirname(requireFromMtcute.resolve('@mtcute/tl-runtime')), 'package.json'), 'utf8'),
  ) as { version: string }
).version;
// Its ESM build (the CommonJS one prints a deprecation notice), next to the resolved CommonJS entry.
const { TlBinaryReader } = (await import(
  pathToFileURL(join(dirname(requireFromMtcute.resolve('@mtcute/tl-runtime')), 'index.js')).href
)) as {
  TlBinaryReader: {
    manual(data: Uint8Array): {
      pos: number;
      uint(): number;
      int(): number;
      long(): { toString(): string };
      double(): number;
      bytes(): Uint8Array;
    };
  };
};

function gramjsPrimitives(bytes: Uint8Array): Primitives {
  const r = new BinaryReader(Buffer.from(bytes));
  return {
    u32: () => r.readInt(false),
    i32: () => r.readInt(true),
    i64: () => r.readLong(true).toString(),
    f64: () => r.readDouble(),
    bytes: () => new Uint8Array(r.tgReadBytes()),
    get pos() {
      return r.offset;
    },
    length: bytes.length,
  };
}

function mtcutePrimitives(bytes: Uint8Array): Primitives {
  const r = TlBinaryReader.manual(bytes);
  // mtcute's raw reads do not check the end of the buffer themselves (DataView reads do).
  const checked = <T>(v: T): T => {
    if (r.pos > bytes.length) throw new Error('read past the end');
    return v;
  };
  return {
    u32: () => checked(r.uint()),
    i32: () => checked(r.int()),
    i64: () => checked(r.long().toString()),
    f64: () => checked(r.double()),
    bytes: () => checked(r.bytes()),
    get pos() {
      return r.pos;
    },
    length: bytes.length,
  };
}

// ---- constructor ids by CRC32 -----------------------------------------------------------------------

/** The official id rule (spec §7.1): CRC32 of the line without its id, `?true` fields, and `<>`, bytes → string. */
/**
 * §7.1 id rule: CRC32 of the line without `#id`, `?true` fields and the `;`, `<…>` written as a space,
 * and `bytes` written as `string` (except where `keepBytes`: see CRC_KEEPS_BYTES).
 */
function crcOfLine(line: string, keepBytes: boolean): number {
  const [head, type] = line.replace(/;\s*$/, '').split(' = ') as [string, string];
  const [nameId, ...fields] = head.split(' ');
  const angle = (text: string) => text.replace('<', ' ').replace('>', '');
  const kept = fields
    .filter((f) => !/:flags\.\d+\?true$/.test(f))
    .map((f) => angle(keepBytes ? f : f.replace(/([:?])bytes\b/g, '$1string')));
  return crc32([nameId!.split('#')[0], ...kept, '=', angle(type)].join(' ')) >>> 0;
}

/**
 * A cross-checker that re-derives, with node:zlib CRC32, the id of every constructor of the given
 * schema lines (failing generation on any mismatch), then accepts a valid test when every
 * constructor its object names is one of them. Shared by the secret layer's file and the API's.
 */
export function schemaCrcChecker(
  schema: string,
  ctors: Iterable<{ readonly name: string; readonly line: string; readonly keepBytes?: boolean }>,
): CrossChecker {
  const verified = new Set<string>();
  for (const ctor of ctors) {
    const id = parseInt(/#([0-9a-f]+)/.exec(ctor.line)![1]!, 16) >>> 0;
    const crc = crcOfLine(ctor.line, ctor.keepBytes === true);
    if (crc !== id)
      throw new Error(
        `${schema}: CRC32 of ${ctor.name}'s line is ${crc.toString(16)}, not ${id.toString(16)}`,
      );
    verified.add(ctor.name);
  }
  const names = (v: unknown, out: string[]): string[] => {
    if (Array.isArray(v)) v.forEach((x) => names(x, out));
    else if (typeof v === 'object' && v !== null) {
      const name = (v as { _?: unknown })._;
      if (typeof name === 'string') out.push(name);
      Object.values(v).forEach((x) => names(x, out));
    }
    return out;
  };
  return {
    implementation: `node:zlib crc32 over the ${schema} schema lines (spec §7.1 id rule)`,
    covers: 'the constructor id of every constructor in every valid test, re-derived from its schema line',
    check(_group, t) {
      if (t.result !== 'valid') return 'skip';
      return names(t.fields.object, []).every((n) => verified.has(n));
    },
  };
}
