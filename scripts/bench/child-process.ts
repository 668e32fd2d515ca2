/**
 * Benchmark processes: each server and load client runs in its own Node process (the machine's cores are shared,
 * and one process would saturate), driven by the parent over IPC with named commands.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** How long a child's `stop` may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 5000;

type Handler = (args: never) => unknown;
type Handlers = Record<string, Handler>;

interface Request {
  id: number;
  command: string;
  args: unknown;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * In a child: answers the parent's commands with `handlers`, and `cpu` with the process's CPU time so far (µs);
 * `stop` ends the process once answered.
 */
export function serveCommands(handlers: Handlers): void {
  const all: Handlers = { cpu: () => process.cpuUsage(), ...handlers };
  process.on('message', (message: Request) => {
    void (async () => {
      const handler = all[message.command];
      let reply: Reply;
      try {
        if (!handler) throw new Error(`Unknown command ${message.command}`);
        const answer = Promise.resolve(handler(message.args as never));
        // A server whose close waits for sockets the load client left half-closed must not hold up the run.
        const bounded = message.command === 'stop' ? Promise.race([answer, new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS))]) : answer;
        reply = { id: message.id, result: (await bounded) ?? null };
      } catch (error) {
        reply = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      process.send?.(reply, () => {
        if (message.command === 'stop') process.exit(0);
      });
    })();
  });
}

export interface BenchChild {
  readonly pid: number;
  call<T = unknown>(command: string, args?: unknown): Promise<T>;
  /** Asks the child to stop (its `stop` handler), and waits for it to exit. */
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Node flags, e.g. --expose-gc. */
  nodeFlags?: readonly string[];
  /**
   * Load the packages from their build (dist/, as they ship) instead of their TypeScript sources. tsx compiles
   * sources with esbuild's keepNames, which gives every arrow function stored as a property its own properties
   * array: about 5 KB more heap per idle chat than the shipped code holds.
   */
  built?: boolean;
}

/**
 * Starts `scripts/bench/<module>.ts` in a Node process (tsx loads that module), with the packages' TypeScript
 * sources, or their build when `built`.
 */
export function startChild(module: string, { nodeFlags = [], built = false }: ChildOptions = {}): BenchChild {
  const child: ChildProcess = fork(join(__dirname, `${module}.ts`), [], {
    execArgv: [...(built ? [] : ['--conditions=byosd-source']), '--import', 'tsx', '--no-warnings', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(`${module}: ${reply.error}`));
    else waiter?.resolve(reply.result);
  });
  child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${module} exited (${code}) before answering`));
    pending.clear();
  });
  return {
    pid: child.pid ?? 0,
    call<T>(command: string, args?: unknown): Promise<T> {
      const id = (next += 1);
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command, args });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      await Promise.race([this.call('stop').catch(() => undefined), exited]);
      const killer = setTimeout(() => child.kill('SIGKILL'), 2 * STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}
