import { type ChatEvent, connectMessage, ErrorCode, isServiceDeskError, textMessage, waitForEvent } from '@byosd/core';
import { loadPuppet, testRegistry } from './support/puppet-adapter.js';

const text = (value: string) => ({ input: { text: value } });

async function startedPuppet() {
  const loaded = await loadPuppet();
  const events: ChatEvent[] = [];
  loaded.session.events.subscribe((event) => void events.push(event));
  await loaded.session.startChat(connectMessage('help'), {});
  return { ...loaded, events };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (isServiceDeskError(error) ? error.code : `not a ServiceDeskError: ${String(error)}`),
  );

describe('ChatSession', () => {
  test('startChat resolves once the backend accepted the chat, and the chat is queued', async () => {
    const { session, events } = await startedPuppet();
    expect(session.state).toBe('queued');
    expect(events.filter((event) => event.type === 'chatStateChanged').map((event) => event.type === 'chatStateChanged' && event.state)).toEqual([
      'starting',
      'queued',
    ]);
  });

  test('a failed start rejects with a typed error, reports CONNECTING, and leaves the user with the bot (idle)', async () => {
    const { session, desk } = await loadPuppet();
    const errors: ChatEvent[] = [];
    session.events.subscribe((event) => void (event.type === 'setErrorStatus' && errors.push(event)));
    desk.behaviour['startChat'] = () => Promise.reject(new Error('socket hang up'));
    expect(await codeOf(session.startChat(connectMessage('help'), {}))).toBe(ErrorCode.BACKEND_UNAVAILABLE);
    expect(session.state).toBe('idle');
    expect(errors).toEqual([expect.objectContaining({ info: expect.objectContaining({ type: 'CONNECTING' }) })]);
    desk.behaviour = {};
    await session.startChat(connectMessage('help'), {});
    expect(session.state).toBe('queued');
  });

  test('concurrent sends with the same messageId reach the adapter once; distinct ids each once', async () => {
    const { session, desk } = await startedPuppet();
    await Promise.all([
      ...Array.from({ length: 10 }, () => session.sendMessageToAgent(text('hello'), 'm-1')),
      session.sendMessageToAgent(text('again'), 'm-2'),
    ]);
    await session.sendMessageToAgent(text('hello'), 'm-1');
    expect(desk.callsTo('sendMessageToAgent').map((call) => call.args[1])).toEqual(['m-1', 'm-2']);
  });

  test('a failed send reports USER_MESSAGE and may be retried with the same id', async () => {
    const { session, desk, events } = await startedPuppet();
    desk.behaviour['sendMessageToAgent'] = () => Promise.reject(new Error('boom'));
    expect(await codeOf(session.sendMessageToAgent(text('hi'), 'm-1'))).toBe(ErrorCode.BACKEND_UNAVAILABLE);
    expect(events.some((event) => event.type === 'setErrorStatus' && event.info.type === 'USER_MESSAGE' && event.info.messageId === 'm-1')).toBe(true);
    desk.behaviour = {};
    await session.sendMessageToAgent(text('hi'), 'm-1');
    expect(desk.callsTo('sendMessageToAgent')).toHaveLength(2);
    expect(events.filter((event) => event.type === 'userMessageSent')).toHaveLength(1);
  });

  test('rejects text over the adapter limit, an empty messageId, and a malformed message, naming the field', async () => {
    const { session, desk } = await startedPuppet();
    const tooLong = session.sendMessageToAgent(text('x'.repeat(101)), 'm-1');
    await expect(tooLong).rejects.toMatchObject({ code: ErrorCode.INVALID_INPUT, message: expect.stringContaining('at most 100') });
    await expect(session.sendMessageToAgent(text('ok'), '')).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: expect.stringContaining('messageId'),
    });
    await expect(session.sendMessageToAgent({ input: {} } as never, 'm-2')).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: expect.stringContaining('input.text'),
    });
    expect(desk.callsTo('sendMessageToAgent')).toHaveLength(0);
  });

  test('endChat is idempotent under concurrent calls: the adapter ends once, every caller resolves', async () => {
    const { session, desk } = await startedPuppet();
    await Promise.all([session.endChat(), session.endChat(), session.endChat()]);
    await session.endChat();
    expect(desk.callsTo('endChat')).toHaveLength(1);
    expect(session.state).toBe('ended');
  });

  test('after the end nothing is emitted and every call fails with CHAT_ENDED', async () => {
    const { session, desk, events } = await startedPuppet();
    await session.endChat();
    const count = events.length;
    desk.callback.sendMessageToUser('late', 'a1');
    desk.callback.agentTyping(true);
    desk.callback.agentJoined({ id: 'a1', nickname: 'Ann' });
    expect(events).toHaveLength(count);
    for (const call of [
      session.sendMessageToAgent(text('hi'), 'm-9'),
      session.userTyping(true),
      session.userReadMessages(),
      session.updateState({ locale: 'de' }),
      session.areAnyAgentsOnline(connectMessage('?')),
    ]) {
      expect(await codeOf(call)).toBe(ErrorCode.CHAT_ENDED);
    }
  });

  test('agentEndedChat is the last event, and the adapter is asked once to release its resources', async () => {
    const { session, desk, events } = await startedPuppet();
    desk.callback.agentJoined({ id: 'a1', nickname: 'Ann' });
    desk.callback.agentEndedChat();
    desk.callback.sendMessageToUser('after the end', 'a1');
    await session.endChat();
    expect(events[events.length - 1]?.type).toBe('agentEndedChat');
    expect(desk.callsTo('endChat').map((call) => call.args[0])).toEqual([{ endedByAgent: true }]);
  });

  test('ending while the start is in flight closes what the start opened, and nothing is reported after', async () => {
    const { session, desk } = await loadPuppet();
    let accept = () => undefined as void;
    desk.behaviour['startChat'] = () => new Promise<void>((resolve) => (accept = resolve));
    const start = session.startChat(connectMessage('help'), {});
    const end = session.endChat();
    expect(session.state).toBe('ended');
    await new Promise((resolve) => setImmediate(resolve)); // let the puppet receive the start
    accept();
    await Promise.all([start, end]);
    expect(desk.callsTo('endChat')).toHaveLength(1);
    expect(session.state).toBe('ended');
  });

  test('agent messages are delivered once per backend id, in the order reported; plain strings become text messages', async () => {
    const { desk, events } = await startedPuppet();
    desk.callback.agentJoined({ id: 'a1', nickname: 'Ann' });
    desk.callback.sendMessageToUser(textMessage('one', 'b-1'), 'a1');
    desk.callback.sendMessageToUser(textMessage('one again', 'b-1'), 'a1');
    desk.callback.sendMessageToUser(textMessage('two', 'b-2'), 'a1');
    desk.callback.sendMessageToUser('three', 'a1');
    const messages = events.flatMap((event) => (event.type === 'sendMessageToUser' ? [event.message.output.generic[0]?.text] : []));
    expect(messages).toEqual(['one', 'two', 'three']);
  });

  test("the adapter's callback works as a plain object of functions: detached, passed on, spread, or replaced", async () => {
    const { desk, events } = await startedPuppet();
    const callback = desk.callback;
    expect(Object.keys(callback).sort()).toEqual(
      [
        'agentEndedChat',
        'agentJoined',
        'agentLeftChat',
        'agentReadMessages',
        'agentTyping',
        'beginTransferToAnotherAgent',
        'sendMessageToUser',
        'setErrorStatus',
        'setFileUploadStatus',
        'updateAgentAvailability',
        'updateCapabilities',
        'updatePersistedState',
      ].sort(),
    );
    // The same function every time: an adapter may add it as a listener and remove it later.
    expect(callback.agentTyping).toBe(callback.agentTyping);
    const { agentJoined, agentTyping } = callback;
    agentJoined({ id: 'a1', nickname: 'Ann' });
    [true].forEach(agentTyping);
    // A decorated copy, as adapters make one: its own methods and the original's, each still acting for the chat.
    const sentByCopy: string[] = [];
    const decorated = {
      ...callback,
      sendMessageToUser(message: Parameters<typeof callback.sendMessageToUser>[0], agentId: string) {
        sentByCopy.push(agentId);
        callback.sendMessageToUser(message, agentId);
      },
    };
    decorated.sendMessageToUser('hello', 'a1');
    decorated.agentReadMessages();
    // Set like a plain object's property, a method reads back as set.
    const replaced = () => undefined;
    callback.agentLeftChat = replaced;
    expect(callback.agentLeftChat).toBe(replaced);
    expect(sentByCopy).toEqual(['a1']);
    expect(events.map((event) => event.type).filter((type) => type !== 'chatStateChanged' && type !== 'updatePersistedState')).toEqual([
      'agentJoined',
      'agentTyping',
      'sendMessageToUser',
      'agentReadMessages',
    ]);
  });

  test('an invalid report from the adapter is dropped instead of reaching subscribers', async () => {
    const { session, desk, events } = await startedPuppet();
    desk.callback.agentJoined({ id: '', nickname: 'Ann' });
    desk.callback.updateAgentAvailability({ position_in_queue: -3 });
    expect(session.state).toBe('queued');
    expect(events.some((event) => event.type === 'agentJoined' || event.type === 'updateAgentAvailability')).toBe(false);
  });

  test('areAnyAgentsOnline answers null when the adapter takes longer than the timeout, or fails', async () => {
    const { session, desk } = await loadPuppet({ availabilityTimeoutMs: 50 });
    desk.behaviour['areAnyAgentsOnline'] = () => new Promise(() => undefined);
    await expect(session.areAnyAgentsOnline(connectMessage('?'))).resolves.toBeNull();
    desk.behaviour['areAnyAgentsOnline'] = () => Promise.reject(new Error('down'));
    await expect(session.areAnyAgentsOnline(connectMessage('?'))).resolves.toBeNull();
    desk.behaviour['areAnyAgentsOnline'] = () => false;
    await expect(session.areAnyAgentsOnline(connectMessage('?'))).resolves.toBe(false);
  });

  test('optional methods the adapter lacks fail with NOT_SUPPORTED', async () => {
    const session = await testRegistry().load('minimal', {});
    expect(await codeOf(session.areAnyAgentsOnline(connectMessage('?')))).toBe(ErrorCode.NOT_SUPPORTED);
    await session.startChat(connectMessage('help'), {});
    for (const call of [session.userTyping(true), session.userReadMessages(), session.updateState({}), session.filesSelectedForUpload([])]) {
      expect(await codeOf(call)).toBe(ErrorCode.NOT_SUPPORTED);
    }
  });

  test('the persisted chat follows the lifecycle and the adapter state, and reconnect resumes from it', async () => {
    const { session, desk } = await startedPuppet();
    desk.callback.agentJoined({ id: 'a1', nickname: 'Ann' });
    desk.callback.updatePersistedState({ token: 't-1' });
    desk.callback.updatePersistedState({ cursor: 7 });
    const saved = session.persisted;
    expect(saved).toMatchObject({
      specVersion: 'byosd.v1',
      adapter: 'puppet',
      state: 'connected',
      agent: { nickname: 'Ann' },
      desk: { token: 't-1', cursor: 7 },
    });

    const { session: resumed, desk: newDesk } = await loadPuppet();
    const joined = waitForEvent(resumed.events, (event) => event.type === 'sendMessageToUser', 'the missed message');
    newDesk.behaviour['reconnect'] = () => {
      newDesk.callback.sendMessageToUser(textMessage('missed', 'b-5'), 'a1');
      return true;
    };
    await expect(resumed.reconnect(saved)).resolves.toBe(true);
    await joined;
    expect(resumed.state).toBe('connected');
    expect(resumed.agent?.nickname).toBe('Ann');
    expect(newDesk.callsTo('reconnect')[0]?.args[0]).toMatchObject({ desk: { token: 't-1', cursor: 7 } });
  });

  test('reconnect answers false and ends the session when the backend no longer has the chat', async () => {
    const { session } = await startedPuppet();
    const saved = session.persisted;
    const { session: resumed, desk } = await loadPuppet();
    desk.behaviour['reconnect'] = () => false;
    await expect(resumed.reconnect(saved)).resolves.toBe(false);
    expect(resumed.state).toBe('ended');
  });

  test('reconnect refuses state persisted by another adapter', async () => {
    const { session } = await loadPuppet();
    await expect(session.reconnect({ specVersion: 'byosd.v1', adapter: 'other', chatId: 'c', state: 'queued', desk: {} })).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: expect.stringContaining('"other"'),
    });
  });
});
