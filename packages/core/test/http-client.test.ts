import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, isServiceDeskError, retry } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';

/** A loopback server whose answer to `/status/<code>` is that status; `/slow` never answers. */
let server: Server;
let baseURL: string;
let hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? '';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    if (url === '/slow') return; // never answers
    if (url.startsWith('/flaky')) {
      const count = hits.get(url) ?? 0;
      if (count < 3) {
        response.writeHead(429, { 'retry-after': '0' });
        return response.end('{"message":"slow down"}');
      }
      return response.end('{"ok":true}');
    }
    const status = Number(url.split('/')[2] ?? 200);
    response.writeHead(status, status === 429 ? { 'retry-after': '7', 'content-type': 'application/json' } : { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits = new Map();
});

async function failureOf(path: string, timeoutMs = 2000) {
  const client = createHttpClient({ baseURL, timeoutMs, backendName: 'Acme' });
  return client.get(path).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('createHttpClient', () => {
  test.each([
    [401, ErrorCode.UNAUTHORIZED, false],
    [403, ErrorCode.UNAUTHORIZED, false],
    [404, ErrorCode.BACKEND_REJECTED, false],
    [408, ErrorCode.TIMEOUT, true],
    [409, ErrorCode.BACKEND_REJECTED, true],
    [429, ErrorCode.RATE_LIMITED, true],
    [500, ErrorCode.BACKEND_UNAVAILABLE, true],
    [503, ErrorCode.BACKEND_UNAVAILABLE, true],
  ])('maps HTTP %i onto %s (retryable: %s)', async (status, code, retryable) => {
    const error = await failureOf(`/status/${status}`);
    expect(isServiceDeskError(error, code)).toBe(true);
    expect(error).toMatchObject({ status, isRetryable: retryable });
    expect((error as Error).message).toContain(`Acme answered ${status} to GET /status/${status}`);
  });

  test('keeps the vendor error body in the message, and Retry-After as retryAfterMs', async () => {
    const error = await failureOf('/status/429');
    expect(error).toMatchObject({ retryAfterMs: 7000 });
    expect((error as Error).message).toContain('The requested resource was not found');
  });

  test('a request that gets no answer in time is TIMEOUT', async () => {
    const error = await failureOf('/slow', 100);
    expect(isServiceDeskError(error, ErrorCode.TIMEOUT)).toBe(true);
  });

  test('a refused connection is BACKEND_UNAVAILABLE and retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await createHttpClient({ baseURL: `http://127.0.0.1:${port}` })
      .get('/')
      .catch((failure: unknown) => failure);
    expect(isServiceDeskError(error, ErrorCode.BACKEND_UNAVAILABLE)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true });
  });

  test('with retry, a rate-limited request is delivered once the backend lets it through', async () => {
    const client = createHttpClient({ baseURL });
    const response = await retry(() => client.get('/flaky/1'), { minDelayMs: 1 });
    expect(response.data).toEqual({ ok: true });
    expect(hits.get('/flaky/1')).toBe(3);
  });
});
