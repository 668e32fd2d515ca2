import { waitForEvent } from '@byosd/core';
import { isHandoverFailedError } from '../src/index.js';
import { type MobileServiceCloudWorld, openChat, startMobileServiceCloudWorld } from './helpers/msc-chat.js';

describe('the handover flow of seed 002 ("Livechat Channel Integration")', () => {
  let world: MobileServiceCloudWorld;

  beforeEach(async () => {
    world = await startMobileServiceCloudWorld({ seed: 3 });
  });
  afterEach(() => world.close());

  const intake = { name: 'Ada Lovelace', email: 'ada@example.com' };

  it('starts only when the bot answers livechat: true; otherwise the user keeps the bot and its answer', async () => {
    world.simulator.bot.content.answers = [{ when: 'invoice', text: 'You can download invoices under My account.', outputAdditions: { livechat: false } }];
    const chat = openChat(world);
    const failure: unknown = await chat.start(intake).catch((error: unknown) => error);
    expect(isHandoverFailedError(failure) && failure.step).toBe('not-offered');
    expect((failure as Error).message).toBe('You can download invoices under My account.');
    expect(chat.session.state).toBe('idle');
    expect(world.simulator.openConversations()).toBe(0);
  });

  it('hands over with skill as routing keywords, mscWebstore as referrer, and the intake answers for the agent', async () => {
    world.simulator.bot.content.fallback = {
      text: 'Connecting you.',
      outputAdditions: { livechat: true, skill: 'billing', mscWebstore: 'shop-be', mscChannel: 'WhatsApp' },
    };
    const chat = openChat(world);
    await chat.start({ ...intake, pageUrl: 'https://shop.example/help' });
    expect(chat.session.state).toBe('queued');
    const agentChat = await world.simulator.agent.waitForChat('My invoice is wrong', 2000);
    expect(agentChat.preChat).toEqual({
      question: 'My invoice is wrong',
      skill: 'billing',
      mscWebstore: 'shop-be',
      mscChannel: 'WhatsApp',
      referrer: 'shop-be',
      agentStatus: 'online',
      'intake.name': 'Ada Lovelace',
      'intake.email': 'ada@example.com',
    });
    // The presence check asked about the bot's channel and webstore.
    const presence = world.simulator.recorder.all().find((request) => request.path.startsWith('/presence/'));
    expect(presence?.path).toContain('Channel=WhatsApp');
    expect(presence?.path).toContain('referrer=shop-be');
  });

  it("falls back to the user's page URL when mscWebstore is empty", async () => {
    world.simulator.bot.content.fallback = { text: 'Connecting you.', outputAdditions: { livechat: true, skill: 'support', mscWebstore: '' } };
    const chat = openChat(world);
    await chat.start({ ...intake, pageUrl: 'https://shop.example/nl/contact' });
    const agentChat = await world.simulator.agent.waitForChat('My invoice is wrong', 2000);
    expect(agentChat.preChat).toMatchObject({ referrer: 'https://shop.example/nl/contact', skill: 'support' });
    expect(agentChat.preChat).not.toHaveProperty('mscWebstore');
  });

  it("keeps mscWebstore and mscChannel in the chat's persisted state", async () => {
    const chat = openChat(world);
    await chat.start(intake);
    expect(chat.session.persisted.desk).toMatchObject({ mscWebstore: 'shop-nl', mscChannel: 'WebChat', skill: 'support', agentStatus: 'online' });
  });

  it('runs the configured intake questions of the prechat dialog, and the answers reach the agent', async () => {
    world.simulator.bot.content.prechat = [
      { intakeId: 'name', question: 'Your name?' },
      { intakeId: 'orderNumber', question: 'Your order number?' },
    ];
    const chat = openChat(world);
    await chat.start({ name: 'Grace', orderNumber: 'NL-1234' });
    const agentChat = await world.simulator.agent.waitForChat('My invoice is wrong', 2000);
    expect(agentChat.preChat).toMatchObject({ 'intake.name': 'Grace', 'intake.orderNumber': 'NL-1234' });
  });

  it('says no colleague is online (the bot speaks) when presence answers Offline, and hands nothing over', async () => {
    await world.simulator.agent.setAgentsOnline(false);
    const chat = openChat(world);
    const failure: unknown = await chat.start(intake).catch((error: unknown) => error);
    expect(isHandoverFailedError(failure) && failure.step).toBe('offline');
    expect((failure as Error).message).toBe(world.simulator.bot.content.offlineText);
    expect(world.simulator.openConversations()).toBe(0);
  });

  it("keeps the presence checks of chats started together within MSC's rate limit (no 429, so none is counted offline)", async () => {
    const chats = [1, 2, 3, 4, 5, 6, 7].map(() => openChat(world));
    const startedAt = Date.now();
    await Promise.all(chats.map((chat) => chat.start(intake)));
    expect(chats.map((chat) => chat.session.state)).toEqual(Array(7).fill('queued'));
    // 3 a second: the 7th presence check waited for the 2nd second.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2000);
  });

  it("waits out a 429 from presence (another client used MSC's budget) instead of counting it offline", async () => {
    const { presence } = world.simulator.urls;
    const query = new URLSearchParams({ apikey: world.options.presenceApiKey, Channel: 'WebChat', referrer: 'shop-nl' });
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${presence}/api/v1?${query}`)).status).toBe(200);
    const chat = openChat(world);
    await chat.start(intake);
    expect(chat.session.state).toBe('queued');
  });

  it('carries the conversation both ways once an agent picks it up', async () => {
    const chat = openChat(world);
    await chat.start(intake);
    const agentChat = await world.simulator.agent.waitForChat('My invoice is wrong', 2000);
    const joined = waitForEvent(chat.session.events, (event) => event.type === 'agentJoined', 'agentJoined');
    await world.simulator.agent.accept(agentChat.chatId, { id: 'agent-7', name: 'Grace' });
    expect(await joined).toMatchObject({ profile: { id: 'agent-7', nickname: 'Grace' } });
    const said = waitForEvent(chat.session.events, (event) => event.type === 'sendMessageToUser', 'the agent message');
    await world.simulator.agent.say(agentChat.chatId, 'Hello, I am Grace.');
    expect(await said).toMatchObject({ message: { output: { generic: [{ text: 'Hello, I am Grace.' }] } } });
    await chat.session.sendMessageToAgent({ input: { text: 'Hi Grace' } }, 'user-1');
    expect((await world.simulator.agent.chat(agentChat.chatId)).messages.map((message) => message.text)).toEqual(['Hi Grace']);
    const ended = waitForEvent(chat.session.events, (event) => event.type === 'agentEndedChat', 'agentEndedChat');
    await world.simulator.agent.end(agentChat.chatId);
    await ended;
    expect(chat.session.state).toBe('ended');
  });
});
