// Builders for the TL objects a chat sends by itself (R5, R6.6, R7.2), in TL-JSON form (§7.3).
import { bytesToJson } from '../tl/tl-json.js';
import type { TlObject } from '../tl/index.js';
import type { Rng } from '../rng.js';

/** A random signed 64-bit id as a TL-JSON `long` (decimal string). */
export function randomLong(rng: Rng): string {
  const b = rng(8);
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return BigInt.asIntN(64, v).toString();
}

/** decryptedMessageService#73164160 carrying `action`, with a fresh random_id. */
export function serviceMessage(rng: Rng, action: TlObject): TlObject {
  return { _: 'decryptedMessageService', random_id: randomLong(rng), action };
}

export const notifyLayer = (layer: number): TlObject => ({ _: 'decryptedMessageActionNotifyLayer', layer });
export const resend = (start: number, end: number): TlObject => ({
  _: 'decryptedMessageActionResend',
  start_seq_no: start,
  end_seq_no: end,
});
export const requestKey = (exchangeId: string, gA: Uint8Array): TlObject => ({
  _: 'decryptedMessageActionRequestKey',
  exchange_id: exchangeId,
  g_a: bytesToJson(gA),
});
export const acceptKey = (exchangeId: string, gB: Uint8Array, fingerprint: Uint8Array): TlObject => ({
  _: 'decryptedMessageActionAcceptKey',
  exchange_id: exchangeId,
  g_b: bytesToJson(gB),
  key_fingerprint: fingerprintToLong(fingerprint),
});
export const commitKey = (exchangeId: string, fingerprint: Uint8Array): TlObject => ({
  _: 'decryptedMessageActionCommitKey',
  exchange_id: exchangeId,
  key_fingerprint: fingerprintToLong(fingerprint),
});
export const noop = (): TlObject => ({ _: 'decryptedMessageActionNoop' });

/** The 8 wire bytes of a fingerprint read as the TL long they are on the wire (little-endian, R4.7). */
export function fingerprintToLong(fingerprint: Uint8Array): string {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(fingerprint[i]!);
  return BigInt.asIntN(64, v).toString();
}

/** Signed comparison of two TL longs given as decimal strings (R5.7 compares exchange_id as `long`). */
export function compareLongs(a: string, b: string): -1 | 0 | 1 {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Throws unless `value` is a canonical decimal TL long (signed 64-bit). */
export function assertLong(name: string, value: unknown): asserts value is string {
  if (
    typeof value !== 'string' ||
    !/^-?(0|[1-9][0-9]*)$/.test(value) ||
    BigInt.asIntN(64, BigInt(value)) !== BigInt(value)
  ) {
    throw new TypeError(
      `"${name}" expected decimal string of a signed 64-bit integer, got ${JSON.stringify(value)}`,
    );
  }
}
