import { randomUUID } from 'node:crypto';
import { serverFrameSchema } from '@byosd/adapter-genesys-cloud';
import { GENESYS_SIMULATOR_DEPLOYMENT_ID, GenesysCloudSimulator } from '../testbed/index.js';
import { deployedOutboundFrameSchema } from './helpers/deployed-frames';
import { clientFrames, serverFrames } from './helpers/fixtures';
import { GuestSocketClient } from './helpers/guest-socket-client';

type Frame = Record<string, unknown>;

/**
 * The keys of a frame and of its body (and channel), which is what a client's parser depends on. The tracingId is
 * left out: it is there exactly when the request carried one.
 */
function shape(frame: Frame): Record<string, string[]> {
  const body = frame['body'];
  const channel = typeof body === 'object' && body !== null ? (body as Frame)['channel'] : undefined;
  return {
    envelope: Object.keys(frame)
      .filter((key) => key !== 'tracingId')
      .sort(),
    body: typeof body === 'object' && body !== null ? Object.keys(body).sort() : [typeof body],
    channel: typeof channel === 'object' && channel !== null ? Object.keys(channel).sort() : [],
  };
}

/** Expects the simulator's frame to parse and to look like the documented one: class, type, code, the same keys. */
function expectDocumented(actual: Frame, documented: string): void {
  const expected = serverFrames[documented];
  if (!expected) throw new Error(`no fixture ${documented}`);
  expect(serverFrameSchema.safeParse(actual).success).toBe(true);
  expect({ type: actual['type'], class: actual['class'], code: actual['code'] }).toEqual({
    type: expected['type'],
    class: expected['class'],
    code: expected['code'],
  });
  expect(shape(actual)).toEqual(shape(expected));
}

/** A client frame from the fixtures, for this test's token, with a fresh tracingId. */
function clientFrame(name: string, token: string, overrides: Frame = {}): Frame {
  return { ...clientFrames[name], token, tracingId: randomUUID(), ...overrides };
}

let simulator: GenesysCloudSimulator;
let guestUrl: string;
const sockets: GuestSocketClient[] = [];

beforeEach(async () => {
  simulator = new GenesysCloudSimulator({ seed: 1 });
  await simulator.start();
  guestUrl = `${simulator.guestWebSocketUrl}?deploymentId=${GENESYS_SIMULATOR_DEPLOYMENT_ID}`;
});
afterEach(async () => {
  sockets.splice(0).forEach((socket) => socket.close());
  await simulator.stop();
});

async function guest(): Promise<GuestSocketClient> {
  const socket = await GuestSocketClient.open(guestUrl);
  sockets.push(socket);
  return socket;
}

async function configuredGuest(token = randomUUID()): Promise<{ socket: GuestSocketClient; token: string }> {
  const socket = await guest();
  expectDocumented(await socket.request(clientFrame('configureSession', token)), 'sessionResponseNew');
  return { socket, token };
}

