import { type ChatSession, type ChatState, connectMessage, ErrorCode, isServiceDeskError, type PersistedChat } from '@byosd/core';
import { loadPuppet, type PuppetDesk } from './support/puppet-adapter.js';

/** Brings a fresh puppet chat into `state` through the public API and the adapter's callback. */
async function chatIn(state: ChatState): Promise<{ session: ChatSession; desk: PuppetDesk; releaseStart: () => void }> {
  const { session, desk } = await loadPuppet();
  let releaseStart = () => undefined as void;
  if (state === 'idle') return { session, desk, releaseStart };
  if (state === 'starting') {
    // The backend holds the start until the test lets it go.
    desk.behaviour['startChat'] = () => new Promise<void>((resolve) => (releaseStart = resolve));
    void session.startChat(connectMessage('help'), {}).catch(() => undefined);
    await waitUntil(() => session.state === 'starting');
    return { session, desk, releaseStart };
  }
  await session.startChat(connectMessage('help'), {});
  if (state === 'queued') return { session, desk, releaseStart };
  if (state === 'ended') {
    await session.endChat();
    return { session, desk, releaseStart };
  }
  desk.callback.agentJoined({ id: 'a1', nickname: 'Ann' });
  if (state === 'transferring') desk.callback.beginTransferToAnotherAgent({ id: 'a2', nickname: 'Bo' });
  if (state === 'agent-left') desk.callback.agentLeftChat();
  expect(session.state).toBe(state);
  return { session, desk, releaseStart };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition not reached');
}

const persisted: PersistedChat = { specVersion: 'byosd.v1', adapter: 'puppet', chatId: 'x', state: 'connected', desk: {} };
const file = new File(['x'], 'a.txt');

const operations: Record<string, (session: ChatSession) => Promise<unknown>> = {
  startChat: (session) => session.startChat(connectMessage('again'), {}),
  reconnect: (session) => session.reconnect({ ...persisted, chatId: session.chatId }),
  endChat: (session) => session.endChat(),
  sendMessageToAgent: (session) => session.sendMessageToAgent({ input: { text: 'hi' } }, 'm1'),
  userTyping: (session) => session.userTyping(true),
  userReadMessages: (session) => session.userReadMessages(),
  filesSelectedForUpload: (session) => session.filesSelectedForUpload([{ id: 'f1', file }]),
  updateState: (session) => session.updateState({ locale: 'nl' }),
  areAnyAgentsOnline: (session) => session.areAnyAgentsOnline(connectMessage('?')),
};

const live = ['queued', 'connected', 'transferring', 'agent-left'];
/** Where each operation is allowed, written out independently of the implementation's table. */
const allowedIn: Record<string, string[]> = {
  startChat: ['idle'],
  reconnect: ['idle'],
  endChat: ['starting', ...live, 'ended'],
  sendMessageToAgent: live,
  userTyping: live,
  userReadMessages: live,
  filesSelectedForUpload: live,
  updateState: ['idle', 'starting', ...live],
  areAnyAgentsOnline: ['idle', 'starting', ...live],
};

const states: ChatState[] = ['idle', 'starting', 'queued', 'connected', 'transferring', 'agent-left', 'ended'];
const cases = states.flatMap((state) => Object.keys(operations).map((operation) => [state, operation] as const));

describe('the chat lifecycle', () => {
  test.each(cases)('in state %s, %s is allowed or fails with a typed error naming the state', async (state, operation) => {
    const { session, releaseStart } = await chatIn(state);
    const result = operations[operation]!(session);
    const stateAfterCall = session.state;
    releaseStart();
    if (allowedIn[operation]!.includes(state)) {
      await expect(result).resolves.not.toThrow();
      return;
    }
    const failure = await result.then(
      () => undefined,
      (error: unknown) => error,
    );
    const expectedCode = state === 'ended' ? ErrorCode.CHAT_ENDED : ErrorCode.INVALID_STATE;
    expect(isServiceDeskError(failure, expectedCode)).toBe(true);
    if (expectedCode === ErrorCode.INVALID_STATE) expect((failure as Error).message).toContain(`while the chat is ${state}`);
    expect(stateAfterCall).toBe(state);
  });

  const eventCases: Array<[ChatState, string, ChatState]> = [
    ['queued', 'agentJoined', 'connected'],
    ['starting', 'agentJoined', 'connected'],
    ['agent-left', 'agentJoined', 'connected'],
    ['transferring', 'agentJoined', 'connected'],
    ['connected', 'agentLeftChat', 'agent-left'],
    ['queued', 'agentLeftChat', 'queued'],
    ['connected', 'beginTransferToAnotherAgent', 'transferring'],
    ['queued', 'beginTransferToAnotherAgent', 'queued'],
    ['connected', 'agentEndedChat', 'ended'],
    ['queued', 'agentEndedChat', 'ended'],
    ['idle', 'agentJoined', 'idle'],
    ['ended', 'agentJoined', 'ended'],
  ];
  test.each(eventCases)('in state %s, the adapter reporting %s leads to %s', async (state, report, expected) => {
    const { session, desk } = await chatIn(state);
    const callback = desk.callback as unknown as Record<string, (...args: unknown[]) => void>;
    callback[report]!({ id: 'a9', nickname: 'Cy' });
    expect(session.state).toBe(expected);
  });
});
