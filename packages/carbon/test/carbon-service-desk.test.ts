import type { MessageRequest, ServiceDesk } from '@carbon/ai-chat';
import { carbonServiceDeskFactory } from '../src/index.js';
import { connectResponse, exampleSource, waitingChat } from './support/example-source.js';
import { RecordingCarbon } from './support/recording-carbon.js';

const userText = (text: string) => ({ input: { text, agent_message_type: 'from_user' } }) as unknown as MessageRequest;
const ALEX = { id: 'alex', name: 'Alex' };
const SAM = { id: 'sam', name: 'Sam' };

let example: ReturnType<typeof exampleSource>;

beforeEach(() => {
  example = exampleSource();
});

afterEach(() => example.close());

async function loadDesk(carbon: RecordingCarbon, source = example.source): Promise<ServiceDesk> {
  return carbonServiceDeskFactory(source)({ callback: carbon.callback, instance: carbon.instance(), persistedState: carbon.persisted });
}

/** Starts a chat from Carbon and has Alex accept it. */
async function escalate(desk: ServiceDesk, carbon: RecordingCarbon, topic: string) {
  await desk.startChat(connectResponse(topic), { preStartChatPayload: undefined });
  const chat = waitingChat(example.desk, topic);
  example.desk.accept(chat.id, ALEX);
  await carbon.waitForCall('agentJoined', ([profile]) => (profile as { id: string }).id === 'alex');
  return chat;
}

test('a chat from Carbon reaches the agent, and both sides talk, in order', async () => {
  const carbon = new RecordingCarbon();
  const desk = await loadDesk(carbon);
  expect(desk.getName?.()).toBe('Example desk');
  const chat = await escalate(desk, carbon, 'Where is my order?');
  expect(carbon.named('agentJoined')).toEqual([[{ id: 'alex', nickname: 'Alex', user_type: 'human' }]]);

  await desk.sendMessageToAgent(userText('It was due Monday'), 'u-1', { filesToUpload: [] });
  expect(example.desk.chat(chat.id).received.map((message) => message.text)).toEqual(['It was due Monday']);

  example.desk.type(chat.id, true);
  example.desk.say(chat.id, 'Let me look', 'm-1');
  await carbon.waitForCall('sendMessageToUser');
  // The message ends the typing indicator, as in byosd's widget: Carbon is told before the message.
  expect(carbon.named('agentTyping')).toEqual([[true], [false]]);
  expect(carbon.calls.map((call) => call.method).slice(-2)).toEqual(['agentTyping', 'sendMessageToUser']);
  expect(carbon.named('sendMessageToUser')).toEqual([[{ id: 'm-1', output: { generic: [{ response_type: 'text', text: 'Let me look' }] } }, 'alex']]);

  await desk.userTyping?.(true);
  expect(example.desk.chat(chat.id).userTyping).toBe(true);
});

test('Carbon\'s callbacks run one at a time: a message waits for the "joined" line still being shown', async () => {
  const carbon = new RecordingCarbon();
  const desk = await loadDesk(carbon);
  await desk.startChat(connectResponse('Slow join'), { preStartChatPayload: undefined });
  const release = carbon.hold('agentJoined');
  const chat = waitingChat(example.desk, 'Slow join');
  example.desk.accept(chat.id, ALEX);
  example.desk.say(chat.id, 'Hi, Alex here', 'm-1');
  // The desk delivered both; Carbon is still busy with the first.
  await new Promise((resolve) => setImmediate(resolve));
  expect(carbon.named('sendMessageToUser')).toEqual([]);
  release();
  await carbon.waitForCall('sendMessageToUser');
  expect(carbon.calls.map((call) => call.method).filter((method) => method === 'agentJoined' || method === 'sendMessageToUser')).toEqual([
    'agentJoined',
    'sendMessageToUser',
  ]);
});

test("after a reload, reconnect() takes no argument: the chat resumes from Carbon's persisted state, with its history", async () => {
  const before = new RecordingCarbon();
  const first = await loadDesk(before);
  const chat = await escalate(first, before, 'Resume me');
  await first.sendMessageToAgent(userText('Hello'), 'u-1', { filesToUpload: [] });
  example.desk.say(chat.id, 'Hello Ada', 'm-1');
  await before.waitForCall('sendMessageToUser');

  // The page reloads: Carbon creates a new desk with what it persisted, loads the history, then calls reconnect().
  const after = new RecordingCarbon(before.persisted);
  const factory = carbonServiceDeskFactory(example.source);
  const history = await factory.loadHistory(after.instance());
  expect(history.map((item) => item.message)).toEqual([
    { id: 'u-1', input: { message_type: 'text', text: 'Hello', agent_message_type: 'from_user' } },
    {
      id: 'm-1',
      output: { generic: [{ response_type: 'text', text: 'Hello Ada', agent_message_type: 'from_agent' }] },
      message_options: { response_user_profile: { id: 'alex', nickname: 'Alex', user_type: 'human' } },
    },
  ]);
  const second = await factory({ callback: after.callback, instance: after.instance(), persistedState: after.persisted });
  example.desk.say(chat.id, 'Said while you reloaded', 'm-2');
  await expect(second.reconnect?.()).resolves.toBe(true);
  await after.waitForCall('sendMessageToUser', ([message]) => (message as { id: string }).id === 'm-2');
  // The message from before the reload is in the history, not shown again.
  expect(after.named('sendMessageToUser').map(([message]) => (message as { id: string }).id)).toEqual(['m-2']);

  await second.sendMessageToAgent(userText('Still here'), 'u-2', { filesToUpload: [] });
  expect(example.desk.chat(chat.id).received.map((message) => message.text)).toEqual(['Hello', 'Still here']);
  expect((await factory.loadHistory(after.instance())).map((item) => item.message.id)).toEqual(['u-1', 'm-1', 'm-2', 'u-2']);
});

