import {
  type ChatEvent,
  type ChatEventOf,
  type ChatSession,
  connectMessage,
  ErrorCode,
  isServiceDeskError,
  loadServiceDesk,
  type ServiceDeskError,
  ServiceDeskRegistry,
  waitForEvent,
  withTimeout,
} from '@byosd/core';
import { genesysCloudAdapter, type GenesysCloudOptionsInput, HEARTBEAT_TRACING_ID, TOPIC_ATTRIBUTE } from '@byosd/adapter-genesys-cloud';
import { GENESYS_SIMULATOR_DEPLOYMENT_ID, GENESYS_SIMULATOR_OAUTH_CLIENT, GENESYS_SIMULATOR_QUEUE_ID, GenesysCloudSimulator } from '../testbed/index.js';
import { WebSocket } from 'ws';
import { ChannelStrippingWebSocket } from './helpers/channel-stripping-websocket';

const sam = { id: 'agent-sam', name: 'Sam' };
let simulator: GenesysCloudSimulator;

beforeEach(async () => {
  simulator = new GenesysCloudSimulator({ seed: 7 });
  simulator.hostAdapterRoutes(genesysCloudAdapter, () => genesysCloudAdapter.optionsSchema.parse(options()));
  await simulator.start();
});
afterEach(() => simulator.stop());

/** Adapter options pointing at the simulator, at Genesys's real rate limit unless told otherwise. */
function options(overrides: Partial<GenesysCloudOptionsInput> = {}): GenesysCloudOptionsInput {
  return {
    deploymentId: GENESYS_SIMULATOR_DEPLOYMENT_ID,
    webSocketUrl: simulator.guestWebSocketUrl,
    apiUrl: simulator.apiUrl,
    loginUrl: simulator.apiUrl,
    availabilityUrl: `${simulator.apiUrl}/webhooks/genesys-cloud/availability`,
    oauthClientId: GENESYS_SIMULATOR_OAUTH_CLIENT.id,
    oauthClientSecret: GENESYS_SIMULATOR_OAUTH_CLIENT.secret,
    queueId: GENESYS_SIMULATOR_QUEUE_ID,
    requestTimeoutMs: 3000,
    reconnectDelayMs: 20,
    reorderWindowMs: 60,
    ...overrides,
  };
}

async function load(overrides: Partial<GenesysCloudOptionsInput> = {}): Promise<{ session: ChatSession; events: ChatEvent[] }> {
  const session = await loadServiceDesk('genesys-cloud', options(overrides), undefined, { registry: new ServiceDeskRegistry() });
  const events: ChatEvent[] = [];
  session.events.subscribe((event) => void events.push(event));
  return { session, events };
}

const next = <T extends ChatEvent['type']>(session: ChatSession, type: T, where: (event: ChatEventOf<T>) => boolean = () => true) =>
  waitForEvent<ChatEventOf<T>>(session.events, (event) => event.type === type && where(event as ChatEventOf<T>), type, { timeoutMs: 5000 });

/** The frames of one kind the simulator exchanged over the guest socket. */
function frames(direction: 'in' | 'out', matches: (frame: Record<string, unknown>) => boolean): Array<Record<string, unknown>> {
  return simulator.recorder
    .all()
    .filter((entry) => entry.transport === 'ws' && entry.direction === direction)
    .map((entry) => entry.body as Record<string, unknown>)
    .filter((body) => typeof body === 'object' && body !== null && matches(body));
}

async function startAccepted(session: ChatSession, topic = 'Where is my parcel?') {
  const joined = next(session, 'agentJoined');
  await session.startChat(connectMessage(topic), { preStartChatPayload: { orderId: 'A-1', vip: true } });
  const chat = await simulator.agent.waitForChat(topic, 5000);
  await simulator.agent.accept(chat.chatId, sam);
  await joined;
  return chat;
}

