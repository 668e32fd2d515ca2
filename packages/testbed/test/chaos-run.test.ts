/**
 * A small `npm run chaos` (scripts/chaos.ts) in CI: every backend the gateway can host, a few chats under every
 * simulator fault, a Redis restart and a SIGKILL, and not one acknowledged message lost, duplicated or out of order.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoBackends, findWorkspaceRoot } from '../src/index.js';

interface Counts {
  sent: number;
  acknowledged: number;
  received: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

interface ChaosJson {
  disruptions: { redisRestartedAt: number | null; instanceKilledAt: number | null; messagesInRun: number };
  backends: Array<{ backend: string; chatsNotStarted: number; total: Counts; toAgent: Counts; toUser: Counts }>;
}

function runChaos(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=byosd-source', '--import', 'tsx', 'scripts/chaos.ts', ...args], {
      cwd: findWorkspaceRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run chaos', () => {
  it('runs every backend through faults, a Redis restart and a SIGKILL, and loses, duplicates and reorders no acknowledged message', async () => {
    const json = join(mkdtempSync(join(tmpdir(), 'byosd-chaos-')), 'chaos.json');
    const messages = 24;
    const args = ['--chats', '2', '--messages', String(messages), '--pace-ms', '150', '--send-deadline-ms', '10000', '--drain-ms', '10000', '--json', json];
    const { code, output } = await runChaos(args);
    const result = JSON.parse(readFileSync(json, 'utf8')) as ChaosJson;

    // It exits 1 exactly when some backend lost, duplicated or reordered an acknowledged message (or a chat did not start).
    const clean = result.backends.every(
      (backend) => backend.chatsNotStarted === 0 && backend.total.lost + backend.total.duplicated + backend.total.outOfOrder === 0,
    );
    expect({ code, output }).toEqual({ code: clean ? 0 : 1, output: expect.any(String) as string });
    expect(result.backends.map((backend) => backend.backend).sort()).toEqual(
      demoBackends()
        .map((backend) => backend.name)
        .sort(),
    );
    const { redisRestartedAt, instanceKilledAt, messagesInRun } = result.disruptions;
    // Both disruptions happened while messages were still going.
    expect(redisRestartedAt).toBeLessThan(messagesInRun);
    expect(instanceKilledAt).toBeLessThan(messagesInRun);
    for (const backend of result.backends) {
      expect(backend.chatsNotStarted).toBe(0);
      // Messages really went both ways: the run is not vacuous.
      expect(backend.toAgent.received).toBeGreaterThan(0);
      expect(backend.toUser.received).toBeGreaterThan(0);
      expect({
        backend: backend.backend,
        chatsNotStarted: backend.chatsNotStarted,
        lost: backend.total.lost,
        duplicated: backend.total.duplicated,
        outOfOrder: backend.total.outOfOrder,
      }).toEqual({
        backend: backend.backend,
        chatsNotStarted: 0,
        lost: 0,
        duplicated: 0,
        outOfOrder: 0,
      });
      expect(backend.total.sent).toBe(2 * 2 * messages);
    }
  }, 170_000);
});
