import { connectMessage, type ServiceDeskCallback } from '@byosd/core';
import { twilioFlexConformance } from '../testbed/index.js';
import { type FlexTestbed, nextEvent, startFlexTestbed } from './helpers/flex-testbed.js';

let testbed: FlexTestbed;

beforeEach(async () => {
  testbed = await startFlexTestbed('web-chats');
});

afterEach(() => testbed.close());

/** Starts a chat and finds it at Flex. */
async function startChat(topic: string): Promise<string> {
  await testbed.desk.startChat(connectMessage(topic), {});
  return (await testbed.simulator.agent.waitForChat(topic)).chatId;
}

const reported = (type: string) => testbed.desk.events.replay(0).filter((event) => event.type === type);

describe('what Flex events mean to the user', () => {
  it('takes only a participant that Flex marks as an agent for the agent', async () => {
    const chatId = await startChat('Who is there?');
    // A supervisor added over REST with webhooks on: a participant, but not a Flex agent.
    await testbed.twilio(
      `/v1/Conversations/${chatId}/Participants`,
      { Identity: 'supervisor@example.com', Attributes: '{"member_type":"supervisor"}' },
      { 'x-twilio-webhook-enabled': 'true' },
    );
    await testbed.simulator.agent.accept(chatId, { id: 'ada@example.com', name: 'Ada' });
    // One conversation's deliveries keep their order: the supervisor's came first.
    await nextEvent(testbed.desk, 'agentJoined');
    expect(reported('agentJoined').map((event) => event.type === 'agentJoined' && event.profile.id)).toEqual(['ada@example.com']);
  });

  it('does not end the chat when the conversation goes inactive; the next message makes it active again', async () => {
    const chatId = await startChat('Quiet for a while');
    await testbed.simulator.agent.accept(chatId, { id: 'ada@example.com', name: 'Ada' });
    await nextEvent(testbed.desk, 'agentJoined');
    await testbed.twilio(`/v1/Conversations/${chatId}`, { State: 'inactive' }, { 'x-twilio-webhook-enabled': 'true' });
    await testbed.desk.sendMessageToAgent({ input: { text: 'Still there?' } }, 'after-inactive');
    expect(await testbed.simulator.agent.chat(chatId)).toMatchObject({ status: 'active', messages: [{ text: 'Still there?' }] });
    await testbed.simulator.agent.say(chatId, 'Yes!');
    await nextEvent(testbed.desk, 'sendMessageToUser');
    expect(reported('agentEndedChat')).toEqual([]);
  });

  it('reports the locale as a customer attribute without dropping what Flex keeps there', async () => {
    const chatId = await startChat('Locale');
    const customer = async () => {
      const response = await fetch(`${testbed.simulator.baseUrls.conversations}/v1/Conversations/${chatId}/Participants`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${testbed.simulator.credentials.accountSid}:${testbed.simulator.credentials.authToken}`).toString('base64')}`,
        },
      });
      const [first] = ((await response.json()) as { participants: Array<{ sid: string; attributes: string }> }).participants;
      return { sid: first?.sid ?? '', attributes: JSON.parse(first?.attributes ?? '{}') as unknown };
    };
    // Flex (a pre-engagement form, say) keeps the customer's e-mail address on the participant.
    await testbed.twilio(`/v1/Conversations/${chatId}/Participants/${(await customer()).sid}`, {
      Attributes: '{"member_type":"guest","email":"kim@example.com"}',
    });
    await testbed.desk.updateState({ locale: 'nl-NL' });
    expect((await customer()).attributes).toEqual({ member_type: 'guest', email: 'kim@example.com', locale: 'nl-NL' });
    expect((await testbed.simulator.agent.chat(chatId)).locale).toBe('nl-NL');
  });

  it('names the customer from the pre-chat form, and hands the form to Flex as pre-engagement data', async () => {
    await testbed.desk.startChat(connectMessage('Named'), { preStartChatPayload: { name: 'Kim', email: 'kim@example.com' } });
    const start = testbed.simulator.recorder.all().find((entry) => entry.path.endsWith('/flex-api/v2/WebChats'));
    expect(start?.body).toMatchObject({ CustomerFriendlyName: 'Kim', PreEngagementData: '{"name":"Kim","email":"kim@example.com"}' });
  });

  it('leaves nothing open when the user ends the chat while it is starting, even without a chat session around it', async () => {
    const harness = await twilioFlexConformance.setup({ seed: 1 });
    try {
      // The adapter alone, reporting nowhere: the chat session would otherwise wait for the start itself.
      const ignore = new Proxy({}, { get: () => () => undefined }) as ServiceDeskCallback;
      const desk = harness.createDesk(ignore, { chatId: 'raw-chat' });
      const starting = desk.startChat(connectMessage('Changed my mind'), {});
      await desk.endChat();
      await expect(starting).rejects.toMatchObject({ code: 'CHAT_ENDED' });
      expect(await harness.agent.chats('open')).toEqual([]);
    } finally {
      await harness.teardown();
    }
  });
});
