import {
  type ChatEvent,
  type ChatEventOf,
  type ChatSession,
  connectMessage,
  ErrorCode,
  loadServiceDesk,
  messageText,
  randomId,
  ServiceDeskRegistry,
  waitForEvent,
} from '@byosd/core';
import { ExampleDesk, registerExampleDesk, startAutoAgent } from '@byosd/adapter-example';

const sam = { id: 'agent-sam', name: 'Sam' };
const alex = { id: 'agent-alex', name: 'Alex' };

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A hand-driven desk under a fresh name, and a chat session on it loaded as a widget would. */
async function setup(options: { requestTimeoutMs?: number } = {}) {
  const desk = new ExampleDesk();
  const deskName = `test-${randomId()}`;
  const unregister = registerExampleDesk(deskName, desk);
  const registry = new ServiceDeskRegistry();
  const load = () => loadServiceDesk('example', { deskName, reconnectDelayMs: 5, ...options }, undefined, { registry });
  const session = await load();
  const events: ChatEvent[] = [];
  session.events.subscribe((event) => void events.push(event));
  cleanups.push(unregister);
  return { desk, session, events, load };
}

const next = <T extends ChatEvent['type']>(session: ChatSession, type: T, what: string = type) =>
  waitForEvent<ChatEventOf<T>>(session.events, (event) => event.type === type, what, { timeoutMs: 3000 });

async function startAndAccept(desk: ExampleDesk, session: ChatSession) {
  const joined = next(session, 'agentJoined');
  await session.startChat(connectMessage('Where is my parcel?'), { preStartChatPayload: { orderId: 'A-1' } });
  const [chat] = desk.waitingChats();
  if (!chat) throw new Error('the desk has no waiting chat');
  desk.accept(chat.id, sam);
  await joined;
  return chat;
}

