import fc from 'fast-check';
import { type ChatSession, connectMessage, createMemoryWebhookHub, type JsonObject, loadServiceDesk, ServiceDeskRegistry, silentLogger } from '@byosd/core';
import { type Gateway, gatewayAdapter, startGateway } from '@byosd/gateway';
import type { Simulator } from '@byosd/simulators';
import { type DemoBackend, demoBackends } from '../src/index.js';
import { errorRecordingLogger, fuzzParameters, FUZZ_RUNS, watchUnhandledRejections } from '../../core/test/support/fuzz';

/**
 * Property-based fuzzing of the gateway's webhook ingress (issue 11) for every adapter that has webhooks, found by
 * discovery so that a backend added later is fuzzed with no edit. One gateway hosts every demo backend's adapter
 * against its running simulator, as the demo wires them; arbitrary methods, paths under the adapter's mount,
 * headers (the adapters' own signature and token headers among them, with forged values) and bodies (bytes, JSON,
 * form fields) are posted to it. Each gets a 4xx answer (or a 2xx when it is authentic after all), never a 500 that
 * makes the vendor retry a malformed delivery forever, nothing is logged as failing, no promise is left rejected, and
 * a chat of another adapter on the same gateway goes on. A failure prints its seed;
 * `FUZZ_SEED=<seed> npm test -- <this file>` replays it.
 */

/** Headers the adapters read: signatures, tokens, HMACs (lower-case, as the ingress hands them on). */
const AUTH_HEADERS = ['x-twilio-signature', 'x-cm-producttoken', 'x-chatvisor-signature', 'x-hub-signature-256', 'authorization'];

const unhandled = watchUnhandledRejections();
const logger = errorRecordingLogger();

const started: Array<{ backend: DemoBackend; simulator: Simulator; options: JsonObject }> = [];
let gateway: Gateway;
let bystander: ChatSession | undefined;

beforeAll(async () => {
  unhandled.start();
  for (const backend of demoBackends()) {
    const simulator = backend.create();
    await simulator.start();
    started.push({ backend, simulator, options: backend.demo.gatewayOptions(simulator) });
  }
  gateway = await startGateway(
    {
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      adapters: Object.fromEntries(started.map(({ backend, options }) => [backend.demo.adapter.name, options])),
    },
    { plugins: started.map(({ backend }) => backend.demo.adapter), logger },
  );
  // The chat that must go on: over an adapter without webhooks, through the gateway as a widget reaches it.
  const other = started.find(({ backend }) => !backend.demo.adapter.webhooks);
  if (other) {
    const registry = new ServiceDeskRegistry().register(gatewayAdapter);
    bystander = await loadServiceDesk('gateway', { url: gateway.url, adapter: other.backend.demo.adapter.name }, {}, { registry });
    await bystander.startChat(connectMessage('Billing question'), {});
  }
}, 120_000);

afterAll(async () => {
  unhandled.stop();
  await bystander?.endChat().catch(() => undefined);
  await gateway?.close();
  await Promise.all(started.map(({ simulator }) => simulator.stop()));
});

/** The paths an adapter's webhooks are mounted at, as the gateway mounts them. */
function mountedPaths(name: string): string[] {
  const entry = started.find(({ backend }) => backend.demo.adapter.name === name);
  if (!entry?.backend.demo.adapter.webhooks) return [];
  const routes = entry.backend.demo.adapter.webhooks({ options: entry.options, webhookHub: createMemoryWebhookHub(), logger: silentLogger });
  return routes.map((route) => `/webhooks/${name}${route.path}`);
}

const headerValue = fc.string({ unit: fc.constantFrom(...'abcdefABCDEF0123456789=+/ sha256:.-_'.split('')), maxLength: 80 });

function delivery(paths: string[]) {
  return fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT'),
    path: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...paths) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...paths), fc.webPath()).map(([path, tail]) => `${path}${tail}`) },
    ),
    headers: fc.dictionary(
      fc.oneof(fc.constantFrom(...AUTH_HEADERS), fc.constantFrom('content-type', 'x-forwarded-proto', 'x-twilio-webhook-enabled')),
      headerValue,
      { maxKeys: 4 },
    ),
    contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream'),
    body: fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc
        .dictionary(fc.constantFrom('ChatId', 'ConversationSid', 'EventType', 'customerId', 'Body', 'Author', 'MessageSid', 'AccountSid'), fc.string())
        .map((fields) => new URLSearchParams(fields).toString()),
      fc
        .dictionary(fc.constantFrom('ChatId', 'customerId', 'conversationId', 'message', 'status', 'from', 'to'), fc.jsonValue({ maxDepth: 3 }))
        .map((fields) => JSON.stringify(fields)),
      fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    ),
  });
}

test('discovery finds the adapters with webhooks', () => {
  expect(started.some(({ backend }) => backend.demo.adapter.webhooks !== undefined)).toBe(true);
});

test(`${FUZZ_RUNS} fuzzed webhook deliveries per adapter: no 5xx, and another chat goes on`, async () => {
  const names = started.map(({ backend }) => backend.demo.adapter.name).filter((name) => mountedPaths(name).length > 0);
  for (const name of names) {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(delivery(mountedPaths(name)), async ({ method, path, headers, contentType, body }) => {
        const response = await fetch(`${gateway.httpUrl}${path}`, {
          method,
          headers: { 'content-type': contentType, ...headers },
          ...(method === 'GET' ? {} : { body }),
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer();
        // Refused (4xx), or taken (2xx) when it happens to be authentic (Chatvisor without an HMAC secret trusts
        // its secret path alone); never a 5xx, which the vendor would retry.
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(500);
        expect(logger.errors).toEqual([]);
        sent += 1;
        if (bystander && sent % 100 === 0) await bystander.sendMessageToAgent({ input: { text: `still here ${name} ${sent}` } }, `${name}-${sent}`);
      }),
      fuzzParameters,
    );
  }
  expect(unhandled.reasons).toEqual([]);
  expect(bystander?.state).not.toBe('ended');
}, 240_000);
