// The published known answers in data/ (values other people computed, each file with its `source`),
// their shapes and one typed loader. Shared by the reference's tests, the vector generator and
// `conform selfcheck`. It imports nothing from @conform/reference: the oracle tests use these too and
// must stay independent of the reference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** dh-official-sample.json: core.telegram.org/mtproto/samples-auth_key (spec §9.1). */
export interface DhOfficialSample {
  source: string;
  notes: string[];
  p: string;
  g: number;
  g_a: string;
  b: string;
  g_b: string;
  auth_key: string;
  sha1: string;
  fingerprint: string;
  sha256: string;
  key_hash: string;
}

/** ige-official-sample.json: the same page's tmp_aes_key/tmp_aes_iv samples (spec §9.2–§9.3). */
export interface IgeOfficialSample {
  source: string;
  notes: string;
  server_nonce: string;
  new_nonce: string;
  tests: {
    id: number;
    name: string;
    key: string;
    iv: string;
    data: string;
    padding: string;
    plaintext?: string;
    ciphertext: string;
  }[];
}

/** ige-tdlib-crc32.json: TDLib's AesIgeState regression answers (spec §9.4). */
export interface IgeTdlibCrc32 {
  source: string;
  generator: string;
  tests: { id: number; length: number; crc32: number }[];
  expanded: { length: number; plaintext: string; key: string; iv: string; ciphertext: string };
}

/** ige-openssl-aes128.json: OpenSSL's test/igetest.c vectors (AES-128). */
export interface IgeOpensslAes128 {
  source: string;
  notes: string;
  tests: {
    name: string;
    direction: 'encrypt' | 'decrypt';
    key: string;
    iv: string;
    input: string;
    output: string;
  }[];
}

/** ige-peers.json: IGE answers from other libraries' test suites. */
export interface IgePeers {
  source: string;
  tests: { id: number; name: string; key: string; iv: string; plaintext: string; ciphertext: string }[];
}

/** mtproto2-kdf-peers.json: MTProto 2.0 KDF answers from mtcute's and GramJS's suites. */
export interface Mtproto2KdfPeers {
  source: string;
  notes: string;
  tests: {
    id: number;
    name: string;
    source: string;
    key: string;
    msg_key: string;
    x: number;
    aes_key: string;
    aes_iv: string;
  }[];
}

/** mtproto2-message-peers.json: whole encrypted messages and key ids from grammers' suite. */
export interface Mtproto2MessagePeers {
  source: string;
  notes: string;
  tests: {
    id: number;
    name: string;
    key: string;
    fingerprint?: string;
    x?: number;
    plaintext?: string;
    wire?: string;
  }[];
}

/** A TL object in TL-JSON form (structurally the same as @conform/reference's TlObject). */
export interface TlJsonObject {
  readonly _: string;
  readonly [field: string]: TlJsonValue;
}
export type TlJsonValue = number | string | boolean | TlJsonObject | readonly TlJsonValue[];

/** tl-community-payload.json: a decrypted secret-chat payload from a public Q&A thread (spec §9.7). */
export interface TlCommunityPayload {
  source: string;
  notes: string;
  tests: { id: number; name: string; length_prefix: string; tl: string; object: TlJsonObject }[];
}

/** Each known-answer file and the shape of its contents. */
export interface KnownAnswerFiles {
  'dh-official-sample.json': DhOfficialSample;
  'ige-official-sample.json': IgeOfficialSample;
  'ige-tdlib-crc32.json': IgeTdlibCrc32;
  'ige-openssl-aes128.json': IgeOpensslAes128;
  'ige-peers.json': IgePeers;
  'mtproto2-kdf-peers.json': Mtproto2KdfPeers;
  'mtproto2-message-peers.json': Mtproto2MessagePeers;
  'tl-community-payload.json': TlCommunityPayload;
}

/** The directory holding the JSON files; data/ sits next to src/ and dist/, so this works from both. */
export const KNOWN_ANSWERS_DIR = join(import.meta.dirname, '..', 'data');

/** Reads and parses data/<file>, typed by the file's name. */
export function loadKnownAnswers<F extends keyof KnownAnswerFiles>(file: F): KnownAnswerFiles[F] {
  return JSON.parse(readFileSync(join(KNOWN_ANSWERS_DIR, file), 'utf8')) as KnownAnswerFiles[F];
}
export { tdlibIgeInputs } from './tdlib-ige-generator.js';
