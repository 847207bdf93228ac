// Model-based chat fuzzing through the chat ops: nothing against the reference adapter, and every
// chat mutant of impls/mutants found, shrunk to a session of at most ten commands.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveImplSpec } from '@conform/runner';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatChatFuzzReport, runChatFuzz, sessionTranscript } from '../src/chat/chat-fuzz.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const mutantsDir = join(repo, 'impls', 'mutants');
const chatMutants = readdirSync(mutantsDir).filter(
  (d) => d.startsWith('chat-') && existsSync(join(mutantsDir, d, 'conform.json')),
);

beforeAll(() => {
  // The adapters run as built processes.
  execFileSync(
    'npx',
    [
      'turbo',
      'run',
      'build',
      '--filter=@conform/impl-reference',
      '--filter=@conform/impl-mutants',
      '--output-logs=errors-only',
    ],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}, 600_000);

describe('conform fuzz --mode chat', () => {
  it('a session is a transcript: the handshake of its role, then its commands', () => {
    const t = sessionTranscript({
      role: 'participant',
      badFingerprint: false,
      commands: [
        { c: 'peerBurst', n: 3 },
        { c: 'clock', seconds: 60 },
        { c: 'toImpl', m: 2 },
      ],
      layer: 144,
      serverRandom: false,
      newerLayer: null,
    });
    expect(t.steps.map((s) => s.do)).toEqual([
      'impl.create',
      'peer.request',
      'impl.accept',
      'peer.confirm',
      'impl.confirm',
      'peer.send',
      'peer.send',
      'peer.send',
      'impl.receive',
    ]);
    expect(t.steps.at(-1)).toMatchObject({ m: 2, now: 1_700_000_060 });
    expect(t.steps.some((s) => 'server_random' in s)).toBe(false);
  });

  it("a session may hand the implementation the server's random bytes (R4.4) and layers above its own (R7.4)", () => {
    for (const role of ['creator', 'participant'] as const) {
      const t = sessionTranscript({
        role,
        badFingerprint: false,
        commands: [{ c: 'peerSend' }, { c: 'toImpl', m: 0 }],
        layer: 101,
        serverRandom: true,
        // Past the last command: the forged message comes at the end.
        newerLayer: { after: 9, layer: 145 },
      });
      expect(t).toMatchObject({ layer: 101, peer_layer: 144 });
      const handshake = t.steps.find((s) => s.do === (role === 'creator' ? 'impl.request' : 'impl.accept'));
      expect(handshake).toMatchObject({ server_random: expect.stringMatching(/^[0-9a-f]{512}$/) });
      expect(t.steps.slice(-4).map((s) => s.do)).toEqual([
        'peer.send',
        'impl.receive',
        'peer.forge',
        'impl.flush',
      ]);
      expect(t.steps.at(-2)).toMatchObject({ layer: 145 });
    }
  });

  it('finds nothing in the reference adapter', async () => {
    const report = await runChatFuzz(resolveImplSpec(join(repo, 'impls', 'reference')), {
      seed: 42,
      runs: 25,
      timeoutMs: 120_000,
    });
    expect(report.findings, formatChatFuzzReport(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.sessions).toBeGreaterThan(10);
  }, 600_000);

  it('has chat mutants to find', () => {
    expect(chatMutants.length).toBeGreaterThanOrEqual(8);
  });

  for (const id of chatMutants) {
    it(`finds ${id} and shrinks it to at most 10 commands`, async () => {
      const report = await runChatFuzz(resolveImplSpec(join(mutantsDir, id)), {
        seed: 7,
        runs: 200,
        timeoutMs: 120_000, // a loaded CI machine must not turn into a finding
        implLabel: `impls/mutants/${id}`,
      });
      expect(report.exitCode, formatChatFuzzReport(report)).toBe(1);
      const [finding] = report.findings;
      // The role line, then the commands.
      expect(finding!.commands.length - 1, finding!.commands.join('\n')).toBeLessThanOrEqual(10);
      expect(finding!.replay).toContain(`--seed 7`);
    }, 600_000);
  }
});
