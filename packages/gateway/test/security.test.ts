import { hashSessionToken } from '@byosd/gateway';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

let test_: TestGateway;

afterEach(async () => {
  await test_.close();
});

async function startChat(client: WidgetClient): Promise<{ chatId: string; token: string }> {
  await client.ok({ type: 'hello', protocol: 1 });
  return (await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT })) as { chatId: string; token: string };
}

describe('origin allow-list', () => {
  const ALLOWED = 'https://shop.example';

  test('the WebSocket upgrade is refused for an origin that is not listed', async () => {
    test_ = await startTestGateway({ allowedOrigins: [ALLOWED] });
    await expect(WidgetClient.connect(test_.gateway.url, { origin: 'https://evil.example' })).rejects.toThrow('upgrade refused: 403');
    const allowed = await WidgetClient.connect(test_.gateway.url, { origin: ALLOWED });
    await allowed.ok({ type: 'hello', protocol: 1 });
    await allowed.close();
  });

  test('HTTP requests from an unlisted origin get 403; a listed one gets CORS headers and its preflight', async () => {
    test_ = await startTestGateway({ allowedOrigins: [ALLOWED] });
    const base = test_.gateway.httpUrl;
    expect((await fetch(`${base}/assistserver/shortcode/create`, { method: 'PUT', headers: { origin: 'https://evil.example' } })).status).toBe(403);
    const allowed = await fetch(`${base}/assistserver/shortcode/create`, { method: 'PUT', headers: { origin: ALLOWED } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const preflight = await fetch(`${base}/assistserver/shortcode/create`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('chat isolation', () => {
  test("one chat's token cannot resume, read or act on another chat", async () => {
    test_ = await startTestGateway();
    const alice = await WidgetClient.connect(test_.gateway.url);
    const bob = await WidgetClient.connect(test_.gateway.url);
    const aliceChat = await startChat(alice);
    const bobChat = await startChat(bob);
    const [aliceDesk, bobDesk] = test_.desk.allChats();
    test_.desk.accept(aliceDesk?.id ?? '', { id: 'agent-1', name: 'Sam' });
    test_.desk.say(aliceDesk?.id ?? '', 'for Alice only');
    await alice.event('sendMessageToUser');

    const mallory = await WidgetClient.connect(test_.gateway.url);
    const refused = await mallory.request({ type: 'hello', protocol: 1, resume: { chatId: aliceChat.chatId, token: bobChat.token, lastSeq: 0 } });
    expect(refused).toMatchObject({ type: 'nack', error: { code: 'UNAUTHORIZED' } });
    const unknown = await mallory.request({ type: 'hello', protocol: 1, resume: { chatId: 'no-such-chat', token: bobChat.token, lastSeq: 0 } });
    expect(unknown).toMatchObject({ type: 'nack', error: { code: 'UNAUTHORIZED', message: refused.type === 'nack' ? refused.error.message : '' } });
    await mallory.ok({ type: 'hello', protocol: 1 });
    expect(await mallory.request({ type: 'send', messageId: 'm1', message: { input: { text: 'hijack' } } })).toMatchObject({
      type: 'nack',
      error: { code: 'INVALID_STATE' },
    });
    expect(mallory.events()).toEqual([]);
    expect(mallory.raw.some((frame) => frame.includes('for Alice only'))).toBe(false);

    // Bob's frames act on Bob's chat only.
    await bob.ok({ type: 'end' });
    expect(test_.desk.chat(bobDesk?.id ?? '').status).toBe('ended');
    expect(test_.desk.chat(aliceDesk?.id ?? '').status).toBe('active');
    await Promise.all([alice.close(), bob.close(), mallory.close()]);
  });

  test('session tokens are long, random, and stored only as their hash', async () => {
    test_ = await startTestGateway();
    const client = await WidgetClient.connect(test_.gateway.url);
    const first = await startChat(client);
    const other = await WidgetClient.connect(test_.gateway.url);
    const second = await startChat(other);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.token).not.toBe(first.token);
    const record = await test_.gateway.stores.chats.get(first.chatId);
    expect(record?.tokenHash).toBe(hashSessionToken(first.token));
    expect(JSON.stringify(record)).not.toContain(first.token);
    await Promise.all([client.close(), other.close()]);
  });
});
