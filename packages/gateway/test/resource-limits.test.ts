import { connect } from 'node:net';
import { FILE_NOT_HELD } from '@byosd/gateway';
import { WebSocket } from 'ws';
import { CONNECT, eventually, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

let test_: TestGateway;

afterEach(async () => {
  await test_?.close();
});

async function startChat(client: WidgetClient): Promise<{ chatId: string; token: string }> {
  await client.ok({ type: 'hello', protocol: 1 });
  return (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
}

describe('connections (issue 11: idle connections were held forever)', () => {
  test('a connection that never says hello is closed with 4002 after helloTimeoutMs; one that did stays', async () => {
    test_ = await startTestGateway({ helloTimeoutMs: 200 });
    const silent = await WidgetClient.connect(test_.gateway.url);
    const greeted = await WidgetClient.connect(test_.gateway.url);
    await greeted.ok({ type: 'hello', protocol: 1 });
    const started = Date.now();
    expect(await silent.closed).toMatchObject({ code: 4002 });
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(greeted.socket.readyState).toBe(WebSocket.OPEN);
    await greeted.close();
  });

  test('a peer that stops answering pings is dropped; one that answers stays', async () => {
    test_ = await startTestGateway({ pingIntervalMs: 100 });
    const deaf = new WebSocket(test_.gateway.url, { autoPong: false });
    const deafClosed = new Promise<number>((resolve) => deaf.on('close', (code) => resolve(code)));
    await new Promise((resolve) => deaf.once('open', resolve));
    deaf.send(JSON.stringify({ type: 'hello', id: 'h', protocol: 1 }));
    const alive = await WidgetClient.connect(test_.gateway.url);
    await alive.ok({ type: 'hello', protocol: 1 });
    expect(await deafClosed).toBe(1006);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
    await alive.close();
  });

  test('past maxConnections the upgrade is refused with 503', async () => {
    test_ = await startTestGateway({ maxConnections: 2 });
    const clients = [await WidgetClient.connect(test_.gateway.url), await WidgetClient.connect(test_.gateway.url)];
    await expect(WidgetClient.connect(test_.gateway.url)).rejects.toThrow('upgrade refused: 503');
    await clients[0]?.close();
    await eventually(
      async () =>
        WidgetClient.connect(test_.gateway.url).then(
          (client) => (clients.push(client), true),
          () => false,
        ),
      'room for a connection',
    );
    await Promise.all(clients.map((client) => client.close()));
  });
});

describe('chats (issue 11: one client started 500 chats)', () => {
  test('a connection starts at most maxChatsPerConnection chats: RATE_LIMITED, not retryable', async () => {
    test_ = await startTestGateway({ maxChatsPerConnection: 2 });
    const client = await WidgetClient.connect(test_.gateway.url);
    await startChat(client);
    await client.ok({ type: 'end' });
    await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
    await client.ok({ type: 'end' });
    const refused = await client.request({ type: 'start', adapter: 'example', connectMessage: CONNECT });
    expect(refused).toMatchObject({ type: 'nack', error: { code: 'RATE_LIMITED', isRetryable: false } });
    expect(test_.desk.allChats()).toHaveLength(2);
    await client.close();
  });

  test('an instance hosts at most maxChats: BACKEND_UNAVAILABLE, retryable; room again once a chat ends', async () => {
    test_ = await startTestGateway({ maxChats: 2 });
    const clients = await Promise.all([1, 2, 3].map(() => WidgetClient.connect(test_.gateway.url)));
    const [first, second, third] = clients as [WidgetClient, WidgetClient, WidgetClient];
    await Promise.all(clients.map((client) => client.ok({ type: 'hello', protocol: 1 })));
    // Started together: the cap holds for starts under way too.
    const answers = await Promise.all(clients.map((client) => client.request({ type: 'start', adapter: 'example', connectMessage: CONNECT })));
    expect(answers.filter((answer) => answer.type === 'ack')).toHaveLength(2);
    expect(answers.find((answer) => answer.type === 'nack')).toMatchObject({ error: { code: 'BACKEND_UNAVAILABLE', isRetryable: true } });
    expect(test_.gateway.activeChats).toBe(2);
    const refusedIndex = answers.findIndex((answer) => answer.type === 'nack');
    const ended = clients.find((_client, index) => index !== refusedIndex) as WidgetClient;
    await ended.ok({ type: 'end' });
    await eventually(() => test_.gateway.activeChats === 1, 'the ended chat to go');
    await (clients[refusedIndex] as WidgetClient).ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
    await Promise.all([first.close(), second.close(), third.close()]);
  });
});

describe('uploads (issue 11: files of departed clients stayed in memory)', () => {
  test('a client that leaves takes its uploads with it: after a resume they are not held', async () => {
    test_ = await startTestGateway();
    const client = await WidgetClient.connect(test_.gateway.url);
    const { chatId, token } = await startChat(client);
    const data = Buffer.from('hello file').toString('base64');
    await client.ok({ type: 'file', fileId: 'f1', name: 'a.txt', mimeType: 'text/plain', size: 10, offset: 0, data });
    await client.close();
    const back = await WidgetClient.connect(test_.gateway.url);
    await back.ok({ type: 'hello', protocol: 1, resume: { chatId, token, lastSeq: 0 } });
    const refused = await back.request({ type: 'send', messageId: 'm1', message: { input: { text: 'with file' } }, fileIds: ['f1'] });
    expect(refused).toMatchObject({ type: 'nack', error: { code: 'INVALID_INPUT', issues: [{ path: 'fileIds.0', message: FILE_NOT_HELD }] } });
    await back.close();
  });
});

describe('HTTP (issue 11: a body trickled at 1 byte per 5 s stayed open)', () => {
  test('a request whose body does not arrive within httpRequestTimeoutMs is answered 408 and cut off', async () => {
    test_ = await startTestGateway({ httpRequestTimeoutMs: 300 });
    const { port } = new URL(test_.gateway.httpUrl);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    socket.write('PUT /assistserver/shortcode/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    const trickle = setInterval(() => socket.writable && socket.write(' '), 100);
    const closedAt = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 4000))]);
    clearInterval(trickle);
    socket.destroy();
    expect(closedAt).toBeGreaterThan(0);
    expect(closedAt - started).toBeLessThan(2000);
    expect(answer).toContain('408');
  });
});

