import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { FreezableProxy } from './helpers/freezable-proxy.js';
import { REDIS_URL } from './helpers/redis.js';
import { CONNECT, eventually, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

/** One gateway on Redis through a proxy the test freezes, takes down and empties; keys under a prefix of its own. */
let proxy: FreezableProxy;
let test_: TestGateway;
let keyPrefix: string;
const clients: WidgetClient[] = [];

beforeEach(async () => {
  proxy = await FreezableProxy.start(Number(new URL(REDIS_URL).port || 6379), new URL(REDIS_URL).hostname);
  keyPrefix = `byosd-test:${randomUUID()}:`;
});

afterEach(async () => {
  proxy.thaw();
  proxy.up();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await test_?.close();
  await proxy.close();
  await deleteKeys(`${keyPrefix}*`);
});

async function deleteKeys(pattern: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(pattern);
    if (keys.length > 0) await redis.del(...keys);
    return keys.length;
  } finally {
    await redis.quit();
  }
}

async function gateway(config: Record<string, unknown> = {}): Promise<TestGateway> {
  test_ = await startTestGateway({ store: 'redis', redisUrl: proxy.url, redisKeyPrefix: keyPrefix, redisCommandTimeoutMs: 300, ...config });
  return test_;
}

async function startChat(): Promise<{ client: WidgetClient; chatId: string; token: string; deskChatId: string }> {
  const client = await WidgetClient.connect(test_.gateway.url);
  clients.push(client);
  await client.ok({ type: 'hello', protocol: 1 });
  const { chatId, token } = (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
  const deskChatId = test_.desk.allChats().at(-1)?.id ?? '';
  test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
  await client.event('agentJoined');
  return { client, chatId, token, deskChatId };
}

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis faults (issue 11)', () => {
  test('while Redis is frozen /readyz answers 503 within readinessTimeoutMs, and 200 once it is back', async () => {
    await gateway({ readinessTimeoutMs: 500 });
    expect((await fetch(`${test_.gateway.httpUrl}/readyz`)).status).toBe(200);
    proxy.freeze();
    const started = Date.now();
    const frozen = await fetch(`${test_.gateway.httpUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
    expect(frozen.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1500);
    proxy.thaw();
    await eventually(async () => (await fetch(`${test_.gateway.httpUrl}/readyz`)).status === 200, '/readyz to recover');
  });

  test('the only instance keeps its chats through a freeze longer than the lease: no 1012', async () => {
    await gateway({ leaseTtlMs: 300 });
    const { client, deskChatId } = await startChat();
    proxy.freeze();
    await sleep(1000);
    proxy.thaw();
    await sleep(600);
    expect(client.frames.some((frame) => frame.type === 'error')).toBe(false);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    await client.ok({ type: 'send', messageId: 'after', message: { input: { text: 'after the freeze' } } });
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['after the freeze']);
    expect(test_.desk.chat(deskChatId).status).toBe('active');
  });
});

describe('Redis unreachable (issue 11: ioredis printed "Unhandled error event")', () => {
  test('connection errors are handled, never printed as unhandled; /readyz answers 503', async () => {
    // A process of its own: what ioredis prints goes to its stderr, whole.
    const script = join(__dirname, 'fixtures', 'redis-unreachable.ts');
    const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    const { stdout, stderr } = await run(tsx, ['--conditions=byosd-source', script, new URL(REDIS_URL).port || '6379']);
    expect(stdout).toContain('readyz 503');
    expect(stderr).not.toContain('Unhandled error event');
  }, 30_000);
});

describe('Redis down or emptied (issue 11: acknowledged messages were lost)', () => {
  const logged = async (chatId: string) =>
    (await test_.gateway.stores.events.readHeld(chatId)).map((event) =>
      event.type === 'userMessageSent'
        ? `user:${event.messageId}`
        : event.type === 'sendMessageToUser'
          ? `agent:${event.message.output.generic[0]?.text ?? ''}`
          : event.type,
    );

  test('a message is acknowledged only once it is in the event log; sent while Redis is down it is logged once Redis is back', async () => {
    await gateway();
    const { client, chatId, deskChatId } = await startChat();
    proxy.takeDown();
    const during = await client.request({ type: 'send', messageId: 'm1', message: { input: { text: 'while down' } } });
    // The agent got it; the client is told to send it again, because the log does not have it yet.
    expect(during).toMatchObject({ type: 'nack', error: { code: 'BACKEND_UNAVAILABLE', isRetryable: true } });
    test_.desk.say(deskChatId, 'agent while down');
    await client.event('sendMessageToUser', 'the agent message, live');
    proxy.up();
    await eventually(
      async () => (await client.request({ type: 'send', messageId: 'm1', message: { input: { text: 'while down' } } })).type === 'ack',
      'the resend to be acknowledged',
      10_000,
    );
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['while down']);
    const log = await logged(chatId);
    expect(log.filter((entry) => entry === 'user:m1')).toHaveLength(1);
    expect(log).toContain('agent:agent while down');
  }, 20_000);

  test('after Redis restarts empty the only instance writes the chat back: acknowledged messages stay, the chat resumes, the backend chat is not released', async () => {
    await gateway({ leaseTtlMs: 300 });
    const { client, chatId, token, deskChatId } = await startChat();
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'before the restart' } } });
    test_.desk.say(deskChatId, 'agent before');
    await client.event('sendMessageToUser');
    proxy.takeDown();
    expect(await deleteKeys(`${keyPrefix}*`)).toBeGreaterThan(0);
    proxy.up();
    await eventually(async () => (await test_.gateway.stores.chats.get(chatId).catch(() => undefined)) !== undefined, 'the chat record written back', 10_000);
    // The record is written back first, then the log, event by event.
    await eventually(async () => (await logged(chatId).catch((): string[] => [])).includes('agent:agent before'), 'the event log written back', 10_000);
    expect(await logged(chatId)).toEqual(expect.arrayContaining(['user:m1', 'agent:agent before']));
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    expect(test_.desk.chat(deskChatId).status).toBe('active');

    const reloaded = await WidgetClient.connect(test_.gateway.url);
    clients.push(reloaded);
    expect(await reloaded.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq: 0 } })).toMatchObject({ resumed: true, state: 'connected' });
    await reloaded.event('sendMessageToUser', 'the replayed agent message');
    expect(reloaded.events().some((event) => event.type === 'userMessageSent' && event.messageId === 'm1')).toBe(true);
    expect((await client.closed).code).toBe(4000);
    await reloaded.ok({ type: 'send', messageId: 'm2', message: { input: { text: 'after the restart' } } });
    expect(test_.desk.chat(deskChatId).received.map((message) => message.text)).toEqual(['before the restart', 'after the restart']);
  }, 20_000);
});
