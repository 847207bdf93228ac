// Sources that vector notes link to, at the snapshots docs/spec.md cites; one place for each URL.
export const D_E2E = 'https://core.telegram.org/api/end-to-end';
export const D_SEC = 'https://core.telegram.org/mtproto/security_guidelines';
export const TDLIB_DH =
  'https://github.com/tdlib/td/blob/022d60202e446ad1287b9fb68e687c8a0760788b/td/mtproto/DhHandshake.cpp';
export const MADELINE_CRYPT =
  'https://github.com/danog/MadelineProto/blob/27d21681e7b0c65a77368d6536f088b80ef85c85/src/MTProtoTools/Crypt.php';
export const ANDROID_UTILITIES =
  'https://github.com/DrKLO/Telegram/blob/002eb8c87cc87f36144b0e0f53385e2f3fb8beac/TMessagesProj/src/main/java/org/telegram/messenger/Utilities.java';
