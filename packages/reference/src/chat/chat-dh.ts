// The Diffie–Hellman of one chat (§4, R5.2): the group (p, g) from messages.getDhConfig, checked by
// R4.2, and the public values held to R4.3 in the profile's range (D12). Used by the handshake and
// by every re-key, which keeps the same (p, g).
import { assertBytes } from '../_assert.js';
import { checkDhParams } from '../dh-params.js';
import { checkDhPublic } from '../dh-public.js';
import { computeDhKey, computeDhPublic, type DhKey } from '../dh.js';
import { Closed } from './_closed.js';
import type { ChatProfile } from './chat-profile.js';

export class ChatDh {
  constructor(
    private readonly p: Uint8Array,
    private readonly g: number,
    private readonly profile: ChatProfile,
  ) {}

  checkParams(): void {
    if (!checkDhParams(this.p, this.g).ok) throw new Closed('bad_params'); // R4.2
  }

  /** R4.3 in the profile's range (D12). */
  publicOk(value: Uint8Array): boolean {
    return checkDhPublic(this.p, value, { range: this.profile.publicRange }).ok;
  }

  /** g^secret mod p, which TDLib's dh_check also holds to R4.3. */
  ownPublic(secret: Uint8Array): Uint8Array {
    assertBytes('secret', secret, 256);
    const value = computeDhPublic(this.p, this.g, secret);
    if (!this.publicOk(value)) throw new Closed('bad_own_public');
    return value;
  }

  /** The shared key (peerPublic)^secret mod p and its fingerprint (R4.4, R4.7). */
  key(peerPublic: Uint8Array, secret: Uint8Array): DhKey {
    return computeDhKey(this.p, peerPublic, secret);
  }
}
