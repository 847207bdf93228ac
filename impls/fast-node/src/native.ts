// fast-node's native path: the N-API addon of native/ige.c (AES-256-IGE on AES-NI), built by
// `npm run build` when a compiler is at hand (scripts/build-native.mjs). It is used only when
//   - CONFORM_FAST_NODE_NATIVE is not "0" (that value forces the JavaScript path),
//   - native/build/Release/conform_ige.node exists and loads,
//   - the addon says the CPU runs its code (CPUID's AES flag, checked in C), and
//   - it agrees with the JavaScript path (ige-js.ts) on a known message, both directions (R1.2).
// Otherwise the JavaScript path answers, and `status.reason` says why.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { jsIgeDecrypt, jsIgeEncrypt } from './ige-js.js';

/** The addon's IGE calls: `out` (data.length bytes, apart from data) receives the result. */
export interface NativeIge {
  readonly igeEncrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array, out: Uint8Array) => void;
  readonly igeDecrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array, out: Uint8Array) => void;
}

export type NativeStatus =
  | { readonly state: 'active'; readonly addon: NativeIge }
  | { readonly state: 'off' | 'unavailable' | 'broken'; readonly reason: string };

/** Where node-gyp puts the addon; `../` is the package from src/ (tests) and dist/ (the process) alike. */
export const ADDON_PATH = fileURLToPath(new URL('../native/build/Release/conform_ige.node', import.meta.url));

/** The environment variable that, set to "0", forces the JavaScript path. */
export const NATIVE_ENV = 'CONFORM_FAST_NODE_NATIVE';

/** Loads and checks the addon at `path`; never throws. */
export function loadNative(path: string = ADDON_PATH, env: NodeJS.ProcessEnv = process.env): NativeStatus {
  if (env[NATIVE_ENV] === '0') return { state: 'off', reason: `${NATIVE_ENV}=0` };
  if (!existsSync(path)) return { state: 'unavailable', reason: `not built (${path} is missing)` };
  let exports: unknown;
  try {
    exports = createRequire(import.meta.url)(path);
  } catch (error) {
    return { state: 'broken', reason: `cannot load ${path}: ${messageOf(error)}` };
  }
  const addon = exports as Partial<NativeIge> & { aesni?: unknown; reason?: unknown };
  if (typeof addon.igeEncrypt !== 'function' || typeof addon.igeDecrypt !== 'function') {
    return { state: 'broken', reason: `${path} has no igeEncrypt/igeDecrypt` };
  }
  if (addon.aesni !== true) {
    return { state: 'unavailable', reason: typeof addon.reason === 'string' ? addon.reason : 'no AES-NI' };
  }
  try {
    const mismatch = selfCheck(addon as NativeIge);
    if (mismatch !== undefined) return { state: 'broken', reason: mismatch };
  } catch (error) {
    return { state: 'broken', reason: `self-check threw: ${messageOf(error)}` };
  }
  return { state: 'active', addon: addon as NativeIge };
}

/**
 * The addon against the JavaScript path on one fixed 5-block message (so the chain between blocks
 * is exercised), both directions; a description of the first disagreement, else undefined.
 */
function selfCheck(addon: NativeIge): string | undefined {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const iv = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 ^ (i * 7));
  const data = Uint8Array.from({ length: 80 }, (_, i) => (i * 29 + 3) & 0xff);
  for (const [name, native, js] of [
    ['encryption', addon.igeEncrypt, jsIgeEncrypt],
    ['decryption', addon.igeDecrypt, jsIgeDecrypt],
  ] as const) {
    const out = new Uint8Array(data.length);
    native(key, iv, data, out);
    const expected = js(key, iv, data);
    if (!out.every((byte, i) => byte === expected[i]))
      return `self-check: ${name} disagrees with the JavaScript path`;
  }
  return undefined;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
