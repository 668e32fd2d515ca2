import { spawn, type SpawnOptions } from 'node:child_process';

export interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command to its end, within `timeoutMs` (killed and rejected past it); stdout and stderr interleaved. */
export function run(command: string, args: string[], options: SpawnOptions & { timeoutMs: number }): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs} ms:\n${output.slice(-3000)}`));
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Starts a long-running command and resolves once its output matches `ready` (within `timeoutMs`), with the match
 * and a way to stop it.
 */
export function startUntil(
  command: string,
  args: string[],
  ready: RegExp,
  options: SpawnOptions & { timeoutMs: number },
): Promise<{ match: RegExpExecArray; output: () => string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        // The whole group: npx and the launcher start children of their own.
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} did not print ${ready} within ${options.timeoutMs} ms:\n${output.slice(-3000)}`));
    }, options.timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ match, output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before printing ${ready}:\n${output.slice(-3000)}`));
    });
  });
}
