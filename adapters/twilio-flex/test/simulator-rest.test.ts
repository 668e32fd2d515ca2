import { CONVERSATION_EVENTS_PATH, nextPageUrl, twilioFlexAdapter } from '@byosd/adapter-twilio-flex';
import { createMemoryWebhookHub } from '@byosd/core';
import { WebSocket } from 'ws';
import { configureConversationWebhook, TwilioFlexSimulator, twilioFlexOptionsFor } from '../testbed/index.js';
import { startWebhookHost, type WebhookHost } from '@byosd/simulators';

let simulator: TwilioFlexSimulator;
let host: WebhookHost | undefined;

beforeEach(async () => {
  simulator = new TwilioFlexSimulator({ seed: 1 });
  await simulator.start();
});

afterEach(async () => {
  await simulator.stop();
  await host?.close();
  host = undefined;
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A REST call as the twilio helper library makes it: Basic auth, form-encoded PascalCase fields. */
async function twilio(
  method: string,
  url: string,
  fields?: Record<string, string | string[]>,
  headers: Record<string, string> = {},
  auth = simulator.credentials,
): Promise<Answer> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields ?? {})) for (const item of [value].flat()) body.append(name, item);
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${auth.accountSid}:${auth.authToken}`).toString('base64')}`,
      ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
    ...(fields ? { body } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const conversations = () => `${simulator.baseUrls.conversations}/v1/Conversations`;

describe('the Twilio Flex simulator: REST conventions', () => {
  it('refuses missing or wrong credentials with 401 and Twilio error JSON', async () => {
    const expected = { status: 401, body: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } };
    expect(await twilio('GET', conversations(), undefined, {}, { accountSid: simulator.credentials.accountSid, authToken: 'wrong' })).toEqual(expected);
    const anonymous = await fetch(conversations());
    expect({ status: anonymous.status, body: await anonymous.json() }).toEqual(expected);
  });

  it('takes form-encoded PascalCase fields and answers snake_case JSON; a bad field is named', async () => {
    const created = await twilio('POST', conversations(), { FriendlyName: 'Refund', UniqueName: 'refund-42', Attributes: '{"vip":true}' });
    expect(created).toMatchObject({
      status: 201,
      body: { sid: expect.stringMatching(/^CH[0-9a-f]{32}$/), friendly_name: 'Refund', unique_name: 'refund-42', attributes: '{"vip":true}', state: 'active' },
    });
    expect((await twilio('GET', `${conversations()}/refund-42`)).body['sid']).toBe(created.body['sid']);
    expect(await twilio('POST', conversations(), { Attributes: 'not json' })).toMatchObject({
      status: 400,
      body: { code: 20001, message: expect.stringContaining('Attributes'), status: 400 },
    });
    expect(await twilio('GET', `${conversations()}/CH${'0'.repeat(32)}`)).toMatchObject({ status: 404, body: { code: 20404 } });
  });

  it('pages lists with meta and absolute URLs on the public host, as Twilio answers', async () => {
    for (const name of ['one', 'two', 'three']) await twilio('POST', conversations(), { FriendlyName: name });
    const firstUrl = `${conversations()}?PageSize=2`;
    const first = await twilio('GET', firstUrl);
    const meta = first.body['meta'] as Record<string, unknown>;
    expect((first.body['conversations'] as unknown[]).length).toBe(2);
    expect(meta).toEqual({
      page: 0,
      page_size: 2,
      key: 'conversations',
      first_page_url: 'https://conversations.twilio.com/v1/Conversations?PageSize=2&Page=0',
      previous_page_url: null,
      url: 'https://conversations.twilio.com/v1/Conversations?PageSize=2&Page=0',
      next_page_url: 'https://conversations.twilio.com/v1/Conversations?PageSize=2&Page=1',
    });
    const [created] = first.body['conversations'] as Array<{ sid: string; url: string; links: Record<string, string> }>;
    expect(created?.url).toBe(`https://conversations.twilio.com/v1/Conversations/${created?.sid}`);
    expect(created?.links['messages']).toBe(`https://conversations.twilio.com/v1/Conversations/${created?.sid}/Messages`);
    // A client on another base (here the simulator's prefix) keeps the path and query of the next page.
    const second = await twilio('GET', nextPageUrl(String(meta['next_page_url']), firstUrl));
    expect((second.body['conversations'] as Array<{ friendly_name: string }>).map((item) => item.friendly_name)).toEqual(['three']);
    expect(second.body['meta']).toMatchObject({
      page: 1,
      previous_page_url: 'https://conversations.twilio.com/v1/Conversations?PageSize=2&Page=0',
      next_page_url: null,
    });
  });

  it('names TaskRouter resources and pages on its public host too', async () => {
    const { workspaceSid, taskQueueSid } = simulator.resources;
    const statistics = await twilio(
      'GET',
      `${simulator.baseUrls.taskRouter}/v1/Workspaces/${workspaceSid}/TaskQueues/${taskQueueSid}/RealTimeStatistics?TaskChannel=chat`,
    );
    expect(statistics.body['url']).toBe(`https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid}/TaskQueues/${taskQueueSid}/RealTimeStatistics`);
    const tasks = await twilio('GET', `${simulator.baseUrls.taskRouter}/v1/Workspaces/${workspaceSid}/Tasks`);
    expect(tasks.body['meta']).toMatchObject({ url: `https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid}/Tasks?PageSize=50&Page=0`, key: 'tasks' });
  });

  it('keeps messages in index order, both ways, and refuses any change to a closed conversation with 50377', async () => {
    const { body: conversation } = await twilio('POST', conversations(), { FriendlyName: 'Ordering' });
    const messages = `${conversations()}/${String(conversation['sid'])}/Messages`;
    for (const text of ['first', 'second', 'third']) await twilio('POST', messages, { Author: 'guest', Body: text });
    const ascending = (await twilio('GET', messages)).body['messages'] as Array<{ index: number; body: string }>;
    expect(ascending.map((message) => [message.index, message.body])).toEqual([
      [0, 'first'],
      [1, 'second'],
      [2, 'third'],
    ]);
    const descending = (await twilio('GET', `${messages}?Order=desc`)).body['messages'] as Array<{ body: string }>;
    expect(descending.map((message) => message.body)).toEqual(['third', 'second', 'first']);
    await twilio('POST', `${conversations()}/${String(conversation['sid'])}`, { State: 'closed' });
    expect(await twilio('POST', messages, { Author: 'guest', Body: 'too late' })).toMatchObject({ status: 400, body: { code: 50377 } });
    expect(await twilio('POST', `${conversations()}/${String(conversation['sid'])}`, { State: 'active' })).toMatchObject({
      status: 400,
      body: { code: 50377 },
    });
  });
});

