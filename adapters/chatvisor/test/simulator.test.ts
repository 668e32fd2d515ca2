import { createHmac } from 'node:crypto';
import { chatvisorPath } from '../protocol/index.js';
import { ChatvisorSimulator } from '../simulator/index.js';
import { waitUntil } from './helpers/wait-until.js';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.js';

let simulator: ChatvisorSimulator;
let receiver: WebhookReceiver;

beforeEach(async () => {
  simulator = new ChatvisorSimulator({ seed: 7 });
  await simulator.start();
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await simulator.stop();
  await receiver.close();
});

/** A REST call with the API token as a Bearer header. */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${simulator.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${simulator.apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

async function openChat(subject = 'Where is my parcel?'): Promise<string> {
  const tagged = await api('POST', chatvisorPath('tagCustomer'), {
    email: 'john.doe@example.com',
    firstname: 'John',
    id: 123,
    labels: ['foo', 'bar'],
    lastname: 'Doe',
  });
  const customerId = (tagged.json as { customerId: string }).customerId;
  expect((await api('POST', chatvisorPath('openConversation'), { customerId, subject })).status).toBe(201);
  return customerId;
}

describe('auth', () => {
  it('answers 401 without a token or with a wrong one, and accepts the token as access_token or Bearer', async () => {
    const url = `${simulator.baseUrl}${chatvisorPath('listCustomers')}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${url}?access_token=wrong`)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${url}?access_token=${encodeURIComponent(simulator.apiToken)}`)).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: `Bearer ${simulator.apiToken}` } })).status).toBe(200);
  });
});

describe('customers', () => {
  it('tags a customer with the documented body, then finds them by query, in the list and among the active ones', async () => {
    const customerId = await openChat();
    const customer = (await api('GET', chatvisorPath('queryCustomer', { customerId }))).json;
    expect(customer).toMatchObject({ customerId, externalId: 123, email: 'john.doe@example.com', firstname: 'John', lastname: 'Doe', labels: ['foo', 'bar'] });
    expect((await api('GET', `${chatvisorPath('listCustomers')}?pageNumber=0&pageSize=10`)).json).toMatchObject({ totalElements: 1 });
    expect((await api('GET', chatvisorPath('listActiveCustomers'))).json).toMatchObject({ content: [{ customerId }] });
    await api('PUT', chatvisorPath('setConversationStatus', { customerId }), { status: 'DONE' });
    expect((await api('GET', chatvisorPath('listActiveCustomers'))).json).toMatchObject({ content: [] });
  });

  it('tagging the same external id again re-identifies the customer and adds labels', async () => {
    const first = await api('POST', chatvisorPath('tagCustomer'), { id: 'crm-1', labels: ['a'] });
    const second = await api('POST', chatvisorPath('tagCustomer'), { id: 'crm-1', labels: ['b'], firstname: 'Ann' });
    expect(second.json).toMatchObject({ customerId: (first.json as { customerId: string }).customerId, labels: ['a', 'b'], firstname: 'Ann' });
  });

  it('assigns a customer to a user or to a team, but refuses both at once', async () => {
    const customerId = await openChat();
    expect((await api('POST', chatvisorPath('assignCustomer', { customerId }), { userId: 'agent@example.com' })).json).toMatchObject({
      assignedUserId: 'agent@example.com',
      assignedTeamId: null,
    });
    expect((await api('POST', chatvisorPath('assignCustomer', { customerId }), { teamId: 'support' })).json).toMatchObject({
      assignedUserId: null,
      assignedTeamId: 'support',
    });
    const both = await api('POST', chatvisorPath('assignCustomer', { customerId }), { userId: 'agent@example.com', teamId: 'support' });
    expect(both.status).toBe(400);
    expect(both.json).toMatchObject({ error: 'BAD_REQUEST' });
    expect((await api('POST', chatvisorPath('assignCustomer', { customerId }), { teamId: 'nobody' })).status).toBe(404);
  });
});

describe('agent account sync', () => {
  it('creates, updates and deletes agent accounts; a bad body is refused naming the field', async () => {
    expect(
      (await api('POST', chatvisorPath('createUser'), { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', teamIds: ['support'] })).status,
    ).toBe(201);
    expect((await api('POST', chatvisorPath('createUser'), { email: 'ada@example.com' })).status).toBe(409);
    expect((await api('PUT', chatvisorPath('updateUser', { userId: 'ada@example.com' }), { lastname: 'King' })).json).toMatchObject({
      userId: 'ada@example.com',
      firstname: 'Ada',
      lastname: 'King',
    });
    const bad = await api('POST', chatvisorPath('createUser'), { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect((bad.json as { message: string }).message).toContain('body.email');
    expect((await api('DELETE', chatvisorPath('deleteUser', { userId: 'ada@example.com' }))).status).toBe(200);
    expect(((await api('GET', chatvisorPath('listUsers'))).json as { users: Array<{ userId: string }> }).users.map((user) => user.userId)).toEqual([
      'agent@example.com',
    ]);
  });

  it('reports when agents were online', async () => {
    const report = await api('POST', chatvisorPath('agentOnlineTimes'), { grouping: 'LAST_7_DAYS' });
    expect(report.json).toEqual([
      expect.objectContaining({ userId: 'agent@example.com', timeRanges: [expect.objectContaining({ start: expect.any(String) })] }),
    ]);
  });
});

describe('chat visibility', () => {
  const visibility = async (query = '') => (await api('GET', `${chatvisorPath('chatVisibility')}${query}`)).json as { visible: boolean };

  it('shows the chat when nothing is configured, and hides it when the REST setting disables it', async () => {
    expect(await visibility()).toMatchObject({ visible: true, enabled: true, rules: [] });
    await api('PUT', chatvisorPath('setChatVisibility'), { enabled: false });
    expect(await visibility()).toMatchObject({ visible: false, enabled: false });
  });

  it('combines action rules, with negation, and the REST setting', async () => {
    simulator.setActionRules([{ condition: 'AGENT_ONLINE' }, { condition: 'SECOND_VISIT', negate: true }, { condition: 'SECONDS_ON_PAGE', seconds: 30 }]);
    expect((await visibility('?secondsOnPage=40&visitNumber=1')).visible).toBe(true);
    expect((await visibility('?secondsOnPage=10&visitNumber=1')).visible).toBe(false);
    expect((await visibility('?secondsOnPage=40&visitNumber=2')).visible).toBe(false);
    // A rule on a visitor fact that is not given does not hide the chat.
    expect(await visibility()).toMatchObject({ visible: true, rules: [{ satisfied: true }, { satisfied: null }, { satisfied: null }] });
    await simulator.agent.setAgentsOnline(false);
    expect((await visibility('?secondsOnPage=40&visitNumber=1')).visible).toBe(false);
  });

  it('follows opening hours and agent availability', async () => {
    const monday10 = new Date('2026-11-30T10:00:00Z');
    const clocked = new ChatvisorSimulator({ seed: 1, now: () => monday10 });
    await clocked.start();
    try {
      const url = `${clocked.baseUrl}${chatvisorPath('chatVisibility')}?access_token=${encodeURIComponent(clocked.apiToken)}`;
      clocked.setActionRules([
        { condition: 'OPENING_HOURS', openingHours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' } },
        { condition: 'AGENT_AVAILABLE' },
      ]);
      expect(await (await fetch(url)).json()).toMatchObject({ visible: true });
      clocked.setActionRules([{ condition: 'OPENING_HOURS', negate: true, openingHours: { days: [1], from: '09:00', to: '17:00' } }]);
      expect(await (await fetch(url)).json()).toMatchObject({ visible: false });
    } finally {
      await clocked.stop();
    }
  });
});

describe('webhooks', () => {
  const configure = (extra: object = {}) =>
    simulator.configureWebhooks({
      urls: { 'new-conversation': `${receiver.url}/new`, 'status-change': `${receiver.url}/status`, 'new-message': `${receiver.url}/message` },
      ...extra,
    });

  it('posts new conversation, new message and status change with the documented bodies (the `test` key)', async () => {
    configure();
    const customerId = await openChat();
    await api('POST', chatvisorPath('postCustomerMessage', { customerId }), { text: 'Hello', externalId: 'm1' });
    await simulator.agent.accept(customerId, { id: 'ada@example.com', name: 'Ada Lovelace' });
    const [created, message, status] = await receiver.waitFor(3);
    expect(created).toMatchObject({ path: '/new', body: { customerId, status: 'UNREAD', lastMessage: null, url: expect.stringContaining(customerId) } });
    expect(message).toMatchObject({ path: '/message', body: { customerId, status: 'UNREAD', lastMessage: { test: 'Hello' } } });
    expect(status).toMatchObject({ path: '/status', body: { customerId, status: 'UNRESOLVED', lastMessage: { test: 'Hello' } } });
    expect(created?.headers['x-byosd-signature']).toBeUndefined();
  });

  it('can spell the key `text`, and sign through a relay when told to', async () => {
    configure({ lastMessageKey: 'text', signing: { secret: 'relay-secret', header: 'X-Byosd-Signature' } });
    const customerId = await openChat();
    await api('POST', chatvisorPath('postCustomerMessage', { customerId }), { text: 'Hi' });
    const [, message] = await receiver.waitFor(2);
    expect(message?.body).toMatchObject({ lastMessage: { text: 'Hi' } });
    const expected = createHmac('sha256', 'relay-secret').update(JSON.stringify(message?.body)).digest('hex');
    expect(message?.headers['x-byosd-signature']).toBe(`sha256=${expected}`);
  });

  it('loses every delivery during an outage, and duplicates deliveries when told to', async () => {
    configure();
    simulator.setWebhookFailureRate(1);
    const customerId = await openChat();
    await api('POST', chatvisorPath('postCustomerMessage', { customerId }), { text: 'lost' });
    await waitUntil(() => simulator.lostWebhooks === 2, 'both deliveries to fail');
    expect(receiver.received).toHaveLength(0);
    simulator.setWebhookFailureRate(0);
    simulator.faults.setDelivery({ duplicateRate: 1 });
    await api('POST', chatvisorPath('postCustomerMessage', { customerId }), { text: 'twice' });
    const twice = await receiver.waitFor(2);
    expect(twice.map((webhook) => webhook.body)).toEqual([
      expect.objectContaining({ lastMessage: { test: 'twice' } }),
      expect.objectContaining({ lastMessage: { test: 'twice' } }),
    ]);
    expect(simulator.lostWebhooks).toBe(2);
  });
});

describe('webhook delays', () => {
  it('holds every delivery back by the latency it is given', async () => {
    simulator.configureWebhooks({ urls: { 'new-conversation': `${receiver.url}/new` } });
    simulator.faults.setDelivery({ latencyMs: 300 });
    const opened = Date.now();
    await openChat();
    await receiver.waitFor(1);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(290);
  });

  it('reopening a DONE conversation fires new-conversation again', async () => {
    simulator.configureWebhooks({ urls: { 'new-conversation': `${receiver.url}/new` } });
    const customerId = await openChat();
    await api('PUT', chatvisorPath('setConversationStatus', { customerId }), { status: 'DONE' });
    expect((await api('PUT', chatvisorPath('setConversationStatus', { customerId }), { status: 'UNREAD' })).json).toMatchObject({
      status: 'UNREAD',
      agent: null,
    });
    expect((await receiver.waitFor(2)).map((webhook) => (webhook.body as { status: string }).status)).toEqual(['UNREAD', 'UNREAD']);
  });
});

describe('conversations', () => {
  it('polls conversations and their timeline; a repeated externalId is stored once', async () => {
    const customerId = await openChat();
    await api('POST', chatvisorPath('postCustomerMessage', { customerId }), { text: 'Hello', externalId: 'm1' });
    await api('POST', chatvisorPath('postCustomerMessage', { customerId }), { text: 'Hello', externalId: 'm1' });
    await simulator.agent.accept(customerId, { id: 'ada@example.com', name: 'Ada Lovelace' });
    await simulator.agent.say(customerId, 'Hi, Ada here');
    const listed = (await api('GET', `${chatvisorPath('listConversations')}?status=UNRESOLVED`)).json;
    expect(listed).toMatchObject({ conversations: [{ customerId, subject: 'Where is my parcel?', agent: { userId: 'ada@example.com' }, lastSeq: 3 }] });
    const history = (await api('GET', `${chatvisorPath('conversationHistory', { customerId })}?afterSeq=1`)).json;
    expect(history).toMatchObject({
      hasMore: false,
      entries: [
        { seq: 2, type: 'STATUS_CHANGE', status: 'UNRESOLVED', agent: { firstname: 'Ada', lastname: 'Lovelace' } },
        { seq: 3, type: 'MESSAGE', sender: 'AGENT', text: 'Hi, Ada here' },
      ],
    });
    expect(await simulator.agent.chat(customerId)).toMatchObject({
      preChat: { email: 'john.doe@example.com', firstname: 'John', lastname: 'Doe' },
      messages: [{ text: 'Hello' }],
    });
  });

  it('injects faults on the user-side operations', async () => {
    simulator.faults.failNext('start', { type: 'rate-limited', retryAfterMs: 2000 });
    const tagged = await api('POST', chatvisorPath('tagCustomer'), { id: 1 });
    const response = await fetch(`${simulator.baseUrl}${chatvisorPath('openConversation')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${simulator.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: (tagged.json as { customerId: string }).customerId, subject: 'x' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await simulator.agent.chats()).toEqual([]);
  });
});

describe('the public agent chat URL', () => {
  it('logs the agent straight into the chat: the agent is then in it', async () => {
    const customerId = await openChat();
    await api('POST', chatvisorPath('createUser'), { email: 'grace@example.com', firstname: 'Grace', lastname: 'Hopper' });
    const { url } = (await api('POST', chatvisorPath('publicAgentUrl', { customerId }), { userId: 'grace@example.com' })).json as { url: string };
    expect((await fetch(`${simulator.baseUrl}/app/chat/${customerId}`)).status).toBe(401);
    const opened = await fetch(url, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const page = await fetch(new URL(opened.headers.get('location') ?? '', simulator.baseUrl), {
      headers: { cookie: opened.headers.get('set-cookie')?.split(';')[0] ?? '' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('grace@example.com');
    expect(await simulator.agent.chat(customerId)).toMatchObject({ status: 'active', agent: { id: 'grace@example.com', name: 'Grace Hopper' } });
    expect((await fetch(`${url.slice(0, -3)}xyz`, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('co-browsing', () => {
  it('sets the flag of a conversation while the plugin is enabled', async () => {
    const customerId = await openChat();
    expect((await api('PUT', chatvisorPath('setCobrowse', { customerId }), { enabled: true })).json).toMatchObject({ cobrowse: true });
    simulator.setCobrowsePlugin(false);
    expect((await api('PUT', chatvisorPath('setCobrowse', { customerId }), { enabled: true })).status).toBe(409);
  });
});

describe('the control API', () => {
  it('drives the agent over HTTP', async () => {
    const customerId = await openChat();
    const control = (path: string, body: unknown) =>
      fetch(`${simulator.baseUrl}/control${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await control(`/chats/${customerId}/accept`, { agent: { id: 'ada@example.com', name: 'Ada' } })).status).toBe(200);
    expect((await control(`/chats/${customerId}/messages`, { text: 'From the console' })).status).toBe(200);
    const chats = (await (await fetch(`${simulator.baseUrl}/control/chats?status=open`)).json()) as { chats: unknown[] };
    expect(chats.chats).toEqual([expect.objectContaining({ chatId: customerId, status: 'active', agent: { id: 'ada@example.com', name: 'Ada' } })]);
    expect((await control('/chats/unknown/end', {})).status).toBe(404);
  });
});
