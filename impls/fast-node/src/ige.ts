// AES-256-IGE (R1) as fast-node's ops use it: the native AES-NI path (native.ts, native/ige.c) when it
// is built, working and not turned off, else the JavaScript path (ige-js.ts). Both take the same
// arguments and refuse the same misuse with the same RangeErrors (R1.3); which one runs is fixed at
// load and named by IGE_PATH (hello's version shows it).
import { checkIgeArguments, jsIgeDecrypt, jsIgeEncrypt } from './ige-js.js';
import { loadNative, type NativeStatus } from './native.js';

/** The native path's state, decided once at load; `reason` says why it is not active. */
export const NATIVE_STATUS: NativeStatus = loadNative();
if (NATIVE_STATUS.state === 'broken') {
  // Built but unusable is a fault worth a log line (stderr only, PROTOCOL.md §1); the answers stay right.
  console.error(`conform fast-node: native path not used: ${NATIVE_STATUS.reason}`);
}

const addon = NATIVE_STATUS.state === 'active' ? NATIVE_STATUS.addon : undefined;

/** Which IGE path answers: 'native AES-NI' or 'JavaScript'. */
export const IGE_PATH: string = addon !== undefined ? 'native AES-NI' : 'JavaScript';

/** Encrypts `data` (16·k bytes) with AES-256-IGE (R1.2); a new array. */
export function igeEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (addon === undefined) return jsIgeEncrypt(key, iv, data);
  checkIgeArguments(key, iv, data);
  // Unzeroed (from Node's pool below 4 KiB): the addon writes every byte.
  const out = Buffer.allocUnsafe(data.length);
  addon.igeEncrypt(key, iv, data, out);
  return out;
}

/** Decrypts `data` (16·k bytes) with AES-256-IGE (R1.2); a new array. */
export function igeDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (addon === undefined) return jsIgeDecrypt(key, iv, data);
  checkIgeArguments(key, iv, data);
  const out = Buffer.allocUnsafe(data.length);
  addon.igeDecrypt(key, iv, data, out);
  return out;
}
