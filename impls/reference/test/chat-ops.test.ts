// The chat ops' edges (PROTOCOL.md §5): argument checks, states and error codes. Whole transcripts
// run through the runner against the built adapter (impls/mutants/test, the main job).
import { loadKnownAnswers } from '@conform/known-answers';
import { describe, expect, it } from 'vitest';
import { createChatOps } from '../src/chat-ops.js';
import { createHandler } from '../src/dispatch.js';
import { OPS } from '../src/ops.js';

const sample = loadKnownAnswers('dh-official-sample.json');
let seq = 0;
const fresh = () => {
  const handle = createHandler(createChatOps());
  return (op: string, args: Record<string, unknown> = {}) => handle({ id: ++seq, op, ...args });
};
const create = { chat: 'a', role: 'creator', p: sample.p, g: sample.g };

describe('chat ops', () => {
  it('a creator and a participant reach ready and exchange a message', () => {
    const call = fresh();
    expect(call('chat.create', create)).toMatchObject({ ok: true });
    expect(call('chat.create', { ...create, chat: 'b', role: 'participant' })).toMatchObject({ ok: true });
    const req = call('chat.request', { chat: 'a' }) as Record<string, unknown>;
    const acc = call('chat.accept', { chat: 'b', g_a: req['g_a'] }) as Record<string, unknown>;
    expect(acc).toMatchObject({ ok: true, outbox: [expect.any(String)] });
    expect(
      call('chat.confirm', { chat: 'a', g_b: acc['g_b'], fingerprint: acc['fingerprint'] }),
    ).toMatchObject({ ok: true });
    expect(call('chat.confirm', { chat: 'b', fingerprint: acc['fingerprint'] })).toMatchObject({
      ok: true,
      outbox: [],
    });
    const message = { _: 'decryptedMessage', random_id: '7', ttl: 0, message: 'hi' };
    const sent = call('chat.send', { chat: 'a', message }) as Record<string, unknown>;
    for (const notify of acc['outbox'] as string[]) call('chat.receive', { chat: 'a', data: notify });
    const got = call('chat.receive', { chat: 'b', data: sent['data'] });
    expect(got).toMatchObject({ ok: true, status: 'queued' }); // a's NotifyLayer came first and is missing
    expect(call('chat.state', { chat: 'b' })).toMatchObject({ ok: true, state: 'ready', queued: [1] });
  });

  it('refuses bad arguments with bad_input and ops out of turn with bad_state', () => {
    const call = fresh();
    expect(call('chat.state', { chat: 'nope' })).toMatchObject({ ok: false, error: 'bad_input' });
    expect(call('chat.create', { ...create, role: 'server' })).toMatchObject({
      ok: false,
      error: 'bad_input',
    });
    expect(call('chat.create', { ...create, chat: '' })).toMatchObject({ ok: false, error: 'bad_input' });
    expect(call('chat.create', create)).toMatchObject({ ok: true });
    expect(call('chat.create', create)).toMatchObject({ ok: false, error: 'bad_input' });
    expect(call('chat.accept', { chat: 'a', g_a: '02' })).toMatchObject({ ok: false, error: 'bad_state' });
    expect(call('chat.send', { chat: 'a', message: { _: 'decryptedMessage' } })).toMatchObject({
      ok: false,
      error: 'bad_tl',
    });
    expect(
      call('chat.send', {
        chat: 'a',
        message: { _: 'decryptedMessage', random_id: '1', ttl: 0, message: '' },
      }),
    ).toMatchObject({ ok: false, error: 'not_ready' });
    expect(call('chat.rekey', { chat: 'a', exchange_id: 'x' })).toMatchObject({
      ok: false,
      error: 'bad_input',
    });
  });

  it('maps the handshake refusals to bad_params, bad_public and bad_fingerprint, and closes', () => {
    const call = fresh();
    call('chat.create', { ...create, p: '05' });
    expect(call('chat.request', { chat: 'a' })).toMatchObject({ ok: false, error: 'bad_params' });
    expect(call('chat.state', { chat: 'a' })).toMatchObject({ state: 'closed', close_reason: 'bad_params' });
    call('chat.create', { ...create, chat: 'b', role: 'participant' });
    expect(call('chat.accept', { chat: 'b', g_a: '01' })).toMatchObject({ ok: false, error: 'bad_public' });
    call('chat.create', { ...create, chat: 'c' });
    call('chat.request', { chat: 'c' });
    expect(call('chat.confirm', { chat: 'c', g_b: '02', fingerprint: '0000000000000000' })).toMatchObject({
      ok: false,
      error: 'bad_public',
    });
    expect(call('chat.state', { chat: 'c' })).toMatchObject({ state: 'closed' });
    expect(
      call('chat.send', {
        chat: 'c',
        message: { _: 'decryptedMessage', random_id: '1', ttl: 0, message: '' },
      }),
    ).toMatchObject({
      ok: false,
      error: 'closed',
    });
  });
});

describe('dh.check_params', () => {
  it('refuses a g outside int32 as bad_params, as PROTOCOL.md §5 says (not bad_input)', () => {
    const handle = createHandler(new Map([['dh.check_params', OPS.get('dh.check_params')!]]));
    for (const g of [2 ** 31, -(2 ** 31) - 1, 1e30])
      expect(handle({ id: 1, op: 'dh.check_params', p: sample.p, g })).toMatchObject({
        ok: false,
        error: 'bad_params',
      });
    expect(handle({ id: 2, op: 'dh.check_params', p: sample.p, g: 2.5 })).toMatchObject({
      ok: false,
      error: 'bad_input',
    });
  });
});
