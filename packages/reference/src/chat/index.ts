// The secret-chat session: handshake, sequence numbers, re-keying and layers (§4–§7).
export {
  SecretChat,
  CURRENT_LAYER,
  INITIAL_PEER_LAYER,
  MIN_RANDOM_BYTES,
  type ChatOptions,
} from './secret-chat.js';
export {
  STRICT_CHAT_PROFILE,
  TDLIB_CHAT_PROFILE,
  ANDROID_CHAT_PROFILE,
  CHAT_PROFILES,
  type ChatProfile,
} from './chat-profile.js';
export type {
  ChatCheckpoint,
  ChatCloseReason,
  ChatState,
  ReceiveResult,
  ReceiveStatus,
  SendResult,
} from './chat-types.js';
export { outParity, inParity, wireIn, wireOut } from './seq-no.js';
