import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { GatewayConfigInput } from '@byosd/gateway';

const FIXTURE = join(__dirname, '..', 'fixtures', 'gateway-process.ts');

export interface GatewayProcess {
  /** The widget WebSocket URL. */
  url: string;
  /** Shuts the gateway down gracefully and waits for its process to exit (killed if it takes longer than 10 s). */
  stop(): Promise<void>;
}

/** Starts a gateway in a process of its own (test/fixtures/gateway-process.ts) and waits, with a bound, until it listens. */
export async function spawnGateway(config: GatewayConfigInput): Promise<GatewayProcess> {
  // tsx as a loader, not its CLI: the CLI would run the script in a child process of its own.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--conditions=byosd-source', FIXTURE], {
    env: { ...process.env, BYOSD_TEST_GATEWAY_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The gateway process did not listen within 30 s; it printed: ${output}`));
    }, 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening (ws:\/\/\S+)/.exec(output);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The gateway process exited with ${code} before listening: ${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}
