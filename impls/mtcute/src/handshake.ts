// mtcute's DH checks (R4.2, R4.3) live inside doAuthorization (network/authorization.ts), the
// auth-key handshake: `checkDhPrime` is module-private and the g / g_a / g_b range checks are inline.
// The only way to run them is to run the handshake, so this file plays the server's side of it with
// no network: it answers req_pq_multi and req_DH_params with the p, g and g_a under test, and stops
// as soon as mtcute sends set_client_DH_params — the point where every check has passed. A refusal
// is the MtSecurityError mtcute throws. The fake server's own crypto (the temporary AES key, the
// server_DH_inner_data framing) uses mtcute's functions too; none of it is judged.
import { randomBytes, randomFillSync } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MtSecurityError } from '@mtcute/core';
import {
  TlBinaryReader,
  TlBinaryWriter,
  __tlReaderMap,
  __tlWriterMap,
  generateKeyAndIvFromNonce,
  longFromBuffer,
  randomLong,
} from '@mtcute/core/utils.js';
import { NodeCryptoProvider } from './provider.js';

const require = createRequire(import.meta.url);
const coreDir = dirname(require.resolve('@mtcute/core'));

type DoAuthorization = (connection: unknown, crypto: NodeCryptoProvider) => Promise<unknown>;
// Not in the package's exports map: loaded by path, as packages/oracles loads network/auth-key.js.
const { doAuthorization } = (await import(
  pathToFileURL(join(coreDir, 'network', 'authorization.js')).href
)) as {
  doAuthorization: DoAuthorization;
};

/** The pq of the official auth_key sample (core.telegram.org/mtproto/samples-auth_key). */
const PQ = Buffer.from('17ed48941a08f981', 'hex');
/** A current (not "old") Telegram RSA key mtcute knows, so that it pads with RSA_PAD. */
const FINGERPRINT = longFromBuffer(Buffer.from('d09d1d85de64fd85', 'hex'), true, false);

/** Thrown from the fake connection once mtcute has sent set_client_DH_params. */
class ChecksPassed extends Error {}

export type HandshakeVerdict = { passed: true } | { passed: false; message: string };

interface TlObject {
  _: string;
  [field: string]: unknown;
}

const frame = (object: TlObject): Uint8Array =>
  Buffer.concat([Buffer.alloc(20), TlBinaryWriter.serializeObject(__tlWriterMap, object)]);

const silent = () => undefined;
const logger = { prefix: '', debug: silent, verbose: silent, info: silent, warn: silent, error: silent };

/**
 * Runs mtcute's handshake against a server that offers `p`, `g` and `gA`. Resolves to whether mtcute
 * accepted them (it went on to send g_b) or the MtSecurityError it refused them with.
 */
export async function runHandshake(p: Uint8Array, g: number, gA: Uint8Array): Promise<HandshakeVerdict> {
  const provider = new NodeCryptoProvider();
  // new_nonce is the first 32-byte random value mtcute draws (after the 16-byte nonce and the 8-byte
  // draws of its pq primality test and factorization). A real server reads it from the RSA-encrypted
  // p_q_inner_data; this one records it as mtcute draws it.
  let newNonce: Uint8Array | undefined;
  provider.onRandomFill = (buf) => {
    randomFillSync(buf);
    if (buf.length === 32 && newNonce === undefined) newNonce = buf.slice();
  };
  const serverNonce = randomBytes(16);
  let nonce: unknown;
  let reply: Uint8Array | undefined;
  let passed = false;

  const connection = {
    _session: {
      _readerMap: __tlReaderMap,
      _writerMap: __tlWriterMap,
      getMessageId: () => randomLong(),
      updateTimeOffset: silent,
    },
    log: { create: () => logger },
    params: { dc: { id: 2, mediaOnly: false }, testMode: false },
    send: (data: Uint8Array): Promise<void> => {
      const request = TlBinaryReader.deserializeObject<TlObject>(__tlReaderMap, data, 20);
      if (request._ === 'mt_req_pq_multi') {
        nonce = request.nonce;
        reply = frame({
          _: 'mt_resPQ',
          nonce,
          serverNonce,
          pq: PQ,
          serverPublicKeyFingerprints: [FINGERPRINT],
        });
      } else if (request._ === 'mt_req_DH_params') {
        if (newNonce === undefined) throw new Error('fake server: mtcute drew no new_nonce');
        const [key, iv] = generateKeyAndIvFromNonce(provider, serverNonce, newNonce);
        const inner = TlBinaryWriter.serializeObject(__tlWriterMap, {
          _: 'mt_server_DH_inner_data',
          nonce,
          serverNonce,
          g,
          dhPrime: p,
          gA,
          serverTime: Math.floor(Date.now() / 1000),
        } as TlObject);
        const hashed = Buffer.concat([provider.sha1(inner), inner]);
        const answer = Buffer.concat([hashed, randomBytes((16 - (hashed.length % 16)) % 16)]);
        reply = frame({
          _: 'mt_server_DH_params_ok',
          nonce,
          serverNonce,
          encryptedAnswer: provider.createAesIge(key, iv).encrypt(answer),
        });
      } else if (request._ === 'mt_set_client_DH_params') {
        passed = true; // every check of R4.2/R4.3 mtcute makes runs before this message
      } else {
        throw new Error(`fake server: unexpected ${request._}`);
      }
      return Promise.resolve();
    },
    waitForUnencryptedMessage: (): Promise<Uint8Array> => {
      if (passed) return Promise.reject(new ChecksPassed());
      if (reply === undefined) return Promise.reject(new Error('fake server: nothing to answer'));
      return Promise.resolve(reply);
    },
  };

  try {
    await doAuthorization(connection, provider);
  } catch (error) {
    if (error instanceof ChecksPassed) return { passed: true };
    if (error instanceof MtSecurityError) return { passed: false, message: error.message };
    throw error;
  }
  throw new Error('fake server: the handshake completed without a dh_gen answer');
}