describe('the Genesys Cloud simulator answers with the documented frames', () => {
  test('a new session, the guest message reflected with its tracingId, echo, JWT', async () => {
    const { socket, token } = await configuredGuest();
    const message = clientFrame('onMessageText', token);
    const reflected = await socket.request(message);
    expectDocumented(reflected, 'inboundMessage');
    expect(reflected['tracingId']).toBe(message['tracingId']);
    expect(reflected['body']).toMatchObject({ text: 'hi', direction: 'Inbound' });
    expectDocumented(await socket.request(clientFrame('echo', token, { tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=' })), 'echoResponse');
    const jwt = await socket.request(clientFrame('getJwt', token));
    expect(jwt).toMatchObject({ type: 'response', class: 'JwtResponse', code: 200 });
  });

  test('agent messages are Outbound from a Human with channel.from; typing and the disconnect make the session read-only', async () => {
    const { socket, token } = await configuredGuest();
    await socket.request(clientFrame('onMessageText', token, { message: { type: 'Text', text: 'Where is my parcel?' } }));
    const [chat] = await simulator.agent.chats('waiting');
    await simulator.agent.accept(chat!.chatId, { id: 'agent-sam', name: 'Sam' });
    await simulator.agent.say(chat!.chatId, "Hello, I'm Sam");
    const said = await socket.next((frame) => (frame['body'] as Frame)['text'] === "Hello, I'm Sam", 'the agent message');
    expectDocumented(said, 'agentMessage');
    expect(said['body']).toMatchObject({ originatingEntity: 'Human', channel: { from: { nickname: 'Sam', image: expect.stringMatching(/^http/) } } });
    await simulator.agent.type(chat!.chatId, true);
    expectDocumented(await socket.next((frame) => JSON.stringify(frame).includes('"Typing"'), 'agent typing'), 'agentTyping');
    await simulator.agent.end(chat!.chatId);
    expectDocumented(await socket.next((frame) => JSON.stringify(frame).includes('"Disconnect"'), 'the disconnect'), 'agentDisconnect');

    const again = await guest();
    const resumed = await again.request(clientFrame('configureSession', token));
    expect(resumed['body']).toMatchObject({ connected: true, newSession: false, readOnly: true });
    const refused = await again.request(clientFrame('onMessageText', token));
    expect(refused).toMatchObject({ class: 'string', code: 4000 });
    const fresh = await again.request(clientFrame('configureSession', token, { startNew: true }));
    expect(fresh['body']).toMatchObject({ newSession: true, readOnly: false });
  });

  test('the same token on a new socket resumes the session: newSession false', async () => {
    const { token } = await configuredGuest();
    const second = await guest();
    expectDocumented(await second.request(clientFrame('configureSession', token)), 'sessionResponseResumed');
  });

  test('closeSession: the caller gets SessionResponse connected:false, the other sockets ConnectionClosedEvent', async () => {
    const { socket, token } = await configuredGuest();
    const other = await guest();
    await other.request(clientFrame('configureSession', token));
    expectDocumented(await socket.request(clientFrame('closeSession', token)), 'sessionResponseClosed');
    expectDocumented(await other.next((frame) => frame['class'] === 'ConnectionClosedEvent', 'ConnectionClosedEvent'), 'connectionClosed');
    await other.closed();
    const late = await guest();
    expectDocumented(await late.request(clientFrame('configureSession', token)), 'sessionNotFound');
  });

  test('an expired session: SessionExpiredEvent, then 4006 for its token', async () => {
    const { socket, token } = await configuredGuest();
    await socket.request(clientFrame('onMessageText', token));
    const [chat] = await simulator.agent.chats();
    simulator.expireSession(chat!.chatId);
    expectDocumented(await socket.next((frame) => frame['class'] === 'SessionExpiredEvent', 'SessionExpiredEvent'), 'sessionExpired');
    expect(await (await guest()).request(clientFrame('configureSession', token))).toMatchObject({ class: 'string', code: 4006 });
  });

  test('refusals: unknown deployment, no session, too long, custom attributes too large, missing parameter', async () => {
    const stranger = await GuestSocketClient.open(`${simulator.guestWebSocketUrl}?deploymentId=no-such-deployment`);
    sockets.push(stranger);
    expectDocumented(await stranger.request(clientFrame('configureSession', randomUUID(), { deploymentId: 'no-such-deployment' })), 'deploymentNotFound');
    expectDocumented(await stranger.request(clientFrame('getJwt', randomUUID())), 'sessionNotFound');
    const { socket, token } = await configuredGuest();
    expect(await socket.request(clientFrame('onMessageText', token, { message: { type: 'Text', text: 'x'.repeat(4097) } }))).toMatchObject({
      class: 'string',
      code: 4011,
    });
    const attributes = { big: 'x'.repeat(2100) };
    const tooLarge = await socket.request(
      clientFrame('onMessageText', token, { message: { type: 'Text', text: 'hi', channel: { metadata: { customAttributes: attributes } } } }),
    );
    expect(tooLarge).toMatchObject({ class: 'string', code: 4013 });
    const missing = await socket.request({ action: 'onMessage', token, tracingId: randomUUID() });
    expect(missing).toMatchObject({ class: 'string', code: 4020 });
  });

  test('a third onMessage within a second is refused with TooManyRequestsErrorMessage (429, retryAfter)', async () => {
    const { socket, token } = await configuredGuest();
    const answers = await Promise.all(
      [1, 2, 3].map((n) => socket.request(clientFrame('onMessageText', token, { message: { type: 'Text', text: `message ${n}` } }))),
    );
    expect(answers.map((answer) => answer['class'])).toEqual(['StructuredMessage', 'StructuredMessage', 'TooManyRequestsErrorMessage']);
    expectDocumented(answers[2]!, 'tooManyRequests');
    expect((answers[2]!['body'] as Frame)['retryAfter']).toBeGreaterThanOrEqual(1);
  });

  /**
   * A recorded agent sequence (server-frames.json, from the captures it names): typing, join, text, disconnect. Each
   * recorded frame is replayed as the agent action that produces it, and the frame the guest then receives must be
   * an Outbound StructuredMessage as deployed (channel.time, channel.messageId) with the recorded frame's keys.
   */
  test('a recorded sequence replayed through the simulator: typing, join, text, disconnect arrive as deployments send them', async () => {
    const recorded = ['agentTyping', 'agentJoin', 'agentMessage', 'agentDisconnect'];
    const { socket, token } = await configuredGuest();
    await socket.request(clientFrame('onMessageText', token, { message: { type: 'Text', text: 'Where is my parcel?' } }));
    const [chat] = await simulator.agent.chats('waiting');
    const chatId = chat!.chatId;
    const received: Frame[] = [];
    for (const name of recorded) {
      const body = serverFrames[name]!['body'] as {
        text?: string;
        events?: Array<{ eventType: string; typing?: { type: string }; presence?: { type: string } }>;
      };
      const event = body.events?.[0];
      if (event?.eventType === 'Typing') await simulator.agent.type(chatId, event.typing?.type === 'On');
      else if (event?.presence?.type === 'Join') await simulator.agent.accept(chatId, { id: 'agent-sam', name: 'Sam' });
      else if (event?.presence?.type === 'Disconnect') await simulator.agent.end(chatId);
      else await simulator.agent.say(chatId, body.text ?? '');
      const frame = await socket.next((candidate) => (candidate['body'] as Frame | undefined)?.['direction'] === 'Outbound', name);
      const parsed = deployedOutboundFrameSchema.safeParse(frame);
      expect({ name, issues: parsed.error?.issues ?? [] }).toEqual({ name, issues: [] });
      expectDocumented(frame, name);
      expect((frame['body'] as Frame)['events'] ?? null).toEqual(body.events ?? null);
      received.push(frame);
    }
    const times = received.map((frame) => ((frame['body'] as Frame)['channel'] as { time: string }).time);
    expect([...times].sort()).toEqual(times);
    expect(new Set(received.map((frame) => ((frame['body'] as Frame)['channel'] as { messageId: string }).messageId)).size).toBe(recorded.length);
  });

  /**
   * Issue 15: a guest client written from captured payloads reads `body.channel.time` on every Outbound frame. On the
   * simulator's Typing and Presence Disconnect it threw ("Cannot read properties of undefined (reading 'time')") and
   * saw nothing more.
   */
  test('a client that reads body.channel.time on every Outbound frame follows the whole chat', async () => {
    const { socket, token } = await configuredGuest();
    const seen: string[] = [];
    const clientFromCaptures = (frame: Frame): void => {
      const body = frame['body'] as { direction: string; channel: { time: string }; text?: string; events?: Array<{ eventType: string }> };
      if (body.direction !== 'Outbound') return;
      seen.push(`${new Date(body.channel.time).toISOString()} ${body.text ?? body.events?.map((event) => event.eventType).join()}`);
    };
    await socket.request(clientFrame('onMessageText', token, { message: { type: 'Text', text: 'Where is my parcel?' } }));
    const [chat] = await simulator.agent.chats('waiting');
    await simulator.agent.type(chat!.chatId, true);
    await simulator.agent.accept(chat!.chatId, { id: 'agent-sam', name: 'Sam' });
    await simulator.agent.say(chat!.chatId, 'It is on its way');
    await simulator.agent.type(chat!.chatId, false);
    await simulator.agent.end(chat!.chatId);
    for (let index = 0; index < 5; index += 1) {
      clientFromCaptures(await socket.next((frame) => (frame['body'] as Frame | undefined)?.['direction'] === 'Outbound', `outbound frame ${index + 1}`));
    }
    expect(seen.map((line) => line.replace(/^\S+ /, ''))).toEqual(['Typing', 'Presence', 'It is on its way', 'Typing', 'Presence']);
  });
});