describe('the example adapter, end to end through loadServiceDesk', () => {
  test('a whole chat: queue, join, messages both ways, typing, receipts, transfer, leave, user ends', async () => {
    const { desk, session, events } = await setup();
    const queued = next(session, 'updateAgentAvailability');
    await session.startChat(connectMessage('Where is my parcel?'), { preStartChatPayload: { orderId: 'A-1' } });
    expect(session.state).toBe('queued');
    const [chat] = desk.waitingChats();
    expect(chat).toMatchObject({ topic: 'Where is my parcel?', preChat: { orderId: 'A-1' } });
    desk.setQueue(chat!.id, 3, 4);
    expect((await queued).availability).toEqual({ position_in_queue: 3, estimated_wait_time: 4 });

    const joined = next(session, 'agentJoined');
    desk.accept(chat!.id, sam);
    expect((await joined).profile).toEqual({ id: 'agent-sam', nickname: 'Sam' });
    expect(session.state).toBe('connected');

    await session.sendMessageToAgent({ input: { text: 'Hello 👋 مرحبا' } }, 'm-1');
    await session.userTyping(true);
    await session.userReadMessages();
    expect(desk.chat(chat!.id)).toMatchObject({ received: [{ messageId: 'm-1', text: 'Hello 👋 مرحبا' }], userTyping: true, userReads: 1 });

    const typing = next(session, 'agentTyping');
    desk.type(chat!.id, true);
    expect((await typing).isTyping).toBe(true);
    const reply = next(session, 'sendMessageToUser');
    desk.say(chat!.id, 'It ships tomorrow.');
    expect(messageText((await reply).message)).toBe('It ships tomorrow.');
    const read = next(session, 'agentReadMessages');
    desk.read(chat!.id);
    await read;

    const newAgent = waitForEvent(session.events, (event) => event.type === 'agentJoined' && event.profile.id === 'agent-alex', 'Alex', { timeoutMs: 3000 });
    desk.transfer(chat!.id, alex);
    await newAgent;
    const order = events.filter((event) => ['beginTransferToAnotherAgent', 'agentJoined'].includes(event.type)).map((event) => event.type);
    expect(order).toEqual(['agentJoined', 'beginTransferToAnotherAgent', 'agentJoined']);

    const left = next(session, 'agentLeftChat');
    desk.leave(chat!.id);
    await left;
    expect(session.state).toBe('agent-left');

    await session.endChat();
    expect(desk.chat(chat!.id)).toMatchObject({ status: 'ended', endedBy: 'user' });
    await expect(session.sendMessageToAgent({ input: { text: 'still there?' } }, 'm-2')).rejects.toMatchObject({ code: ErrorCode.CHAT_ENDED });
  });

  test('the agent ends the chat: agentEndedChat is the last event', async () => {
    const { desk, session, events } = await setup();
    const chat = await startAndAccept(desk, session);
    const ended = next(session, 'agentEndedChat');
    desk.end(chat.id);
    await ended;
    expect(session.state).toBe('ended');
    expect(events[events.length - 1]?.type).toBe('agentEndedChat');
    await session.endChat();
    expect(desk.chat(chat.id).endedBy).toBe('agent');
  });

  test('a start the desk refuses rejects, and leaves nothing open at the desk', async () => {
    const { desk, session } = await setup();
    desk.failNext('start', { code: 'UNAVAILABLE', message: 'maintenance' });
    await expect(session.startChat(connectMessage('help'), {})).rejects.toMatchObject({ code: ErrorCode.BACKEND_UNAVAILABLE });
    expect(session.state).toBe('idle');
    expect(desk.openChats()).toEqual([]);
  });

  test('a rate-limited send is retried after the delay the desk asked for and reaches the agent once', async () => {
    const { desk, session } = await setup();
    const chat = await startAndAccept(desk, session);
    desk.failNext('send', { code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 20 });
    desk.failNext('send', { code: 'UNAVAILABLE', message: 'hiccup' });
    await session.sendMessageToAgent({ input: { text: 'one' } }, 'm-1');
    expect(desk.chat(chat.id).received.map((message) => message.text)).toEqual(['one']);
  });

  test('a dropped connection is reported, resumed, and no agent message is lost or duplicated', async () => {
    const { desk, session, events } = await setup();
    const chat = await startAndAccept(desk, session);
    desk.say(chat.id, 'before');
    await next(session, 'sendMessageToUser');
    const disconnected = waitForEvent(
      session.events,
      (event) => event.type === 'setErrorStatus' && event.info.type === 'DISCONNECTED' && event.info.isDisconnected,
      'DISCONNECTED',
    );
    const reconnected = waitForEvent(
      session.events,
      (event) => event.type === 'setErrorStatus' && event.info.type === 'DISCONNECTED' && !event.info.isDisconnected,
      'reconnected',
    );
    desk.dropConnections();
    desk.say(chat.id, 'while away 1');
    desk.say(chat.id, 'while away 2');
    await disconnected;
    await reconnected;
    const after = waitForEvent(session.events, (event) => event.type === 'sendMessageToUser' && messageText(event.message) === 'after', 'after');
    desk.say(chat.id, 'after');
    await after;
    await session.sendMessageToAgent({ input: { text: 'back' } }, 'm-back');
    const texts = events.flatMap((event) => (event.type === 'sendMessageToUser' ? [messageText(event.message)] : []));
    expect(texts).toEqual(['before', 'while away 1', 'while away 2', 'after']);
    expect(desk.chat(chat.id).received.map((message) => message.text)).toEqual(['back']);
  });

  test('duplicate and reordered deliveries reach the user once each, in desk order', async () => {
    const { desk, session, events } = await setup();
    const chat = await startAndAccept(desk, session);
    const last = waitForEvent(session.events, (event) => event.type === 'sendMessageToUser' && messageText(event.message) === 'three', 'three');
    desk.say(chat.id, 'one');
    desk.redeliver(chat.id, chat.events.length);
    desk.say(chat.id, 'two');
    desk.say(chat.id, 'three');
    desk.redeliver(chat.id, chat.events.length - 1);
    await last;
    const texts = events.flatMap((event) => (event.type === 'sendMessageToUser' ? [messageText(event.message)] : []));
    expect(texts).toEqual(['one', 'two', 'three']);
  });

  test('resume: a new desk instance reconnects from the persisted chat and gets exactly what it missed', async () => {
    const { desk, session, load } = await setup();
    const chat = await startAndAccept(desk, session);
    desk.say(chat.id, 'seen before the reload');
    await next(session, 'sendMessageToUser');
    const saved = session.persisted;
    desk.say(chat.id, 'missed 1');
    desk.say(chat.id, 'missed 2');

    const resumed = await load();
    const received: string[] = [];
    resumed.events.subscribe((event) => void (event.type === 'sendMessageToUser' && received.push(messageText(event.message))));
    const second = waitForEvent(resumed.events, (event) => event.type === 'sendMessageToUser' && messageText(event.message) === 'missed 2', 'missed 2');
    await expect(resumed.reconnect(saved)).resolves.toBe(true);
    await second;
    expect(received).toEqual(['missed 1', 'missed 2']);
    expect(resumed.state).toBe('connected');
    expect(resumed.agent?.nickname).toBe('Sam');
    await resumed.sendMessageToAgent({ input: { text: 'after reload' } }, 'm-r');
    expect(desk.chat(chat.id).received.map((message) => message.text)).toEqual(['after reload']);
  });

  test('availability: online, offline, unknown', async () => {
    const { desk, session } = await setup();
    expect(await session.areAnyAgentsOnline(connectMessage('?'))).toBe(true);
    desk.agentsOnline = false;
    expect(await session.areAnyAgentsOnline(connectMessage('?'))).toBe(false);
    desk.agentsOnline = null;
    expect(await session.areAnyAgentsOnline(connectMessage('?'))).toBeNull();
  });

  test('files: too large ones are refused with a status, others accepted and sent with the message', async () => {
    const { desk, session } = await setup();
    const chat = await startAndAccept(desk, session);
    const statuses: Array<[string, boolean]> = [];
    session.events.subscribe((event) => void (event.type === 'setFileUploadStatus' && statuses.push([event.fileId, event.isError])));
    const small = new File(['hello'], 'note.txt');
    const huge = new File([new Uint8Array(6 * 1024 * 1024)], 'video.mp4');
    await session.filesSelectedForUpload([
      { id: 'f1', file: small },
      { id: 'f2', file: huge },
    ]);
    expect(statuses).toEqual([
      ['f1', false],
      ['f2', true],
    ]);
    await session.sendMessageToAgent({ input: { text: 'see attached' } }, 'm-f', { filesToUpload: [{ id: 'f1', file: small }] });
    expect(desk.chat(chat.id).received[0]).toMatchObject({ text: 'see attached', attachments: ['note.txt'] });
  });

  test('the auto agent answers, and obeys /transfer and /end', async () => {
    const { desk, session, events } = await setup();
    const stop = startAutoAgent(desk, { joinDelayMs: 1, replyDelayMs: 1 });
    try {
      const greeting = next(session, 'sendMessageToUser', 'the greeting');
      await session.startChat(connectMessage('Refund'), {});
      expect(messageText((await greeting).message)).toContain('Refund');
      const alexJoined = waitForEvent(session.events, (event) => event.type === 'agentJoined' && event.profile.nickname === 'Alex', 'Alex');
      await session.sendMessageToAgent({ input: { text: '/transfer' } }, 'm-t');
      await alexJoined;
      const ended = next(session, 'agentEndedChat');
      await session.sendMessageToAgent({ input: { text: '/end' } }, 'm-e');
      await ended;
      expect(events.map((event) => event.type)).toContain('beginTransferToAnotherAgent');
    } finally {
      stop();
    }
  });
});
