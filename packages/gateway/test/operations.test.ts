import { createMemoryStores, GatewayMetrics } from '@byosd/gateway';
import { pino } from 'pino';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

let test_: TestGateway;

afterEach(async () => {
  await test_.close();
});

async function connectedChat(): Promise<{ client: WidgetClient; deskChatId: string }> {
  const client = await WidgetClient.connect(test_.gateway.url);
  await client.ok({ type: 'hello', protocol: 1 });
  await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
  const deskChatId = test_.desk.allChats().at(-1)?.id ?? '';
  test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
  await client.event('agentJoined');
  return { client, deskChatId };
}

describe('operations', () => {
  test('/healthz and /readyz answer', async () => {
    test_ = await startTestGateway();
    const base = test_.gateway.httpUrl;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  test('/readyz answers 503 while the stores are unreachable', async () => {
    test_ = await startTestGateway({}, { stores: { ...createMemoryStores(), ping: async () => false } });
    const response = await fetch(`${test_.gateway.httpUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'stores unreachable' });
  });

  test('/readyz answers 503 once shutdown begins; for shutdownDelayMs the gateway still serves, then stops listening', async () => {
    test_ = await startTestGateway({ shutdownDelayMs: 400 });
    const { client, deskChatId } = await connectedChat();
    const base = test_.gateway.httpUrl;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const closing = test_.gateway.close();
    const readyz = await fetch(`${base}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: 'shutting down' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // While load balancers take the instance out, its chats go on and a client still gets in.
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'during the delay' } } });
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['during the delay']);
    const late = await WidgetClient.connect(test_.gateway.url);
    await late.ok({ type: 'hello', protocol: 1 });
    await closing;
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();
    expect((await client.closed).code).toBe(4001);
    await late.closed;
  });

  test('/metrics reports active chats, relayed messages by direction and adapter, adapter errors and event-loop lag', async () => {
    test_ = await startTestGateway();
    const { client, deskChatId } = await connectedChat();
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'hello' } } });
    test_.desk.say(deskChatId, 'hi');
    await client.event('sendMessageToUser');
    test_.desk.failNext('typing', { code: 'RATE_LIMITED', message: 'slow down' });
    await client.request({ type: 'typing', isTyping: true });
    const response = await fetch(`${test_.gateway.httpUrl}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const metrics = await response.text();
    expect(metrics).toContain('byosd_active_chats 1');
    expect(metrics).toContain('byosd_messages_relayed_total{direction="to-agent",adapter="example"} 1');
    expect(metrics).toContain('byosd_messages_relayed_total{direction="to-user",adapter="example"} 1');
    expect(metrics).toContain('byosd_adapter_errors_total{adapter="example",code="RATE_LIMITED"} 1');
    expect(metrics).toContain('nodejs_eventloop_lag_seconds');
    await client.close();
  });

  test("gateways in one process share Node's default metrics instead of each starting its own collectors", async () => {
    const [first, second] = [new GatewayMetrics(['example']), new GatewayMetrics(['example'])];
    const [firstRegistry, secondRegistry] = [await first.registry(), await second.registry()];
    expect(firstRegistry.getSingleMetric('nodejs_eventloop_lag_seconds')).toBeDefined();
    expect(firstRegistry.getSingleMetric('nodejs_gc_duration_seconds')).toBe(secondRegistry.getSingleMetric('nodejs_gc_duration_seconds'));
    first.relayed('to-agent', 'example');
    expect(await firstRegistry.metrics()).toContain('byosd_messages_relayed_total{direction="to-agent",adapter="example"} 1');
    expect(await secondRegistry.metrics()).not.toContain('byosd_messages_relayed_total{direction="to-agent"');
  });

  test('logs are JSON lines with the chat id, and no message body at info level', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    test_ = await startTestGateway({}, { logger });
    const { client } = await connectedChat();
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'my card number is 4111' } } });
    await client.ok({ type: 'end' });
    await client.close();
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((record) => record['msg'] === 'Starting a chat')).toMatchObject({ chatId: expect.any(String), adapter: 'example' });
    expect(lines.join('\n')).not.toContain('4111');
  });

  test('graceful shutdown stops accepting, lets in-flight frames finish, and loses nothing', async () => {
    test_ = await startTestGateway();
    const { client, deskChatId } = await connectedChat();
    // Shutdown begins while the message is with the backend and its ack not yet sent.
    let closing: Promise<void> | undefined;
    test_.desk.onUserMessage(() => {
      closing ??= test_.gateway.close();
    });
    expect(await client.request({ type: 'send', messageId: 'm1', message: { input: { text: 'last words' } } })).toMatchObject({ type: 'ack' });
    await closing;
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['last words']);
    // With in-memory stores nobody could resume the chat: it is ended cleanly at the backend, and the client told.
    expect(test_.desk.chat(deskChatId).endedBy).toBe('user');
    expect((await client.closed).code).toBe(4001);
    await expect(WidgetClient.connect(test_.gateway.url)).rejects.toThrow();
  });
});
