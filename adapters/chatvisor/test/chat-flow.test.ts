import { connectMessage, randomId } from '@byosd/core';
import { ChatvisorApi } from '../src/index.js';
import { agentTextsOf, type ChatvisorTestbed, nextEvent, startChatvisorTestbed } from './helpers/chatvisor-testbed.js';
import { waitUntil } from './helpers/wait-until.js';

let bed: ChatvisorTestbed | undefined;

afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const ADA = { id: 'ada@example.com', name: 'Ada Lovelace' };

async function startedChat(testbed: ChatvisorTestbed, topic = 'Where is my parcel?', preStartChatPayload?: Record<string, string>) {
  const session = await testbed.load();
  await session.startChat(connectMessage(topic), preStartChatPayload ? { preStartChatPayload } : {});
  const chat = await testbed.simulator.agent.waitForChat(topic);
  return { session, customerId: chat.chatId };
}

describe('starting a chat', () => {
  it('tags the customer with the pre-chat answers, opens and routes the conversation, and makes the agent a URL that brings them in', async () => {
    bed = await startChatvisorTestbed({ routeToUserId: 'agent@example.com', customerLabels: ['web', 'bot-handoff'] });
    const { session, customerId } = await startedChat(bed, 'Refund please', { email: 'john.doe@example.com', firstname: 'John', lastname: 'Doe' });
    expect(bed.simulator.backend.customer(customerId)).toMatchObject({
      email: 'john.doe@example.com',
      firstname: 'John',
      lastname: 'Doe',
      labels: ['web', 'bot-handoff'],
      assignedUserId: 'agent@example.com',
    });
    const persisted = await nextEvent(session, 'updatePersistedState', (event) => 'agentChatUrl' in event.state.desk);
    const url = String((persisted.state.desk as { agentChatUrl?: string }).agentChatUrl);
    expect(bed.simulator.links.issuedFor(customerId)).toEqual([{ userId: 'agent@example.com' }]);
    // The agent opens the URL: logged in, in the chat, and the user sees them join.
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
    const joined = await nextEvent(session, 'agentJoined');
    expect(joined.profile).toEqual({ id: 'agent@example.com', nickname: 'Default Agent' });
  });

  it('routes to a team when told to, and refuses options that route to both', async () => {
    bed = await startChatvisorTestbed({ routeToTeamId: 'support' });
    const { customerId } = await startedChat(bed);
    expect(bed.simulator.backend.customer(customerId)).toMatchObject({ assignedTeamId: 'support', assignedUserId: null });
    await expect(bed.registry.load('chatvisor', { ...bed.options, routeToUserId: 'agent@example.com' })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringContaining('routeToTeamId'),
    });
  });

  it('closes the conversation it opened when routing fails, and the user may start again', async () => {
    bed = await startChatvisorTestbed({ routeToUserId: 'nobody@example.com' });
    const session = await bed.load();
    await expect(session.startChat(connectMessage('Routed nowhere'), {})).rejects.toMatchObject({ code: 'BACKEND_REJECTED' });
    expect(await bed.simulator.agent.chats('open')).toEqual([]);
    // Once the agent account exists, the same chat starts.
    bed.simulator.backend.ensureAgent('nobody@example.com', 'No Body');
    await session.startChat(connectMessage('Routed somewhere'), {});
    expect((await bed.simulator.agent.chats('open')).map((chat) => chat.topic)).toEqual(['Routed somewhere']);
  });
});

describe('agent joined, transfer and left, from status changes', () => {
  it('reports each once, in order, with the agent who sent each message', async () => {
    bed = await startChatvisorTestbed();
    const { session, customerId } = await startedChat(bed);
    const agent = bed.simulator.agent;
    await agent.accept(customerId, ADA);
    await agent.say(customerId, 'Hello from Ada');
    await agent.transfer(customerId, { id: 'grace@example.com', name: 'Grace Hopper' });
    await agent.say(customerId, 'Grace here');
    await agent.leave(customerId);
    await nextEvent(session, 'agentLeftChat');
    const reports = session.events
      .replay(0)
      .filter((event) => ['agentJoined', 'beginTransferToAnotherAgent', 'sendMessageToUser', 'agentLeftChat'].includes(event.type))
      .map((event) =>
        event.type === 'sendMessageToUser' ? `${event.agentId}: message` : event.type === 'agentJoined' ? `joined ${event.profile.nickname}` : event.type,
      );
    expect(reports).toEqual([
      'joined Ada Lovelace',
      'ada@example.com: message',
      'beginTransferToAnotherAgent',
      'joined Grace Hopper',
      'grace@example.com: message',
      'agentLeftChat',
    ]);
  });
});

