import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

/** What docs/gateway-protocol.md promises about answers, ids and refused frames (issue 15's findings). */

let test_: TestGateway;
let client: WidgetClient;

beforeEach(async () => {
  test_ = await startTestGateway({ frameBurst: 20 });
  client = await WidgetClient.connect(test_.gateway.url);
});

afterEach(async () => {
  await client.close();
  await test_.close();
});

/** The answers (ack, nack, error) received so far, as `type:id`, in arrival order. */
function answers(): string[] {
  return client.frames.flatMap((frame) => (frame.type === 'event' ? [] : [`${frame.type}:${frame.id ?? '-'}`]));
}

describe('the widget protocol as documented', () => {
  test('answers leave in the order the frames arrived, errors for bad frames included', async () => {
    client.send({ id: 'h', type: 'hello', protocol: 1 });
    client.send({ id: 's', type: 'start', adapter: 'example', connectMessage: CONNECT });
    client.send({ id: 'bad', type: 'start', adapter: 'example', connectMessage: 'hi' });
    client.sendRaw('not json');
    client.send({ id: 't', type: 'typing', isTyping: true });
    await client.waitFor((frame) => frame.type === 'ack' && frame.id === 't', 'the last answer');
    expect(answers()).toEqual(['ack:h', 'ack:s', 'error:bad', 'error:-', 'ack:t']);
  });

  test('availability without adapter after the chat ended asks the chat adapter', async () => {
    await client.ok({ type: 'hello', protocol: 1 });
    await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
    await client.ok({ type: 'end' });
    expect(await client.ok({ type: 'availability', connectMessage: CONNECT })).toEqual({ online: true });
  });

  test('availability without adapter before any chat names the missing field', async () => {
    await client.ok({ type: 'hello', protocol: 1 });
    expect(await client.request({ type: 'availability', connectMessage: CONNECT })).toMatchObject({
      type: 'nack',
      error: { code: 'INVALID_INPUT', issues: [{ path: 'adapter', message: 'required before a chat has started' }] },
    });
  });

  test('an id over 128 characters is echoed cut to its first 128', async () => {
    const id = `${'x'.repeat(128)}y`;
    client.send({ id, type: 'hello', protocol: 1 });
    const refused = await client.waitFor((frame) => frame.type === 'error', 'the error');
    expect(refused).toMatchObject({ type: 'error', id: 'x'.repeat(128), error: { code: 'INVALID_INPUT', issues: [{ path: 'id' }] } });
  });

  test('a binary frame is refused with an error after the answers due, and the connection closes with 1003', async () => {
    client.send({ id: 'h', type: 'hello', protocol: 1 });
    client.send({ id: 's', type: 'start', adapter: 'example', connectMessage: CONNECT });
    client.socket.send(Buffer.from(JSON.stringify({ id: 'b', type: 'typing', isTyping: true })), { binary: true });
    const closed = await client.closed;
    expect(closed.code).toBe(1003);
    expect(answers()).toEqual(['ack:h', 'ack:s', 'error:-']);
    expect(client.frames.find((frame) => frame.type === 'error')).toMatchObject({
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('Binary frames') },
    });
  });

  test('a text frame that is not UTF-8 closes the connection with 1007', async () => {
    await client.ok({ type: 'hello', protocol: 1 });
    client.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await client.closed).code).toBe(1007);
  });
});
