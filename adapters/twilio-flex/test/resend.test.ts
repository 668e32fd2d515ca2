import { type FlexTestbed, startAcceptedChat, startFlexTestbed } from './helpers/flex-testbed.js';

/**
 * A chat that moves to another host (a gateway instance took it over) may be sent a message again that its previous
 * host had posted before it went away, its answer lost: the client resends it with the same messageId. The resumed
 * desk looks for it before posting, so the agent gets it once; the first message not found ends the looking.
 */
describe('Twilio Flex: a message sent again with its messageId reaches the agent once', () => {
  let testbed: FlexTestbed;

  beforeEach(async () => {
    testbed = await startFlexTestbed('web-chats');
  });

  afterEach(() => testbed.close());

  it('the resend of a message the previous host posted is not posted again; a new message is', async () => {
    const { desk, simulator } = testbed;
    const chatId = await startAcceptedChat(testbed, 'Resend after resume');
    await desk.sendMessageToAgent({ input: { text: 'posted before the move' } }, 'message-1');
    const persisted = desk.persisted;
    // The agent goes on meanwhile: the resent message is no longer on the newest page of the conversation.
    for (let index = 1; index <= 120; index += 1) await simulator.agent.say(chatId, `while you were away ${index}`);

    const resumed = await testbed.loadDesk();
    expect(await resumed.reconnect(persisted)).toBe(true);
    await resumed.sendMessageToAgent({ input: { text: 'posted before the move' } }, 'message-1');
    await resumed.sendMessageToAgent({ input: { text: 'new after the move' } }, 'message-2');
    await resumed.sendMessageToAgent({ input: { text: 'and one more' } }, 'message-3');

    const texts = (await simulator.agent.chat(chatId)).messages.filter((message) => !message.text.startsWith('while')).map((message) => message.text);
    expect(texts).toEqual(['posted before the move', 'new after the move', 'and one more']);
    await resumed.endChat();
  });

  it('a send the adapter gave up on after Twilio took it, sent again with its messageId, is not posted twice', async () => {
    const { desk, simulator } = testbed;
    const chatId = await startAcceptedChat(testbed, 'Resend after giving up');
    // Every try refused (503) but the last, which Twilio takes and answers 500: the adapter gives up, its fate open.
    simulator.faults.failNext('send', { type: 'unavailable' }, 4);
    simulator.faults.failNext('send', { type: 'fail-after-processing' });
    await expect(desk.sendMessageToAgent({ input: { text: 'taken, answer lost' } }, 'message-1')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    // The client sends it again, as a gateway's client does after a retryable error.
    await desk.sendMessageToAgent({ input: { text: 'taken, answer lost' } }, 'message-1');
    await desk.sendMessageToAgent({ input: { text: 'the next one' } }, 'message-2');

    const texts = (await simulator.agent.chat(chatId)).messages.map((message) => message.text);
    expect(texts).toEqual(['taken, answer lost', 'the next one']);
    await desk.endChat();
  });
});
