import { type ChatEvent, messageText, waitForEvent } from '@byosd/core';
import { type MobileServiceCloudWorld, openChat, startMobileServiceCloudWorld } from './helpers/msc-chat.js';

/**
 * The router and MSC hold the conversation, so another desk (a gateway instance taking the chat over from one that
 * died) resumes it by listening under its ChatId again, from the last delivery its predecessor passed on.
 */
describe('a chat resumed on another desk', () => {
  let world: MobileServiceCloudWorld;

  beforeEach(async () => {
    world = await startMobileServiceCloudWorld({ seed: 5 });
  });
  afterEach(() => world.close());

  const agentTexts = (events: readonly ChatEvent[]) => events.flatMap((event) => (event.type === 'sendMessageToUser' ? [messageText(event.message)] : []));

  it('goes on both ways from where the first desk was, and the agent ending it ends it there', async () => {
    const first = openChat(world);
    await first.start({ name: 'Ada Lovelace', email: 'ada@example.com' });
    const agentChat = await world.simulator.agent.waitForChat('My invoice is wrong', 2000);
    await world.simulator.agent.accept(agentChat.chatId, { id: 'agent-7', name: 'Grace' });
    const greeted = waitForEvent(first.session.events, (event) => event.type === 'sendMessageToUser', 'the greeting');
    await world.simulator.agent.say(agentChat.chatId, 'Hello, I am Grace.');
    await greeted;
    const persisted = first.session.persisted;
    expect(persisted.desk).toMatchObject({ lastSequence: expect.any(Number) as unknown });

    const second = openChat(world);
    expect(await second.session.reconnect(persisted)).toBe(true);
    expect(second.session.state).toBe('connected');
    const next = waitForEvent(second.session.events, (event) => event.type === 'sendMessageToUser', 'the next agent message');
    await world.simulator.agent.say(agentChat.chatId, 'Are you still there?');
    await next;
    expect(agentTexts(second.events)).toEqual(['Are you still there?']);
    await second.session.sendMessageToAgent({ input: { text: 'Yes, from another desk' } }, 'user-1');
    expect((await world.simulator.agent.chat(agentChat.chatId)).messages.map((message) => message.text)).toEqual(['Yes, from another desk']);

    const ended = waitForEvent(second.session.events, (event) => event.type === 'agentEndedChat', 'agentEndedChat');
    await world.simulator.agent.end(agentChat.chatId);
    await ended;
    expect(second.session.state).toBe('ended');
  });

  it('refuses persisted state it cannot resume from', async () => {
    const chat = openChat(world);
    const persisted = { specVersion: chat.session.persisted.specVersion, adapter: 'mobile-service-cloud', chatId: 'x', state: 'connected' as const, desk: {} };
    expect(await chat.session.reconnect(persisted)).toBe(false);
  });
});