describe('frame rate (issue 11: 20,000 non-JSON frames were never rate-limited)', () => {
  test('frames that are not JSON, or invalid, count against the rate like any other', async () => {
    test_ = await startTestGateway({ frameBurst: 5, framesPerSecond: 1 });
    const client = await WidgetClient.connect(test_.gateway.url);
    for (let index = 0; index < 10; index += 1) client.sendRaw('not json');
    for (let index = 0; index < 5; index += 1) client.send({ id: `bad-${index}`, type: 'nonsense' });
    await client.waitFor((frame) => frame.type === 'error' && frame.id === 'bad-4', 'the last answer');
    const errors = client.frames.flatMap((frame) => (frame.type === 'error' ? [frame.error.code] : []));
    expect(errors.filter((code) => code === 'INVALID_INPUT')).toHaveLength(5);
    expect(errors.filter((code) => code === 'RATE_LIMITED')).toHaveLength(10);
    // The refusal names the frame when it had a readable id.
    expect(client.frames.find((frame) => frame.type === 'error' && frame.id === 'bad-4')).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    await client.close();
  });
});

describe('backpressure (issue 11: a client that never reads drove the heap to 314 MB)', () => {
  test('a client that does not read is cut off once maxBufferedBytes wait for it; another chat goes on', async () => {
    test_ = await startTestGateway({ maxBufferedBytes: 256 * 1024 });
    const reader = await WidgetClient.connect(test_.gateway.url);
    await startChat(reader);
    const stalled = await WidgetClient.connect(test_.gateway.url);
    await startChat(stalled);
    const [readerDesk, stalledDesk] = test_.desk.allChats().map((chat) => chat.id) as [string, string];
    test_.desk.accept(stalledDesk, { id: 'agent-1', name: 'Sam' });
    await stalled.event('agentJoined');
    stalled.socket.pause();
    const text = 'x'.repeat(32 * 1024);
    const sent = 600; // ~19 MB: far past what the loopback's socket buffers hold.
    for (let index = 0; index < sent; index += 1) {
      test_.desk.say(stalledDesk, text, `big-${index}`);
      if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The other chat is answered at once.
    const before = Date.now();
    await reader.ok({ type: 'typing', isTyping: true });
    expect(Date.now() - before).toBeLessThan(1000);
    expect(test_.desk.chat(readerDesk).userTyping).toBe(true);
    stalled.socket.resume();
    const { code } = await stalled.closed;
    expect(code).toBe(1006);
    expect(stalled.events().filter((event) => event.type === 'sendMessageToUser').length).toBeLessThan(sent);
    await reader.close();
  }, 20_000);
});

describe('metric labels (issue 11: client-typed adapter names became 3,000 series)', () => {
  test('adapter names the gateway does not offer count under one label, "unknown"', async () => {
    test_ = await startTestGateway();
    const client = await WidgetClient.connect(test_.gateway.url);
    await client.ok({ type: 'hello', protocol: 1 });
    for (let index = 0; index < 5; index += 1) {
      expect(await client.request({ type: 'start', adapter: `made-up-${index}`, connectMessage: CONNECT })).toMatchObject({
        type: 'nack',
        error: { code: 'UNKNOWN_ADAPTER' },
      });
      expect(await client.request({ type: 'availability', adapter: `made-up-${index}`, connectMessage: CONNECT })).toMatchObject({ type: 'nack' });
    }
    const metrics = await (await fetch(`${test_.gateway.httpUrl}/metrics`)).text();
    expect(metrics).not.toContain('made-up');
    expect(metrics).toContain('byosd_adapter_errors_total{adapter="unknown",code="UNKNOWN_ADAPTER"} 10');
    await client.close();
  });
});

describe('short codes (issue 11: PUT /assistserver/shortcode/create was unlimited)', () => {
  test('one client address creates at most shortCodeCreatesPerMinute codes; then 429 with Retry-After', async () => {
    test_ = await startTestGateway({ shortCodeCreatesPerMinute: 3 });
    const create = () => fetch(`${test_.gateway.httpUrl}/assistserver/shortcode/create`, { method: 'PUT' });
    for (let index = 0; index < 3; index += 1) expect((await create()).status).toBe(200);
    const refused = await create();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
