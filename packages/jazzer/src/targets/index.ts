// The fuzz targets by name (the corpus/<name>/ and findings/<name>/ directories use these names).
// Each module exports `fuzz(data)` for jazzer.js and documents exactly which exceptions it allows.
import { fuzz as chatReceive } from './chat-receive.js';
import { fuzz as dhChecks } from './dh-checks.js';
import { fuzz as envelopeDecrypt } from './envelope-decrypt.js';
import { fuzz as tlDecode } from './tl-decode.js';

export type FuzzTarget = (data: Uint8Array) => void;

export const TARGETS = {
  'tl-decode': tlDecode,
  'envelope-decrypt': envelopeDecrypt,
  'chat-receive': chatReceive,
  'dh-checks': dhChecks,
} as const satisfies Record<string, FuzzTarget>;

export type TargetName = keyof typeof TARGETS;
export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];
