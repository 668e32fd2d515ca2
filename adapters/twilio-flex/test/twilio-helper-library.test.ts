import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { configureConversationWebhook, TwilioFlexSimulator } from '../testbed/index.js';

/**
 * Twilio's official helper library, unchanged, against the simulator: its only help is an HTTP client that sends
 * each Twilio host to the simulator's prefix for it, as a proxy in front of the real API would.
 */
class SimulatorRequestClient extends twilio.RequestClient {
  constructor(private readonly hosts: Record<string, string>) {
    // No keep-alive: pooled sockets would outlive the simulator and keep the test process from exiting.
    super({ keepAlive: false });
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const url = new URL(options.uri);
    const base = this.hosts[url.host];
    return super.request<TData>(base ? { ...options, uri: `${base}${url.pathname}${url.search}` } : options);
  }
}

let simulator: TwilioFlexSimulator;
let client: ReturnType<typeof twilio>;

beforeAll(async () => {
  simulator = new TwilioFlexSimulator({ seed: 11 });
  await simulator.start();
  const { conversations, flexApi, taskRouter } = simulator.baseUrls;
  const httpClient = new SimulatorRequestClient({
    'conversations.twilio.com': conversations,
    'flex-api.twilio.com': flexApi,
    'taskrouter.twilio.com': taskRouter,
  });
  client = twilio(simulator.credentials.accountSid, simulator.credentials.authToken, { httpClient });
});

afterAll(() => simulator.stop());

describe("Twilio's helper library against the simulator", () => {
  test('creates a conversation, a participant and messages, and reads them back in index order, page by page', async () => {
    const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'Helper library', attributes: JSON.stringify({ topic: 'order' }) });
    expect(conversation.sid).toMatch(/^CH/);
    expect(conversation.state).toBe('active');
    expect(JSON.parse(conversation.attributes)).toEqual({ topic: 'order' });
    const participant = await client.conversations.v1.conversations(conversation.sid).participants.create({ identity: 'guest-7' });
    expect(participant.identity).toBe('guest-7');
    for (const body of ['one', 'two', 'three']) {
      await client.conversations.v1.conversations(conversation.sid).messages.create({ author: 'guest-7', body });
    }
    const messages = await client.conversations.v1.conversations(conversation.sid).messages.list({ order: 'asc', pageSize: 2 });
    expect(messages.map((message) => [message.index, message.body])).toEqual([
      [0, 'one'],
      [1, 'two'],
      [2, 'three'],
    ]);
    await client.conversations.v1.conversations(conversation.sid).participants(participant.sid).update({ lastReadMessageIndex: 2 });
    const fetched = await client.conversations.v1.conversations(conversation.sid).participants(participant.sid).fetch();
    expect(fetched.lastReadMessageIndex).toBe(2);
  });

  test('a closed conversation refuses changes with Twilio error 50377, as a RestException', async () => {
    const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'To close' });
    await client.conversations.v1.conversations(conversation.sid).update({ state: 'closed' });
    const failure = await client.conversations.v1
      .conversations(conversation.sid)
      .messages.create({ author: 'guest', body: 'too late' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400, code: 50377 });
  });

  test('wrong credentials are refused with Twilio error 20003', async () => {
    const intruder = twilio(simulator.credentials.accountSid, 'not-the-token', { httpClient: client.httpClient });
    await expect(intruder.conversations.v1.conversations.list()).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  test('starts a Flex web chat, and reads TaskRouter statistics', async () => {
    const { addressSid, workspaceSid, taskQueueSid } = simulator.resources;
    const webChat = await client.flexApi.v2.webChannels.create({ addressSid, chatFriendlyName: 'Web chat', customerFriendlyName: 'Ada' });
    expect(webChat.conversationSid).toMatch(/^CH/);
    const statistics = await client.taskrouter.v1.workspaces(workspaceSid).taskQueues(taskQueueSid).realTimeStatistics().fetch({ taskChannel: 'chat' });
    expect(statistics.tasksByStatus).toMatchObject({ pending: expect.any(Number) });
    expect(statistics.totalAvailableWorkers).toBeGreaterThan(0);
  });

  test("the simulator's webhook signatures pass the helper library's own validateRequest", async () => {
    const deliveries: Array<{ url: string; signature: string; params: Record<string, string> }> = [];
    let arrived: () => void = () => undefined;
    const receiver: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const address = receiver.address() as AddressInfo;
        deliveries.push({
          url: `http://127.0.0.1:${address.port}${request.url ?? ''}`,
          signature: String(request.headers['x-twilio-signature']),
          params: Object.fromEntries(new URLSearchParams(body)),
        });
        response.end();
        arrived();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      await configureConversationWebhook(simulator, `http://127.0.0.1:${port}/events?tenant=acme`);
      const received = new Promise<void>((resolve) => (arrived = resolve));
      const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'Signed' });
      await client.conversations.v1.conversations(conversation.sid).messages.create({ author: 'guest', body: 'signed', xTwilioWebhookEnabled: 'true' });
      await received;
      const [delivery] = deliveries;
      expect(delivery?.params).toMatchObject({ EventType: 'onMessageAdded', ConversationSid: conversation.sid, Body: 'signed' });
      expect(twilio.validateRequest(simulator.credentials.authToken, delivery!.signature, delivery!.url, delivery!.params)).toBe(true);
      expect(twilio.validateRequest(simulator.credentials.authToken, delivery!.signature, `${delivery!.url}&x=1`, delivery!.params)).toBe(false);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
