// Protocol constants of a secret chat (R3.5, R7.1, R7.5).
/** R7.5: the newest secret-chat layer. */
export const CURRENT_LAYER = 144;
/** R7.1: what we assume of the peer until it tells us. */
export const INITIAL_PEER_LAYER = 46;
/** R3.5: fewer random bytes than this and the message must be ignored. */
export const MIN_RANDOM_BYTES = 15;
