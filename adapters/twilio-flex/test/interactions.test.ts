import { connectMessage, messageText } from '@byosd/core';
import { type FlexTestbed, nextEvent, startFlexTestbed } from './helpers/flex-testbed.js';

let testbed: FlexTestbed;

beforeEach(async () => {
  testbed = await startFlexTestbed('interactions');
});

afterEach(() => testbed.close());

describe('starting through Flex Interactions', () => {
  it('queues the conversation as a Flex task, connects the agent, and closes the interaction channel when the user ends', async () => {
    const { desk, simulator } = testbed;
    await desk.startChat(connectMessage('Refund for order 42'), {});
    const [waiting] = await simulator.agent.chats('waiting');
    expect(waiting).toMatchObject({ topic: 'Refund for order 42', status: 'queued' });
    const chatId = waiting?.chatId ?? '';

    await simulator.agent.accept(chatId, { id: 'ada@example.com', name: 'Ada' });
    expect((await nextEvent(desk, 'agentJoined')).profile).toEqual({ id: 'ada@example.com', nickname: 'Ada' });
    await simulator.agent.say(chatId, 'I can help with that.');
    expect(messageText((await nextEvent(desk, 'sendMessageToUser')).message)).toBe('I can help with that.');

    await desk.endChat();
    expect(await simulator.agent.chat(chatId)).toMatchObject({ status: 'ended', endedBy: 'user' });
    const closes = simulator.recorder
      .all()
      .filter((entry) => entry.method === 'POST' && /\/flex-api\/v1\/Interactions\/KD\w+\/Channels\/UO\w+$/.test(entry.path));
    expect(closes.map((entry) => entry.body)).toEqual([{ Status: 'closed' }]);
  });

  it('closes the conversation it created when Flex fails to take it, and a new start works', async () => {
    const { desk, simulator } = testbed;
    simulator.faults.failNext('start', { type: 'fail-after-processing' });
    await expect(desk.startChat(connectMessage('Flaky start'), {})).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect(await simulator.agent.chats('open')).toEqual([]);
    await desk.startChat(connectMessage('Second try'), {});
    expect((await simulator.agent.chats('waiting')).map((chat) => chat.topic)).toEqual(['Second try']);
  });
});
