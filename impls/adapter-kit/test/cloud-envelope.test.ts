// The E2E arguments as a cloud-envelope library takes them: le32(L) ‖ message split after 16 bytes
// (R3.2), the one direction such a library has (R2.3), and the op's own bad_input checks first.
import { describe, expect, it } from 'vitest';
import { clientPlaintextArgs, serverMessageArgs } from '../src/index.js';

const key = 'ab'.repeat(256);

describe('clientPlaintextArgs', () => {
  it('frames the message as le32(L) ‖ message and splits it after 16 bytes', () => {
    const message = '01020304'.repeat(5); // 20 bytes
    const { header, data, padding } = clientPlaintextArgs({ key, x: 0, message }, 'Lib');
    expect(header.toString('hex')).toBe('14000000' + '01020304'.repeat(3));
    expect(data.toString('hex')).toBe('01020304'.repeat(2));
    expect(padding).toBeUndefined();
  });

  it('passes the requested padding on', () => {
    const { padding } = clientPlaintextArgs(
      { key, x: 0, message: '00'.repeat(16), padding: 'ff'.repeat(12) },
      'Lib',
    );
    expect(padding?.toString('hex')).toBe('ff'.repeat(12));
  });

  it.each([
    ['x = 8', { x: 8, message: '00'.repeat(16) }, 'unsupported', /Lib encrypts only client→server/],
    ['a message under 12 bytes', { x: 0, message: '00'.repeat(8) }, 'unsupported', /12\+ message bytes/],
    ['a ragged message', { x: 0, message: '00'.repeat(13) }, 'bad_input', /"message"/],
    [
      'padding that leaves a partial block',
      { x: 0, message: '00'.repeat(16), padding: '00'.repeat(13) },
      'bad_input',
      /"padding"/,
    ],
  ])('refuses %s', (_name, args, code, detail) => {
    expect(() => clientPlaintextArgs({ key, ...args }, 'Lib')).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(detail) }),
    );
  });
});

describe('serverMessageArgs', () => {
  it('decodes key and data for x = 8 and refuses x = 0', () => {
    expect(serverMessageArgs({ key, x: 8, data: '0102' }, 'Lib').data.toString('hex')).toBe('0102');
    expect(() => serverMessageArgs({ key, x: 0, data: '0102' }, 'Lib')).toThrow(
      /Lib decrypts only server→client/,
    );
    expect(() => serverMessageArgs({ key: '00', x: 8, data: '' }, 'Lib')).toThrow(/"key" expected 256 bytes/);
  });
});