test('reconnect() answers false when nothing is there to resume, and no history is shown for an ended chat', async () => {
  const carbon = new RecordingCarbon();
  const desk = await loadDesk(carbon);
  await expect(desk.reconnect?.()).resolves.toBe(false);
  await escalate(desk, carbon, 'Short chat');
  await desk.endChat({ endedByHumanAgent: false, preEndChatPayload: null });
  expect(await carbonServiceDeskFactory(example.source).loadHistory(carbon.instance())).toEqual([]);
});

test('a transfer reaches Carbon with the new agent, who then joins', async () => {
  const carbon = new RecordingCarbon();
  const desk = await loadDesk(carbon);
  const chat = await escalate(desk, carbon, 'Transfer me');
  example.desk.transfer(chat.id, SAM);
  await carbon.waitForCall('agentJoined', ([profile]) => (profile as { id: string }).id === 'sam');
  const methods = carbon.calls.map((call) => call.method);
  expect(methods.lastIndexOf('beginTransferToAnotherAgent')).toBeLessThan(methods.lastIndexOf('agentJoined'));
});

test("the user ends the chat with Carbon's null payload; a second escalation opens a new chat", async () => {
  const carbon = new RecordingCarbon();
  const desk = await loadDesk(carbon);
  const first = await escalate(desk, carbon, 'First chat');
  await desk.endChat({ endedByHumanAgent: false, preEndChatPayload: null });
  expect(example.desk.chat(first.id).endedBy).toBe('user');

  const second = await escalate(desk, carbon, 'Second chat');
  expect(second.id).not.toBe(first.id);
  await desk.sendMessageToAgent(userText('Me again'), 'u-9', { filesToUpload: [] });
  expect(example.desk.chat(second.id).received.map((message) => message.text)).toEqual(['Me again']);
});

test('the agent ends the chat: Carbon is told, and its endChat({ endedByHumanAgent: true }) that follows resolves', async () => {
  const carbon = new RecordingCarbon();
  const desk = await loadDesk(carbon);
  const chat = await escalate(desk, carbon, 'Agent ends');
  example.desk.end(chat.id);
  await carbon.waitForCall('agentEndedChat');
  await expect(desk.endChat({ endedByHumanAgent: true, preEndChatPayload: null })).resolves.toBeUndefined();
  expect(example.desk.chat(chat.id).endedBy).toBe('agent');
});

test('queue positions reach Carbon in camelCase', async () => {
  const carbon = new RecordingCarbon();
  const desk = await loadDesk(carbon);
  await desk.startChat(connectResponse('Queued'), { preStartChatPayload: { name: 'Ada' } });
  const chat = waitingChat(example.desk, 'Queued');
  expect(chat.preChat).toEqual({ name: 'Ada' });
  example.desk.setQueue(chat.id, 2, 3);
  await carbon.waitForCall('updateAgentAvailability');
  expect(carbon.named('updateAgentAvailability')).toEqual([[{ positionInQueue: 2, estimatedWaitTime: 3 }]]);
});

test('a start that fails rejects for Carbon to report, without a second CONNECTING from the bridge', async () => {
  const carbon = new RecordingCarbon();
  const desk = await loadDesk(carbon);
  example.desk.failNext('start', { code: 'UNAVAILABLE', message: 'maintenance' });
  await expect(desk.startChat(connectResponse('Fails'), { preStartChatPayload: undefined })).rejects.toThrow();
  expect(carbon.named('setErrorStatus')).toEqual([]);
  // Carbon ends the chat it could not start; nothing is open, so that is quiet.
  await expect(desk.endChat({ endedByHumanAgent: false, preEndChatPayload: null })).resolves.toBeUndefined();
});

test('Carbon sees only the optional methods of declared capabilities', async () => {
  const limited = exampleSource({ userTyping: false, userReadReceipts: false, resume: false, agentAvailability: false, fileUploads: false });
  try {
    const desk = await loadDesk(new RecordingCarbon(), limited.source);
    expect(Object.keys(desk).sort()).toEqual(['endChat', 'getName', 'sendMessageToAgent', 'startChat']);
  } finally {
    limited.close();
  }
  const full = await loadDesk(new RecordingCarbon());
  expect(Object.keys(full).sort()).toEqual([
    'areAnyAgentsOnline',
    'endChat',
    'filesSelectedForUpload',
    'getName',
    'reconnect',
    'sendMessageToAgent',
    'startChat',
    'userReadMessages',
    'userTyping',
  ]);
});

test('a malformed source is refused naming the field', () => {
  expect(() => carbonServiceDeskFactory({ gateway: { url: '', adapter: 'example' } })).toThrow(/gateway\.url/);
});

test('after a reload, a new escalation (Carbon did not resume) is a new chat, not the persisted one', async () => {
  const before = new RecordingCarbon();
  const first = await loadDesk(before);
  const chat = await escalate(first, before, 'Left behind');
  const after = new RecordingCarbon(before.persisted);
  const second = await loadDesk(after);
  const next = await escalate(second, after, 'Fresh start');
  expect(next.id).not.toBe(chat.id);
  await second.sendMessageToAgent(userText('New chat'), 'u-1', { filesToUpload: [] });
  expect(example.desk.chat(next.id).received.map((message) => message.text)).toEqual(['New chat']);
  expect(example.desk.chat(chat.id).received).toEqual([]);
});
