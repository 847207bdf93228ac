// The bench op of the mtcute adapter (PROTOCOL.md §8) through its serve loop in process: the
// shared suite of @conform/adapter-kit/testing, with what mtcute offers and why it offers no more.
import { describeBenchSuite, serveExchange } from '@conform/adapter-kit/testing';
import { NOT_OFFERED, OPS, VERSION, WORKLOADS } from '../src/ops.js';

describeBenchSuite({
  library: 'mtcute',
  exchange: serveExchange({ name: 'mtcute', version: `@mtcute/core@${VERSION}` }, OPS, NOT_OFFERED),
  workloads: ['ige.encrypt', 'ige.decrypt', 'mtproto2.kdf', 'e2e.encrypt', 'e2e.decrypt', 'dh.key'],
  offered: WORKLOADS.keys(),
  notOffered: {
    'mtproto2.msg_key': /only inside AuthKey.encryptMessage/,
    'dh.check_params': /no bench workload "dh.check_params"/,
    'chat.send': /no bench workload "chat.send"/,
  },
  // mtcute never returns an E2E message (step 5 of R3.7 is not in it): refusals and `unsupported`.
  errorsOnly: { 'e2e.decrypt': ['rejected', 'unsupported'] },
});
