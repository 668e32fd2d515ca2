import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the proxy holds instead of forwarding: the test answers it (as a broken or hostile backend would). */
export interface HeldRequest {
  method: string;
  /** Path and query, as the client sent them. */
  path: string;
  respond(status: number, body: string, contentType?: string): void;
}

export interface InterceptingProxy {
  /** Where clients send their requests (in place of the backend's URL). */
  url: string;
  /** Requests matching `predicate` are held from now on (until it is replaced); the others go to the backend. */
  holdWhen(predicate: (method: string, path: string) => boolean): void;
  /** The oldest held request not yet taken, or the next one; rejects after `timeoutMs`. */
  nextHeld(timeoutMs: number): Promise<HeldRequest>;
  /** Resolves once a held request waits to be taken (leaving it there); rejects after `timeoutMs`. */
  whenHeld(timeoutMs: number): Promise<void>;
  /** Every request that reached the proxy, held or not, as `METHOD path`, oldest first. */
  readonly log: readonly string[];
  /** Resolves once `test` holds for the log (checked now and at each arrival); rejects after `timeoutMs`. */
  whenLogged(test: (log: readonly string[]) => boolean, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a backend's real server (a simulator): every request is forwarded and its
 * answer passed back, except those the test chose to hold, which the test answers itself. So a client (an adapter)
 * runs its real HTTP code against the real backend while the test feeds it any answer it likes, one per request.
 */
export async function startInterceptingProxy(target: string): Promise<InterceptingProxy> {
  let hold: (method: string, path: string) => boolean = () => false;
  const held: HeldRequest[] = [];
  const waiting: Array<(request: HeldRequest) => void> = [];
  const watching = new Set<() => void>();
  const log: string[] = [];
  const logWatchers = new Set<() => void>();
  const open = new Set<ServerResponse>();

  const forward = async (request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).flatMap(([name, value]) =>
        name === 'host' || name === 'connection' || value === undefined ? [] : [[name, String(value)]],
      ),
    );
    try {
      const answer = await fetch(`${target}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const text = Buffer.from(await answer.arrayBuffer());
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' });
      response.end(text);
    } catch {
      response.writeHead(502).end();
    }
  };

  const server = createServer((request, response) => {
    open.add(response);
    response.on('close', () => open.delete(response));
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      log.push(`${method} ${path}`);
      for (const watcher of logWatchers) watcher();
      if (!hold(method, path)) return void forward(request, Buffer.concat(chunks), response);
      const entry: HeldRequest = {
        method,
        path,
        respond: (status, body, contentType = 'application/json') => void response.writeHead(status, { 'content-type': contentType }).end(body),
      };
      const waiter = waiting.shift();
      if (waiter) return waiter(entry);
      held.push(entry);
      for (const watcher of watching) watcher();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    holdWhen(predicate) {
      hold = predicate;
    },
    nextHeld(timeoutMs) {
      const ready = held.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(taken), 1);
          reject(new Error(`No held request within ${timeoutMs} ms`));
        }, timeoutMs).unref();
        const taken = (request: HeldRequest) => {
          clearTimeout(timer);
          resolve(request);
        };
        waiting.push(taken);
      });
    },
    whenHeld: (timeoutMs) => until(() => held.length > 0, watching, timeoutMs, 'a held request'),
    log,
    whenLogged: (test, timeoutMs) => until(() => test(log), logWatchers, timeoutMs, 'the requests awaited'),
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves once `done()` is true, checked now and whenever a watcher in `watchers` is called; rejects after `timeoutMs`. */
function until(done: () => boolean, watchers: Set<() => void>, timeoutMs: number, what: string): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      watchers.delete(check);
      resolve();
    };
    // A guard, not work: it must not keep the process alive once the test is over.
    const timer = setTimeout(() => {
      watchers.delete(check);
      reject(new Error(`No ${what} within ${timeoutMs} ms`));
    }, timeoutMs).unref();
    watchers.add(check);
  });
}

/**
 * Answers the oldest held request (or the next to come) with `answer(request)`, then waits until the client is done
 * with that answer: it asks again (a new held request, left for the next call) or `done` settles (the chat ended).
 * A client that does neither within `timeoutMs` has stalled: the returned promise rejects.
 */
export async function answerHeld(
  proxy: InterceptingProxy,
  answer: (request: HeldRequest) => { status: number; body: string },
  done: Promise<unknown>,
  timeoutMs = 5_000,
): Promise<{ request: HeldRequest; status: number; body: string }> {
  const request = await proxy.nextHeld(timeoutMs);
  const { status, body } = answer(request);
  request.respond(status, body);
  await Promise.race([proxy.whenHeld(timeoutMs), done]);
  return { request, status, body };
}
