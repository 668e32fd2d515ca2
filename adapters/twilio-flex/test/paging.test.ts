import { connectMessage, messageText } from '@byosd/core';
import { nextPageUrl } from '../src/index.js';
import { type FlexTestbed, nextEvent, startFlexTestbed } from './helpers/flex-testbed.js';

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

describe('the adapter pages through lists whose next_page_url is on the public host', () => {
  let testbed: FlexTestbed;

  beforeEach(async () => {
    testbed = await startFlexTestbed('web-chats');
  });

  afterEach(() => testbed.close());

  it('a resumed chat reads the 130 agent messages it missed across two pages, in order', async () => {
    const { desk, simulator } = testbed;
    await desk.startChat(connectMessage('Paging'), {});
    const [waiting] = await simulator.agent.chats('waiting');
    const chatId = waiting?.chatId ?? '';
    await simulator.agent.accept(chatId, { id: 'ada@example.com', name: 'Ada' });
    await nextEvent(desk, 'agentJoined');
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
