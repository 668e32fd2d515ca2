import { Socket } from 'node:net';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

/**
 * The relay's cost in socket writes, counted rather than timed so that a busy machine cannot make it flake (the
 * speed itself is measured by `npm run bench`). Each write a stream hands the kernel is one `_write` or `_writev`
 * of the gateway's side of the widget's socket.
 */
let test_: TestGateway;
let client: WidgetClient;
let gatewayPort: number;
let writes = 0;

function countWritesToWidgets(method: '_write' | '_writev') {
  const original = Socket.prototype[method] as (...args: unknown[]) => void;
  return jest.spyOn(Socket.prototype, method).mockImplementation(function (this: Socket, ...args: unknown[]) {
    if (this.localPort === gatewayPort) writes += 1;
    return original.apply(this, args);
  });
}

beforeEach(async () => {
  test_ = await startTestGateway();
  gatewayPort = Number(new URL(test_.gateway.url).port);
  client = await WidgetClient.connect(test_.gateway.url);
  countWritesToWidgets('_write');
  countWritesToWidgets('_writev');
  writes = 0;
});

afterEach(async () => {
  jest.restoreAllMocks();
  await client.close();
  await test_.close();
});

const MESSAGES = 20;

test('a relayed message costs the widget one write for its ack and echo, and one per agent message', async () => {
  await client.ok({ type: 'hello', protocol: 1 });
  await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
  const deskChat = test_.desk.allChats()[0];
  if (!deskChat) throw new Error('the desk has no chat');
  test_.desk.accept(deskChat.id, { id: 'agent-1', name: 'Sam' });
  await client.event('agentJoined');

  writes = 0;
  for (let n = 1; n <= MESSAGES; n += 1) {
    await client.ok({ type: 'send', messageId: `m${n}`, message: { input: { text: `question ${n}` } } });
    await client.event('userMessageSent', `the echo of message ${n}`, (event) => event.messageId === `m${n}`);
    test_.desk.say(deskChat.id, `answer ${n}`);
    await client.event('sendMessageToUser', `answer ${n}`, (event) => event.message.output.generic.some((item) => item.text === `answer ${n}`));
  }

  // The ack and the userMessageSent event that the same desk reply causes leave together; the agent's answer is one
  // more. Anything above is a write the design does not need.
  expect(writes).toBeLessThanOrEqual(2 * MESSAGES);
});