describe('the Genesys Cloud adapter against the simulator', () => {
  test('the question and pre-chat data reach Genesys as custom attributes; the estimated wait reaches the user', async () => {
    const { session } = await load();
    const wait = next(session, 'updateAgentAvailability');
    await session.startChat(connectMessage('Where is my parcel?'), { preStartChatPayload: { orderId: 'A-1', vip: true } });
    expect(session.state).toBe('queued');
    const [join] = frames('in', (frame) => frame['action'] === 'onMessage');
    expect(join).toMatchObject({
      message: {
        type: 'Event',
        events: [{ eventType: 'Presence', presence: { type: 'Join' } }],
        channel: { metadata: { customAttributes: { orderId: 'A-1', vip: 'true', [TOPIC_ATTRIBUTE]: 'Where is my parcel?' } } },
      },
    });
    expect((await wait).availability).toEqual({ estimated_wait_time: 1 });
    await session.endChat();
  });

  test('custom attributes over 2048 bytes are refused with INVALID_INPUT before anything is sent', async () => {
    const { session } = await load();
    const failure = await session.startChat(connectMessage('Big'), { preStartChatPayload: { notes: 'x'.repeat(2100) } }).catch((error: unknown) => error);
    expect(isServiceDeskError(failure, ErrorCode.INVALID_INPUT)).toBe(true);
    expect((failure as ServiceDeskError).issues[0]?.path).toBe('preStartChatPayload');
    expect(frames('in', () => true)).toEqual([]);
  });

  test("at Genesys's 2 messages per second, quick sends all arrive in order and provoke no 429", async () => {
    const { session } = await load();
    const chat = await startAccepted(session);
    const texts = ['one', 'two', 'three', 'four', 'five'];
    await Promise.all(texts.map((text, index) => session.sendMessageToAgent({ input: { text } }, `m-${index}`)));
    expect((await simulator.agent.chat(chat.chatId)).messages.map((message) => message.text)).toEqual(texts);
    expect(frames('out', (frame) => frame['class'] === 'TooManyRequestsErrorMessage')).toEqual([]);
    await session.endChat();
  });

  test('a message resent to the desk that resumed the chat (its previous host posted it, then died) reaches the agent once', async () => {
    // Without Genesys's 2 per second, which would refuse the resend and so have the retry find the message anyway.
    await simulator.stop();
    simulator = new GenesysCloudSimulator({ seed: 7, messagesPerSecond: 100 });
    simulator.hostAdapterRoutes(genesysCloudAdapter, () => genesysCloudAdapter.optionsSchema.parse(options()));
    await simulator.start();
    const { session: first } = await load();
    await startAccepted(first);
    await first.sendMessageToAgent({ input: { text: 'posted before the move' } }, 'message-1');
    const persisted = first.persisted;
    // The agent goes on meanwhile: the resent message is no longer among the newest two pages of the history.
    const chatId = (await simulator.agent.chats('all'))[0]?.chatId ?? '';
    for (let index = 1; index <= 60; index += 1) await simulator.agent.say(chatId, `while you were away ${index}`);
    const second = await loadServiceDesk('genesys-cloud', options(), undefined, { chatId: persisted.chatId, registry: new ServiceDeskRegistry() });
    expect(await second.reconnect(persisted)).toBe(true);
    // The client resends what it saw no ack for, with the same messageId; then new messages follow.
    await second.sendMessageToAgent({ input: { text: 'posted before the move' } }, 'message-1');
    await second.sendMessageToAgent({ input: { text: 'new after the move' } }, 'message-2');
    await second.sendMessageToAgent({ input: { text: 'and one more' } }, 'message-3');
    // What Genesys took (its agent sees each copy, whatever customMessageId it carries): each reflected once per socket.
    const taken = new Map<string, string>();
    for (const frame of frames('out', (frame) => frame['class'] === 'StructuredMessage')) {
      const body = frame['body'] as { id: string; type: string; direction: string; text?: string };
      if (body.type === 'Text' && body.direction === 'Inbound') taken.set(body.id, body.text ?? '');
    }
    expect([...taken.values()]).toEqual(['posted before the move', 'new after the move', 'and one more']);
    await second.endChat();
  });

  test('a send the adapter gave up on after Genesys took it, sent again with its messageId, reaches the agent once', async () => {
    const { session } = await load({ messagesPerSecond: 50 });
    const chat = await startAccepted(session);
    // Six tries (the first and five retries): five refused, the last taken and answered with an error. The adapter
    // gives up with the message's fate open; the client sends it again, as a gateway's client does.
    simulator.faults.failNext('send', { type: 'unavailable' }, 5);
    simulator.faults.failNext('send', { type: 'fail-after-processing' });
    await expect(session.sendMessageToAgent({ input: { text: 'taken, answer lost' } }, 'm-1')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    await session.sendMessageToAgent({ input: { text: 'taken, answer lost' } }, 'm-1');
    await session.sendMessageToAgent({ input: { text: 'the next one' } }, 'm-2');
    expect((await simulator.agent.chat(chat.chatId)).messages.map((message) => message.text)).toEqual(['taken, answer lost', 'the next one']);
    await session.endChat();
  });

  test('when Genesys answers 429 anyway, the send waits retryAfter and arrives once, without a retry loop', async () => {
    const { session } = await load({ messagesPerSecond: 50 });
    const chat = await startAccepted(session);
    for (const text of ['a', 'b', 'c']) await session.sendMessageToAgent({ input: { text } }, `id-${text}`);
    expect((await simulator.agent.chat(chat.chatId)).messages.map((message) => message.text)).toEqual(['a', 'b', 'c']);
    const refusals = frames('out', (frame) => frame['class'] === 'TooManyRequestsErrorMessage');
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals.length).toBeLessThanOrEqual(2);
    await session.endChat();
  });

  test('the user typing shows at the agent, and keystrokes in a burst send one Typing event, not one each', async () => {
    const { session } = await load();
    const chat = await startAccepted(session);
    await Promise.all([session.userTyping(true), session.userTyping(true), session.userTyping(true)]);
    await session.userTyping(false);
    expect((await simulator.agent.chat(chat.chatId)).userTyping).toBe(true);
    expect(frames('in', (frame) => JSON.stringify(frame).includes('"Typing"'))).toHaveLength(1);
    await session.endChat();
  });

  test('a connection that drops again while the adapter catches up after a drop is reconnected again: the next send goes', async () => {
    const { session } = await load();
    const chat = await startAccepted(session);
    // The reconnected socket drops as the adapter asks for the JWT to read the history: mid catch-up.
    const record = simulator.recorder.record.bind(simulator.recorder);
    let configured = 0;
    simulator.recorder.record = (entry) => {
      record(entry);
      const body = entry.body as Record<string, unknown> | undefined;
      if (entry.direction === 'in' && body?.['action'] === 'configureSession') configured += 1;
      if (entry.direction === 'in' && body?.['action'] === 'getJwt' && configured === 1) setImmediate(() => simulator.faults.dropConnections());
    };
    const back = next(session, 'setErrorStatus', (event) => event.info.type === 'DISCONNECTED' && !event.info.isDisconnected);
    simulator.faults.dropConnections();
    await back;
    expect(configured).toBeGreaterThanOrEqual(2);
    await session.sendMessageToAgent({ input: { text: 'still there?' } }, 'm-after');
    expect((await simulator.agent.chat(chat.chatId)).messages.map((message) => message.text)).toEqual(['still there?']);
    await session.endChat();
  });

  test('a dropped connection is reported, and resumed with the same token (newSession false)', async () => {
    const { session } = await load();
    await startAccepted(session);
    const lost = next(session, 'setErrorStatus', (event) => event.info.type === 'DISCONNECTED' && event.info.isDisconnected);
    const back = next(session, 'setErrorStatus', (event) => event.info.type === 'DISCONNECTED' && !event.info.isDisconnected);
    simulator.faults.dropConnections();
    await lost;
    await back;
    const configures = frames('in', (frame) => frame['action'] === 'configureSession');
    expect(configures).toHaveLength(2);
    expect(configures[1]?.['token']).toBe(configures[0]?.['token']);
    const answers = frames('out', (frame) => frame['class'] === 'SessionResponse').map((frame) => (frame['body'] as { newSession: boolean }).newSession);
    expect(answers).toEqual([true, false]);
    await session.endChat();
  });

  test('a session that expires ends the chat for the user', async () => {
    const { session } = await load();
    const chat = await startAccepted(session);
    const ended = next(session, 'agentEndedChat');
    simulator.expireSession(chat.chatId);
    await ended;
    expect(session.state).toBe('ended');
  });

  test('an unknown deployment refuses the start with a clear error that a retry cannot fix', async () => {
    const { session } = await load({ deploymentId: 'no-such-deployment' });
    const failure = await session.startChat(connectMessage('Hello?'), {}).catch((error: unknown) => error);
    expect(isServiceDeskError(failure, ErrorCode.BACKEND_REJECTED)).toBe(true);
    expect((failure as ServiceDeskError).message).toContain('Deployment not found');
    expect((failure as ServiceDeskError).isRetryable).toBe(false);
    expect(session.state).toBe('idle');
  });

  test('the keep-alive echo goes out on schedule and its answer is not reported to the user', async () => {
    let echoes = 0;
    let sawTwo: () => void = () => undefined;
    const twoEchoes = new Promise<void>((resolve) => (sawTwo = resolve));
    /** The real `ws` socket, counting the echo frames the adapter sends. */
    class CountingWebSocket extends WebSocket {
      override send(data: string): void {
        if (String(data).includes(`"tracingId":"${HEARTBEAT_TRACING_ID}"`) && (echoes += 1) === 2) sawTwo();
        super.send(data);
      }
    }
    const { session, events } = await load({ heartbeatIntervalMs: 25, WebSocket: CountingWebSocket as never });
    await startAccepted(session);
    await withTimeout(twoEchoes, 5000, 'two keep-alive echoes');
    expect(frames('out', (frame) => frame['tracingId'] === HEARTBEAT_TRACING_ID).length).toBeGreaterThanOrEqual(1);
    expect(events.filter((event) => event.type === 'setErrorStatus' || event.type === 'sendMessageToUser')).toEqual([]);
    await session.endChat();
  });
});

