// Internal: the error that unwinds a chat operation on a required close. SecretChat catches it,
// closes with its reason and reports the outcome as a value; it never escapes the chat.
import type { ChatCloseReason } from './chat-types.js';

export class Closed extends Error {
  constructor(readonly reason: ChatCloseReason) {
    super(reason);
  }
}
