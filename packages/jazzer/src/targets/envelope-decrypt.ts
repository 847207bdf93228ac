// Fuzz target: decryptEnvelope with a fixed key, both sender roles (R2.3) and every envelope policy
// (D3, D4), on arbitrary wire bytes; and on arbitrary plaintexts sealed with a correct msg_key, which is
// the only way random bytes reach the framing checks of R3.7 step 5.
//
// Allowed exceptions: none. The keys are 256-byte Uint8Arrays, the roles and policies are the exported
// ones, and decryptEnvelope "never throws on the content of `data`" (envelope-decrypt.ts, R3.8).
//
// Properties checked:
// - every rejection reason is an EnvelopeRejectReason;
// - an accepted message satisfies R3.7 step 5 (length mod 4 unless the policy allows it, 12..1024
//   bytes of padding) and, sealed again (sealPlaintext), gives back the wire bytes (R3.1, R3.6);
// - a plaintext sealed with the right key and role is never rejected before step 5.
import {
  ANDROID_ENVELOPE_POLICY,
  decryptEnvelope,
  PADDING_MAX,
  PADDING_MIN,
  ROLES,
  sealPlaintext,
  STRICT_ENVELOPE_POLICY,
  TDLIB_ENVELOPE_POLICY,
  type DecryptEnvelopeResult,
  type EnvelopePolicy,
  type EnvelopeRejectReason,
  type Role,
} from '@conform/reference';
import { concat, equal, padTo, uint32LE } from '../bytes.js';
import { check, expectOutcome } from '../finding.js';
import { ENVELOPE_KEY, OTHER_KEY } from '../fixtures.js';

export const TARGET = 'envelope-decrypt';

const POLICIES: readonly EnvelopePolicy[] = [
  STRICT_ENVELOPE_POLICY,
  TDLIB_ENVELOPE_POLICY,
  ANDROID_ENVELOPE_POLICY,
];

const REASONS: ReadonlySet<EnvelopeRejectReason> = new Set<EnvelopeRejectReason>([
  'too_short',
  'not_block_aligned',
  'unknown_fingerprint',
  'msg_key_mismatch',
  'length_not_mod4',
  'length_too_big',
  'padding_too_short',
  'padding_too_long',
]);

/** Rejections that R3.7 steps 1–4 may produce; a correctly sealed plaintext must get past them. */
const BEFORE_FRAMING: ReadonlySet<EnvelopeRejectReason> = new Set<EnvelopeRejectReason>([
  'too_short',
  'not_block_aligned',
  'unknown_fingerprint',
  'msg_key_mismatch',
]);

export function fuzz(input: Uint8Array): void {
  const data = Uint8Array.from(input);
  for (const sender of ROLES) {
    for (const policy of POLICIES) {
      verify([ENVELOPE_KEY], sender, data, policy);
    }
    // R5.9: two key slots, the vectors' key in the second one.
    verify([OTHER_KEY, ENVELOPE_KEY], sender, data, STRICT_ENVELOPE_POLICY);

    // The input as a plaintext (R3.2 framing unchecked), sealed with an authentic msg_key (R2.1).
    const plaintext = padTo(data, 16, 16);
    const wire = expectOutcome(TARGET, 'none', () => sealPlaintext(ENVELOPE_KEY, sender, plaintext))!;
    for (const policy of POLICIES) {
      const result = verify([ENVELOPE_KEY], sender, wire, policy);
      if (!result.ok) {
        check(
          TARGET,
          !BEFORE_FRAMING.has(result.reason),
          () => `an authentic message rejected: ${result.reason}`,
        );
      } else {
        check(
          TARGET,
          equal(concat(uint32LE(result.message.length), result.message, result.padding), plaintext),
          () => 'plaintext not returned as sealed',
        );
      }
    }
  }
}

/** Decrypts `data` with `keys` and checks the outcome; returns it. */
function verify(
  keys: readonly Uint8Array[],
  sender: Role,
  data: Uint8Array,
  policy: EnvelopePolicy,
): DecryptEnvelopeResult {
  const result = expectOutcome(TARGET, 'none', () => decryptEnvelope(keys, sender, data, policy))!;
  if (!result.ok) {
    check(TARGET, REASONS.has(result.reason), () => `unknown reject reason ${JSON.stringify(result.reason)}`);
    return result;
  }
  const { message, padding } = result;
  const key = keys[result.keyIndex];
  check(TARGET, key !== undefined, () => `keyIndex ${result.keyIndex} of ${keys.length} keys`);
  check(
    TARGET,
    policy.lengthMod4 === 'allow' || message.length % 4 === 0,
    () => `length ${message.length} not mod 4`,
  );
  const ragged = (data.length - 24) % 16; // R3.10: counted as padding under the TDLib policy
  const paddingLength = padding.length + ragged;
  check(
    TARGET,
    paddingLength >= PADDING_MIN && paddingLength <= PADDING_MAX,
    () => `accepted ${paddingLength} bytes of padding (R3.4: ${PADDING_MIN}..${PADDING_MAX})`,
  );
  const plaintext = concat(uint32LE(message.length), message, padding);
  const resealed = expectOutcome(TARGET, 'none', () => sealPlaintext(key, sender, plaintext))!;
  check(
    TARGET,
    equal(resealed, data.subarray(0, data.length - ragged)),
    () => 'accepted bytes do not reseal to the wire bytes',
  );
  return result;
}