/**
 * Issue 15: deployments put `channel` (time, messageId) on every Outbound frame; Genesys's documented examples and
 * the simulator before the fix left it off Typing and Presence Disconnect, and a client that read `channel.time`
 * there crashed. The adapter must follow the chat either way.
 */
describe.each([
  ['as deployments send them (channel on every frame)', WebSocket],
  ['with Typing and Disconnect frames that carry no channel', ChannelStrippingWebSocket],
])('agent frames %s', (_shape, WebSocketImpl) => {
  test('typing, join, text and disconnect reach the user, and nothing is reported as malformed', async () => {
    const { session, events } = await load({ WebSocket: WebSocketImpl as never });
    await session.startChat(connectMessage('Where is my parcel?'), {});
    const chat = await simulator.agent.waitForChat('Where is my parcel?', 5000);
    const typing = next(session, 'agentTyping', (event) => event.isTyping);
    await simulator.agent.type(chat.chatId, true);
    await typing;
    const joined = next(session, 'agentJoined');
    await simulator.agent.accept(chat.chatId, sam);
    expect((await joined).profile).toMatchObject({ id: sam.id, nickname: sam.name });
    const said = next(session, 'sendMessageToUser');
    await simulator.agent.say(chat.chatId, 'It is on its way');
    await said;
    const ended = next(session, 'agentEndedChat');
    await simulator.agent.end(chat.chatId);
    await ended;
    expect(session.state).toBe('ended');
    const agentSide = new Set([
      'agentTyping',
      'agentJoined',
      'beginTransferToAnotherAgent',
      'sendMessageToUser',
      'agentLeftChat',
      'agentEndedChat',
      'setErrorStatus',
    ]);
    const reported = events.filter((event) => agentSide.has(event.type)).map((event) => event.type);
    expect(reported).toEqual(['agentTyping', 'agentJoined', 'agentTyping', 'sendMessageToUser', 'agentEndedChat']);
  });
});