describe('webhooks and polling', () => {
  it('delivers agent messages by polling while every webhook is lost, and goes on when they return', async () => {
    bed = await startChatvisorTestbed();
    bed.simulator.setWebhookFailureRate(1);
    const { session, customerId } = await startedChat(bed);
    await bed.simulator.agent.accept(customerId, ADA);
    for (const text of ['one', 'two', 'three']) await bed.simulator.agent.say(customerId, text);
    await waitUntil(() => agentTextsOf(session).length === 3, 'three agent messages by polling');
    expect(agentTextsOf(session)).toEqual(['one', 'two', 'three']);
    expect(bed.simulator.lostWebhooks).toBeGreaterThan(0);
    bed.simulator.setWebhookFailureRate(0);
    await bed.simulator.agent.say(customerId, 'four');
    await waitUntil(() => agentTextsOf(session).length === 4, 'the fourth agent message');
    expect(agentTextsOf(session)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('reports nothing twice when webhooks (duplicated and reordered) and fast polling both deliver', async () => {
    bed = await startChatvisorTestbed({ safetyPollIntervalMs: 20 });
    const { session, customerId } = await startedChat(bed);
    bed.simulator.faults.setDelivery({ duplicateRate: 0.5, reorderRate: 0.5 });
    await bed.simulator.agent.accept(customerId, ADA);
    const texts = Array.from({ length: 40 }, (_, index) => `message ${index + 1}`);
    for (const text of texts) await bed.simulator.agent.say(customerId, text);
    await waitUntil(() => agentTextsOf(session).length >= texts.length, 'every agent message');
    await bed.simulator.agent.say(customerId, 'last');
    await waitUntil(() => agentTextsOf(session).includes('last'), 'the last agent message');
    expect(agentTextsOf(session)).toEqual([...texts, 'last']);
    expect(session.events.replay(0).filter((event) => event.type === 'agentJoined')).toHaveLength(1);
  });

  it('reports a malformed webhook and goes on', async () => {
    bed = await startChatvisorTestbed();
    const { session, customerId } = await startedChat(bed);
    bed.simulator.faults.sendMalformed();
    const error = await nextEvent(session, 'setErrorStatus');
    expect(error.info).toMatchObject({ type: 'PROTOCOL_ERROR', logInfo: expect.stringContaining('status') });
    await bed.simulator.agent.accept(customerId, ADA);
    await nextEvent(session, 'agentJoined');
  });

  it('posts each user message once, by its messageId, through a lost answer', async () => {
    bed = await startChatvisorTestbed();
    const { session, customerId } = await startedChat(bed);
    bed.simulator.faults.failNext('send', { type: 'drop-after-processing' });
    const messageId = randomId();
    await session.sendMessageToAgent({ input: { text: 'only once' } }, messageId);
    const api = new ChatvisorApi({ apiUrl: bed.simulator.apiUrl, apiToken: bed.simulator.apiToken, requestTimeoutMs: 2000, retryDelayMs: 10 });
    const history = await api.history(customerId, 0);
    expect(history.entries.filter((entry) => entry.type === 'MESSAGE').map((entry) => entry.type === 'MESSAGE' && entry.externalId)).toEqual([messageId]);
  });
});

describe('areAnyAgentsOnline', () => {
  it('answers from the visibility rules and the agents online', async () => {
    bed = await startChatvisorTestbed();
    const session = await bed.load();
    const ask = () => session.areAnyAgentsOnline(connectMessage('anyone?'));
    expect(await ask()).toBe(true);
    await bed.simulator.agent.setAgentsOnline(false);
    expect(await ask()).toBe(false);
    await bed.simulator.agent.setAgentsOnline(null);
    expect(await ask()).toBeNull();
    await bed.simulator.agent.setAgentsOnline(true);
    // A negated rule that holds hides the chat: the answer is false although agents are online.
    bed.simulator.setActionRules([{ condition: 'AGENT_AVAILABLE', negate: true }]);
    expect(await ask()).toBe(false);
    bed.simulator.setActionRules([{ condition: 'AGENT_ONLINE' }]);
    expect(await ask()).toBe(true);
    // The REST setting hides the chat whatever the rules say.
    const api = new ChatvisorApi({ apiUrl: bed.simulator.apiUrl, apiToken: bed.simulator.apiToken, requestTimeoutMs: 2000, retryDelayMs: 10 });
    await fetch(`${bed.simulator.apiUrl}/rest/v1/webchat/visibility?access_token=${encodeURIComponent(bed.simulator.apiToken)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"enabled":false}',
    });
    expect((await api.visibility('CHAT')).visible).toBe(false);
    expect(await ask()).toBe(false);
  });

  it('fails with UNAUTHORIZED on a wrong token', async () => {
    bed = await startChatvisorTestbed({ apiToken: 'wrong-token' });
    const session = await bed.load();
    await expect(session.startChat(connectMessage('with a bad token'), {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
