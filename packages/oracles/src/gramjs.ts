// GramJS (npm `telegram`) as a peer. It has no secret chats, but its cloud MTProto 2.0 code uses the
// same IGE and the same msg_key/KDF formulas with the auth key in place of the chat key (spec §10):
// x=0 for client→server (its `client = true`), x=8 for server→client.
import { createRequire } from 'node:module';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { IGE } from 'telegram/crypto/IGE.js';
import { readBigIntFromBuffer } from 'telegram/Helpers.js';
import { MTProtoState } from 'telegram/network/MTProtoState.js';

/** "GramJS telegram@<installed version>", for test titles. */
export const GRAMJS = `GramJS telegram@${(createRequire(import.meta.url)('telegram/package.json') as { version: string }).version}`;

/** GramJS's rejection text for a msg_key that does not match the decrypted plaintext. */
export const GRAMJS_MSG_KEY_REJECTION = /msg_key doesn't match/;

export function gramjsIgeEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  // encryptIge appends random bytes to a partial block; such a call would compare noise, so refuse it.
  if (data.length % 16 !== 0) throw new RangeError('gramjsIgeEncrypt: data must be a multiple of 16 bytes');
  return new Uint8Array(new IGE(Buffer.from(key), Buffer.from(iv)).encryptIge(Buffer.from(data)));
}

export function gramjsIgeDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(new IGE(Buffer.from(key), Buffer.from(iv)).decryptIge(Buffer.from(data)));
}

/** MTProtoState._calcKey: the R2.1 KDF; GramJS's `client` flag is true exactly when x = 0. */
export async function gramjsKdf(
  key: Uint8Array,
  msgKey: Uint8Array,
  x: 0 | 8,
): Promise<{ aesKey: Uint8Array; aesIv: Uint8Array }> {
  const r = await new MTProtoState()._calcKey(Buffer.from(key), Buffer.from(msgKey), x === 0);
  return { aesKey: new Uint8Array(r.key), aesIv: new Uint8Array(r.iv) };
}

// salt and id are declared private in the typings; the adapter sets them the way GramJS's sender does.
interface StateFields {
  salt: unknown;
  id: unknown;
}

async function stateFor(key: Uint8Array, sessionId: Uint8Array): Promise<MTProtoState> {
  const authKey = new AuthKey();
  await authKey.setKey(Buffer.from(key)); // derives key_id = SHA1(key)[12:20] as GramJS does
  const state = new MTProtoState(authKey);
  (state as unknown as StateFields).id = readBigIntFromBuffer(Buffer.from(sessionId), true, false);
  return state;
}

/**
 * encryptMessageData, a client→server message (x = 0): key_id ‖ msg_key ‖ IGE(salt ‖ session_id ‖ data
 * ‖ 12..27 random padding bytes). GramJS computes msg_key itself, so the caller can check it.
 */
export async function gramjsEncryptClientMessage(
  key: Uint8Array,
  salt: Uint8Array,
  sessionId: Uint8Array,
  data: Uint8Array,
): Promise<Uint8Array> {
  const state = await stateFor(key, sessionId);
  (state as unknown as StateFields).salt = readBigIntFromBuffer(Buffer.from(salt), true, false);
  return new Uint8Array(await state.encryptMessageData(Buffer.from(data)));
}

/**
 * decryptMessageData, a server→client message (x = 8). GramJS checks key_id and msg_key, then parses
 * msg_id, seq_no, length and one TL object: the caller's body must be a TL object GramJS knows.
 */
export async function gramjsDecryptServerMessage(
  key: Uint8Array,
  sessionId: Uint8Array,
  wire: Uint8Array,
): Promise<{ ok: true; msgId: bigint } | { ok: false; reason: string }> {
  const state = await stateFor(key, sessionId);
  try {
    const message = await state.decryptMessageData(Buffer.from(wire));
    return { ok: true, msgId: BigInt(message.msgId.toString()) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
