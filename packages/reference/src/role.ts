// Who sent a message decides which part of the chat key it uses (R2.3) and the parity of its
// sequence numbers (R6.2). Roles are words, never booleans.
import { assertOneOf } from './_assert.js';

/** The chat's creator (admin_id, sent requestEncryption) or the other participant. */
export type Role = 'creator' | 'participant';

export const ROLES: readonly Role[] = ['creator', 'participant'];

/** The key offset `x` of R2.1 for messages sent by `sender`: 0 from the creator, 8 from the participant (R2.3). */
export function keyOffsetForSender(sender: Role): 0 | 8 {
  assertOneOf('sender', sender, ROLES);
  return sender === 'creator' ? 0 : 8;
}

/** The inverse of keyOffsetForSender, for edges (protocol, vectors) that speak in `x`. */
export function senderForKeyOffset(x: number): Role {
  assertOneOf('x', x, [0, 8]);
  return x === 0 ? 'creator' : 'participant';
}

/** The other party. */
export function peerOf(role: Role): Role {
  assertOneOf('role', role, ROLES);
  return role === 'creator' ? 'participant' : 'creator';
}
