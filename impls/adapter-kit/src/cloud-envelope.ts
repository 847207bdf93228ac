// The arguments of e2e.encrypt and e2e.decrypt (PROTOCOL.md §5) as an adapter over a library with
// only the cloud MTProto 2.0 record layer hands them over (GramJS, mtcute): the cloud envelope has
// the E2E formulas (spec §10) but one direction per role, and a 16-byte salt ‖ session_id header
// in place of the E2E one. Byte framing and the checks of what such a library can take; no
// cryptography.
import { bytesArg, keyOffsetArg, paddingArg, type Args } from './args.js';
import { unsupported } from './protocol-error.js';

/** An E2E plaintext split the way a client→server encryptor takes it. */
export interface ClientPlaintext {
  /** The 256-byte key. */
  readonly key: Buffer;
  /** The first 16 plaintext bytes, standing in for salt ‖ session_id (opaque to the library). */
  readonly header: Buffer;
  /** The rest of `le32(L) ‖ message` (R3.2). */
  readonly data: Buffer;
  /** The requested padding, or undefined: the library pads on its own. */
  readonly padding: Buffer | undefined;
}

/**
 * e2e.encrypt's arguments for a library that encrypts as a client (x = 0 only, R2.3): `unsupported`
 * for x = 8 and for a message too short to fill the 16 header bytes.
 */
export function clientPlaintextArgs(a: Args, library: string): ClientPlaintext {
  const key = bytesArg(a, 'key', { length: 256 });
  const x = keyOffsetArg(a);
  const message = bytesArg(a, 'message', { multipleOf: 4 });
  const padding = paddingArg(a, message.length);
  if (x === 8) throw unsupported(`${library} encrypts only client→server messages (x = 0)`);
  if (message.length < 12) {
    throw unsupported(
      'the first 16 plaintext bytes stand in for salt and session_id: 12+ message bytes needed',
    );
  }
  const length = Buffer.alloc(4);
  length.writeUInt32LE(message.length);
  const plain = Buffer.concat([length, message]);
  return { key, header: plain.subarray(0, 16), data: plain.subarray(16), padding };
}

/** e2e.decrypt's arguments for a library that decrypts as a client (x = 8 only, R2.3). */
export function serverMessageArgs(a: Args, library: string): { key: Buffer; data: Buffer } {
  const key = bytesArg(a, 'key', { length: 256 });
  const x = keyOffsetArg(a);
  const data = bytesArg(a, 'data');
  if (x === 0) throw unsupported(`${library} decrypts only server→client messages (x = 8)`);
  return { key, data };
}