describe('the Twilio Flex simulator: Flex, TaskRouter and webhooks', () => {
  it('routes a web chat as a pending task, reserved then assigned when an agent accepts', async () => {
    const { addressSid, workspaceSid } = simulator.resources;
    const webChat = await twilio('POST', `${simulator.baseUrls.flexApi}/v2/WebChats`, {
      AddressSid: addressSid,
      ChatFriendlyName: 'Where is my parcel?',
      Identity: 'guest-1',
    });
    expect(webChat).toMatchObject({ status: 201, body: { conversation_sid: expect.stringMatching(/^CH/), identity: 'guest-1' } });
    const tasks = async () =>
      (await twilio('GET', `${simulator.baseUrls.taskRouter}/v1/Workspaces/${workspaceSid}/Tasks`)).body['tasks'] as Array<{
        sid: string;
        assignment_status: string;
      }>;
    expect((await tasks()).map((task) => task.assignment_status)).toEqual(['pending']);
    await simulator.agent.accept(String(webChat.body['conversation_sid']), { id: 'ada@example.com', name: 'Ada' });
    expect((await tasks()).map((task) => task.assignment_status)).toEqual(['assigned']);
  });

  it('posts REST writes as signed webhooks only with X-Twilio-Webhook-Enabled: true', async () => {
    const options = twilioFlexAdapter.optionsSchema.parse(twilioFlexOptionsFor(simulator));
    const webhookHub = createMemoryWebhookHub();
    host = await startWebhookHost({ plugin: twilioFlexAdapter, options, webhookHub });
    await configureConversationWebhook(simulator, `${host.baseUrl}${CONVERSATION_EVENTS_PATH}`);
    const { body: conversation } = await twilio('POST', conversations(), { FriendlyName: 'Webhooks' });
    const sid = String(conversation['sid']);
    const delivered = new Promise<unknown>((resolve) => webhookHub.subscribe(sid, resolve));
    await twilio('POST', `${conversations()}/${sid}/Messages`, { Author: 'guest', Body: 'quiet' });
    await twilio('POST', `${conversations()}/${sid}/Messages`, { Author: 'guest', Body: 'announced' }, { 'x-twilio-webhook-enabled': 'true' });
    // The route published it, so the signature verified; deliveries of a conversation keep their order.
    expect(await delivered).toMatchObject({ EventType: 'onMessageAdded', ConversationSid: sid, Body: 'announced', Index: '1', Source: 'API' });
  });

  it('carries typing only on the client event channel, both ways', async () => {
    const { addressSid } = simulator.resources;
    const webChat = await twilio('POST', `${simulator.baseUrls.flexApi}/v2/WebChats`, {
      AddressSid: addressSid,
      ChatFriendlyName: 'Typing',
      Identity: 'guest-1',
    });
    const chatId = String(webChat.body['conversation_sid']);
    await simulator.agent.accept(chatId, { id: 'ada@example.com', name: 'Ada' });
    const participants = (await twilio('GET', `${conversations()}/${chatId}/Participants`)).body['participants'] as Array<{ sid: string; identity: string }>;
    const sidOf = (identity: string) => participants.find((participant) => participant.identity === identity)?.sid ?? '';
    const { accountSid, authToken } = simulator.credentials;
    const connect = (participantSid: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`${simulator.endpoints()['client event channel (typing)']}?ConversationSid=${chatId}&ParticipantSid=${participantSid}`, {
          headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
        });
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    const nextFrame = (socket: WebSocket) => new Promise<unknown>((resolve) => socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
    const [customer, agentClient] = await Promise.all([connect(sidOf('guest-1')), connect(sidOf('ada@example.com'))]);

    const toCustomer = nextFrame(customer);
    await simulator.agent.type(chatId, true);
    expect(await toCustomer).toEqual({
      type: 'typing',
      conversationSid: chatId,
      participantSid: sidOf('ada@example.com'),
      identity: 'ada@example.com',
      isTyping: true,
    });

    const toAgent = nextFrame(agentClient);
    customer.send(JSON.stringify({ type: 'typing', isTyping: true }));
    expect(await toAgent).toMatchObject({ identity: 'guest-1', isTyping: true });
    expect((await simulator.agent.chat(chatId)).userTyping).toBe(true);
    customer.close();
    agentClient.close();
  });
});
