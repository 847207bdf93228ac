// The bench op of the Telethon adapter (PROTOCOL.md §8) over the process's pipes: the shared suite
// of @conform/adapter-kit/testing. Skipped where Telethon is missing (telethon.test.ts fails for
// that under CI).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeBenchSuite, processExchange } from '@conform/adapter-kit/testing';

const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import telethon'], { cwd: '/', stdio: 'ignore' }).status === 0;

describeBenchSuite({
  library: 'Telethon',
  exchange: processExchange(PYTHON, ['telethon_adapter.py'], join(import.meta.dirname, '..')),
  workloads: ['ige.encrypt', 'ige.decrypt', 'mtproto2.kdf', 'e2e.encrypt', 'e2e.decrypt', 'dh.key'],
  notOffered: { 'mtproto2.msg_key': /only inside encrypt_message_data/ },
  // Telethon never returns an E2E message; a ragged ciphertext makes it throw (internal).
  errorsOnly: { 'e2e.decrypt': ['internal', 'rejected', 'unsupported'] },
  skip: !available,
});
