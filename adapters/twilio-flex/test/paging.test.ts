import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { messageText } from '@byosd/core';
import { nextPageUrl } from '../src/index.js';
import { TwilioRestClient } from '../src/twilio-rest-client.js';
import { TwilioFlexApi } from '../src/twilio-flex-api.js';
import { twilioFlexOptionsSchema } from '../src/twilio-flex-options.js';
import { type FlexTestbed, startAcceptedChat, startFlexTestbed } from './helpers/flex-testbed.js';

describe('nextPageUrl: Twilio names the next page on its public host; the adapter stays on its configured base', () => {
  const simulatorPage = 'http://127.0.0.1:4010/conversations/v1/Conversations/CH1/Messages?Order=desc&PageSize=100';

  it.each([
    [
      'the public host form, read through a simulator or proxy prefix',
      'https://conversations.twilio.com/v1/Conversations/CH1/Messages?Order=desc&PageSize=100&Page=1&PageToken=PTIM9',
      simulatorPage,
      'http://127.0.0.1:4010/conversations/v1/Conversations/CH1/Messages?Order=desc&PageSize=100&Page=1&PageToken=PTIM9',
    ],
    [
      'the public host form, read from Twilio itself',
      'https://conversations.twilio.com/v1/Conversations/CH1/Messages?PageSize=100&Page=1',
      'https://conversations.twilio.com/v1/Conversations/CH1/Messages',
      'https://conversations.twilio.com/v1/Conversations/CH1/Messages?PageSize=100&Page=1',
    ],
    [
      'an absolute URL on the same origin',
      'http://127.0.0.1:4010/conversations/v1/Conversations/CH1/Messages?Page=1',
      simulatorPage,
      'http://127.0.0.1:4010/conversations/v1/Conversations/CH1/Messages?Page=1',
    ],
    [
      'a relative URL',
      '/conversations/v1/Conversations/CH1/Messages?Page=1',
      simulatorPage,
      'http://127.0.0.1:4010/conversations/v1/Conversations/CH1/Messages?Page=1',
    ],
    ['another host without a version path keeps only the origin', 'https://elsewhere.example/next?Page=1', simulatorPage, 'http://127.0.0.1:4010/next?Page=1'],
  ])('%s', (_case, next, current, expected) => {
    expect(nextPageUrl(next, current)).toBe(expected);
  });
});

describe('lists whose pages never end', () => {
  /** A server answering every request with `page`; after ten requests it fails, so that a client that loops fails fast. */
  async function serving(page: unknown): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests += 1;
      if (requests > 10) return void response.writeHead(500).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests: () => requests,
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it('a list stops at an empty page even when it names a next page (here itself), instead of reading it forever', async () => {
    const server = await serving({ tasks: [], meta: { key: 'tasks', next_page_url: '/v1/Tasks?Page=0' } });
    try {
      const client = new TwilioRestClient({ accountSid: 'AC1', authToken: 'token', timeoutMs: 2_000, retryDelayMs: 1 });
      await expect(client.list(`${server.url}/v1/Tasks`, z.unknown())).resolves.toEqual([]);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('the messages after an index stop at a page that reaches no further back (here the same page again)', async () => {
    const message = { sid: 'IM5', index: 5, author: 'agent', body: 'hi', participant_sid: null, attributes: '{}' };
    const server = await serving({ messages: [message], meta: { next_page_url: '/v1/Conversations/CH1/Messages?Page=0' } });
    try {
      const sid = (prefix: string) => `${prefix}${'0'.repeat(32)}`;
      const options = twilioFlexOptionsSchema.parse({
        accountSid: sid('AC'),
        authToken: 'token',
        addressSid: sid('IG'),
        workspaceSid: sid('WS'),
        workflowSid: sid('WW'),
        taskQueueSid: sid('WQ'),
        conversationsBaseUrl: server.url,
        requestTimeoutMs: 2_000,
      });
      await expect(new TwilioFlexApi(options).messagesAfter('CH1', 0)).resolves.toEqual([message]);
      expect(server.requests()).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe('the adapter pages through lists whose next_page_url is on the public host', () => {
  let testbed: FlexTestbed;

  beforeEach(async () => {
    testbed = await startFlexTestbed('web-chats');
  });

  afterEach(() => testbed.close());

  it('a resumed chat reads the 130 agent messages it missed across two pages, in order', async () => {
    const { desk, simulator } = testbed;
    const chatId = await startAcceptedChat(testbed, 'Paging');
    const persisted = desk.persisted;

    const texts = Array.from({ length: 130 }, (_, index) => `missed ${index + 1}`);
    for (const text of texts) await simulator.agent.say(chatId, text);

    const resumed = await testbed.loadDesk();
    const delivered: string[] = [];
    resumed.events.subscribe((event) => {
      if (event.type === 'sendMessageToUser') delivered.push(messageText(event.message));
    });
    expect(await resumed.reconnect(persisted)).toBe(true);
    expect(delivered).toEqual(texts);
    const pages = simulator.recorder
      .all()
      .filter((entry) => entry.method === 'GET' && entry.path.includes(`/Conversations/${chatId}/Messages`) && entry.path.includes('Page=1'));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    await resumed.endChat();
  });
});
