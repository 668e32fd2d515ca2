import {
  type ChatEvent,
  ChatSession,
  connectMessage,
  createMemoryWebhookHub,
  ErrorCode,
  randomId,
  ServiceDeskRegistry,
  silentLogger,
  waitForEvent,
} from '@byosd/core';
import * as z from 'zod/mini';
import { createGenesysEngageServiceDesk, genesysEngageAdapter, type GenesysEngageOptionsInput } from '../src/index.js';
import { GenesysEngageSimulator } from '../simulator/index.js';
import { genesysEngageOptionsFor } from '../testbed/index.js';

const ADA = { id: 'agent-ada', name: 'Ada' };
const FAST: Partial<GenesysEngageOptionsInput> = { minPollIntervalMs: 20, maxPollIntervalMs: 200, activeHoldMs: 500, retryDelayMs: 20 };

let simulator: GenesysEngageSimulator;
const desks: ChatSession[] = [];

beforeEach(async () => {
  simulator = new GenesysEngageSimulator({ seed: 3 });
  await simulator.start();
});

afterEach(async () => {
  await Promise.all(desks.splice(0).map((desk) => desk.endChat().catch(() => undefined)));
  await simulator.stop();
});

/** A chat session over the adapter, as `loadServiceDesk` gives it, with quiet logs. */
async function openDesk(options: Partial<GenesysEngageOptionsInput> = {}, chatId = randomId()): Promise<ChatSession> {
  const parsed = z.parse(genesysEngageAdapter.optionsSchema, { ...genesysEngageOptionsFor(simulator), ...FAST, ...options });
  const desk = new ChatSession({ plugin: genesysEngageAdapter, options: parsed, chatId, logger: silentLogger, webhookHub: createMemoryWebhookHub() });
  desks.push(desk);
  return desk;
}

/** Starts a chat about a fresh topic and has Ada accept it; resolves once the user saw her join. */
async function connectedChat(desk: ChatSession, preStartChatPayload?: Record<string, string>): Promise<string> {
  const topic = `topic ${randomId()}`;
  const joined = waitForEvent(desk.events, (event) => event.type === 'agentJoined', 'Ada to join');
  await desk.startChat(connectMessage(topic), preStartChatPayload ? { preStartChatPayload } : {});
  const { chatId } = await simulator.agent.waitForChat(topic);
  await simulator.agent.accept(chatId, ADA);
  await joined;
  return chatId;
}

const agentTexts = (desk: ChatSession) =>
  desk.events
    .replay(0)
    .filter((event): event is Extract<ChatEvent, { type: 'sendMessageToUser' }> => event.type === 'sendMessageToUser')
    .map((event) => (typeof event.message === 'string' ? event.message : event.message.output.generic.map((item) => item.text).join('')));

const waitForText = (desk: ChatSession, text: string, timeoutMs = 5000) =>
  waitForEvent(desk.events, () => agentTexts(desk).includes(text), `"${text}" to reach the user`, { afterSeq: 0, timeoutMs });

/** The recorded message polls of one chat: when each arrived and the index it named. */
function polls(chatId: string): Array<{ at: number; index: string | null }> {
  return simulator.recorder
    .all()
    .filter((entry) => entry.method === 'GET' && entry.path.includes(`${chatId}/messages`))
    .map((entry) => ({ at: entry.at, index: new URL(entry.path, 'http://x').searchParams.get('index') }));
}

describe('starting a chat', () => {
  test('RequestChat carries the topic, the pre-chat data as userData, the nickname and the endpoint', async () => {
    const desk = await openDesk({ endpoint: 'Billing' });
    const chatId = await connectedChat(desk, { nickname: 'Chris', orderId: '42' });
    const request = simulator.recorder.all().find((entry) => entry.method === 'POST' && entry.path === '/api/v2/chats');
    expect(request?.body).toMatchObject({ operationName: 'RequestChat', nickname: 'Chris', endpoint: 'Billing', userData: { orderId: '42' } });
    expect((await simulator.agent.chat(chatId)).preChat).toEqual({ nickname: 'Chris', orderId: '42' });
    await desk.endChat();
  });

  test('pathStyle me-chat uses the /api/v2/me/chat spelling throughout', async () => {
    const desk = await openDesk({ pathStyle: 'me-chat' });
    const chatId = await connectedChat(desk);
    await simulator.agent.say(chatId, 'hello');
    await waitForText(desk, 'hello');
    await desk.endChat();
    const paths = simulator.recorder
      .all()
      .filter((entry) => entry.path.startsWith('/api/'))
      .map((entry) => entry.path);
    expect(paths.every((path) => path.startsWith('/api/v2/me/chat'))).toBe(true);
  });

  test('bad options are refused naming the field', async () => {
    const options = { ...genesysEngageOptionsFor(simulator), minPollIntervalMs: 500, maxPollIntervalMs: 100 };
    await expect(createGenesysEngageServiceDesk(options, {}, { registry: new ServiceDeskRegistry() })).rejects.toMatchObject({
      code: ErrorCode.INVALID_OPTIONS,
      message: expect.stringContaining('maxPollIntervalMs'),
    });
  });

  test('areAnyAgentsOnline answers null: the customer API cannot tell', async () => {
    const desk = await openDesk();
    await simulator.agent.setAgentsOnline(true);
    expect(await desk.areAnyAgentsOnline(connectMessage('anyone?'))).toBeNull();
  });
});

describe('polling', () => {
  test('every poll names its index, and a slow answer is never overlapped by the next poll', async () => {
    const desk = await openDesk();
    const chatId = await connectedChat(desk);
    simulator.faults.setDelivery({ latencyMs: 150 });
    const slowFrom = Date.now();
    for (const text of ['one', 'two', 'three']) {
      await simulator.agent.say(chatId, text);
      await waitForText(desk, text);
    }
    await desk.endChat();
    const seen = polls(chatId);
    expect(seen.every((poll) => poll.index !== null)).toBe(true);
    const slow = seen.filter((poll) => poll.at >= slowFrom);
    expect(slow.length).toBeGreaterThanOrEqual(3);
    // Each poll arrives only after the previous one was answered (150 ms later), plus the interval.
    for (let i = 1; i < slow.length; i += 1) expect(slow[i]!.at - slow[i - 1]!.at).toBeGreaterThanOrEqual(145);
  });

  test('a failed poll is retried from the same index after the Retry-After, nothing lost or repeated', async () => {
    const desk = await openDesk();
    const chatId = await connectedChat(desk);
    simulator.failNextPoll({ type: 'rate-limited', retryAfterMs: 1000 });
    simulator.failNextPoll({ type: 'unavailable', status: 502 });
    await simulator.agent.say(chatId, 'after the faults');
    await waitForText(desk, 'after the faults');
    await simulator.agent.say(chatId, 'and one more');
    await waitForText(desk, 'and one more');
    expect(agentTexts(desk)).toEqual(['after the faults', 'and one more']);
    const seen = polls(chatId);
    // Find the refused poll (the first after the fault was queued) and the one after it: the same index, a second apart.
    const gaps = seen.slice(1).map((poll, i) => ({ gap: poll.at - seen[i]!.at, same: poll.index === seen[i]!.index }));
    expect(gaps.some(({ gap, same }) => same && gap >= 990)).toBe(true);
    await desk.endChat();
  });

  test('a repeated page and duplicated, swapped messages reach the user once each, in order', async () => {
    const desk = await openDesk();
    const chatId = await connectedChat(desk);
    simulator.repeatNextPage(5);
    simulator.faults.setDelivery({ duplicateRate: 1, reorderRate: 1 });
    const texts = Array.from({ length: 10 }, (_, i) => `message ${i + 1}`);
    for (const text of texts) await simulator.agent.say(chatId, text);
    await waitForText(desk, 'message 10');
    expect(agentTexts(desk)).toEqual(texts);
    await desk.endChat();
  });

  test('idle chats back off towards the maximum; the agent typing brings polling back to the minimum', async () => {
    const desk = await openDesk({ minPollIntervalMs: 40, maxPollIntervalMs: 320, pollJitter: 0, activeHoldMs: 200 });
    const chatId = await connectedChat(desk);
    // Idle: the gap between polls grows until it is the maximum.
    const idleGaps = await pollGaps(chatId, (gaps) => gaps.at(-1)! >= 310, 'polling to back off to 320 ms');
    expect(idleGaps.slice(-3)).toEqual([...idleGaps.slice(-3)].sort((a, b) => a - b));
    // The agent types: polling goes back to the minimum for as long as the typing lasts.
    await simulator.agent.type(chatId, true);
    const typingGaps = await pollGaps(chatId, (gaps) => gaps.length >= 5, 'five polls while the agent types');
    expect(Math.max(...typingGaps.slice(1))).toBeLessThan(150);
  });

  // Backed off far: after a 1.6 s gap the next poll would wait 6.4 s, well beyond the 3 s these tests wait.
  const BACKED_OFF: Partial<GenesysEngageOptionsInput> = {
    minPollIntervalMs: 100,
    maxPollIntervalMs: 60_000,
    backoffMultiplier: 4,
    pollJitter: 0,
    activeHoldMs: 200,
  };

  test('the user starting to type wakes a backed-off poll: what the agent wrote arrives without waiting out the backoff', async () => {
    const desk = await openDesk(BACKED_OFF);
    const chatId = await connectedChat(desk);
    await pollGaps(chatId, (gaps) => gaps.at(-1)! >= 1500, 'polling to back off past 1.5 s');
    await simulator.agent.say(chatId, 'are you still there?');
    await desk.userTyping(true);
    await waitForText(desk, 'are you still there?', 3000);
  });

  test('in a page, the page becoming visible again wakes a backed-off poll', async () => {
    const page = new PageStandIn();
    (globalThis as { document?: unknown }).document = page;
    try {
      const desk = await openDesk(BACKED_OFF);
      const chatId = await connectedChat(desk);
      await pollGaps(chatId, (gaps) => gaps.at(-1)! >= 1500, 'polling to back off past 1.5 s');
      await simulator.agent.say(chatId, 'welcome back');
      page.show();
      await waitForText(desk, 'welcome back', 3000);
      await desk.endChat();
      expect(page.listeners).toBe(0);
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
  });
});

/** What the adapter uses of a page's `document` (Node's EventTarget is the real event machinery), hidden at first. */
class PageStandIn extends EventTarget {
  visibilityState = 'hidden';
  listeners = 0;

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    this.listeners += 1;
    super.addEventListener(...args);
  }

  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    this.listeners -= 1;
    super.removeEventListener(...args);
  }

  show(): void {
    this.visibilityState = 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** Gaps between the polls of a chat from now on, once `done(gaps)` holds; TIMEOUT after 5 s naming `what`. */
function pollGaps(chatId: string, done: (gaps: number[]) => boolean, what: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const arrivals: number[] = [];
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`Waited 5000 ms for ${what}; gaps: ${JSON.stringify(arrivals.slice(1).map((at, i) => at - arrivals[i]!))}`));
    }, 5000);
    const stop = simulator.onPoll((poll) => {
      if (poll.chatId !== chatId) return;
      arrivals.push(poll.at);
      const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
      if (gaps.length === 0 || !done(gaps)) return;
      clearTimeout(timer);
      stop();
      resolve(gaps);
    });
  });
}

describe('the chat', () => {
  test('typing goes both ways, and endChat completes the chat at GWS', async () => {
    const desk = await openDesk();
    const chatId = await connectedChat(desk);
    await desk.userTyping(true);
    expect((await simulator.agent.chat(chatId)).userTyping).toBe(true);
    await simulator.agent.type(chatId, true);
    await waitForEvent(desk.events, (event) => event.type === 'agentTyping' && event.isTyping, 'the agent typing', { afterSeq: 0 });
    await desk.endChat();
    expect(await simulator.agent.chat(chatId)).toMatchObject({ status: 'ended', endedBy: 'user' });
  });

  test('after a reload, reconnect resumes from the persisted index: only what came since', async () => {
    const first = await openDesk();
    const chatId = await connectedChat(first);
    await simulator.agent.say(chatId, 'before the reload');
    await waitForText(first, 'before the reload');
    const persisted = first.persisted;
    expect(persisted.desk).toMatchObject({ gwsChatId: chatId, nextIndex: 4, agent: { id: ADA.id, nickname: ADA.name } });
    await simulator.agent.say(chatId, 'during the reload');
    const second = await openDesk({}, persisted.chatId);
    expect(await second.reconnect(persisted)).toBe(true);
    await waitForText(second, 'during the reload');
    expect(agentTexts(second)).toEqual(['during the reload']);
    const resumedPolls = polls(chatId).filter((poll) => poll.index === '4');
    expect(resumedPolls.length).toBeGreaterThan(0);
    await first.endChat();
    await second.endChat().catch(() => undefined);
  });

  test("a transcript read that fails while a send checks whether it landed is retried on its own, not with the send's tries", async () => {
    // Polls 2 s apart: the one GET in the send's moment is its transcript read, which takes the queued fault.
    const desk = await openDesk({ sendRetries: 1, minPollIntervalMs: 2000, maxPollIntervalMs: 2000 });
    const chatId = await connectedChat(desk);
    simulator.faults.failNext('send', { type: 'fail-after-processing' });
    simulator.pollFaults.failNext({ type: 'unavailable' });
    await desk.sendMessageToAgent({ input: { text: 'taken, answer lost' } }, 'message-1');
    expect((await simulator.agent.chat(chatId)).messages.map((message) => message.text)).toEqual(['taken, answer lost']);
  });

  /**
   * A chat that moves to another host (its gateway instance died) may be sent a message again that the previous host
   * had posted, its answer lost: the client resends it with the same messageId. GWS takes no idempotency key, so the
   * desk persists each message and the count of customer texts before it ahead of the post, and the resumed desk
   * counts the transcript before posting that message again.
   */
  describe('a message resent to the desk that resumed the chat reaches the agent once', () => {
    const customerTexts = async (chatId: string) => (await simulator.agent.chat(chatId)).messages.map((message) => message.text);

    async function resumeElsewhere(first: ChatSession): Promise<ChatSession> {
      const persisted = first.persisted;
      const second = await openDesk({}, persisted.chatId);
      expect(await second.reconnect(persisted)).toBe(true);
      return second;
    }

    test('posted by the previous host: not posted again, and what follows is', async () => {
      const first = await openDesk();
      const chatId = await connectedChat(first);
      await first.sendMessageToAgent({ input: { text: 'posted before the move' } }, 'message-1');
      const second = await resumeElsewhere(first);
      await second.sendMessageToAgent({ input: { text: 'posted before the move' } }, 'message-1');
      await second.sendMessageToAgent({ input: { text: 'new after the move' } }, 'message-2');
      expect(await customerTexts(chatId)).toEqual(['posted before the move', 'new after the move']);
    });

    test('processed by GWS although the previous host saw it fail: not posted again', async () => {
      const first = await openDesk({ sendRetries: 0 });
      const chatId = await connectedChat(first);
      simulator.faults.failNext('send', { type: 'fail-after-processing' });
      await expect(first.sendMessageToAgent({ input: { text: 'landed unseen' } }, 'message-1')).rejects.toThrow();
      const second = await resumeElsewhere(first);
      await second.sendMessageToAgent({ input: { text: 'landed unseen' } }, 'message-1');
      expect(await customerTexts(chatId)).toEqual(['landed unseen']);
    });

    test('refused before GWS took it: the resumed desk posts it', async () => {
      const first = await openDesk({ sendRetries: 0 });
      const chatId = await connectedChat(first);
      simulator.faults.failNext('send', { type: 'unavailable' });
      await expect(first.sendMessageToAgent({ input: { text: 'never landed' } }, 'message-1')).rejects.toThrow();
      const second = await resumeElsewhere(first);
      await second.sendMessageToAgent({ input: { text: 'never landed' } }, 'message-1');
      expect(await customerTexts(chatId)).toEqual(['never landed']);
    });
  });

  test('an agent leaving is agentLeftChat; the agent ending is agentEndedChat', async () => {
    const desk = await openDesk();
    const chatId = await connectedChat(desk);
    await simulator.agent.leave(chatId);
    await waitForEvent(desk.events, (event) => event.type === 'agentLeftChat', 'the agent to leave', { afterSeq: 0 });
    await simulator.agent.accept(chatId, ADA);
    await waitForEvent(desk.events, (event) => event.type === 'agentJoined' && event.seq > 2, 'Ada to rejoin', { afterSeq: 0 });
    await simulator.agent.end(chatId);
    await waitForEvent(desk.events, (event) => event.type === 'agentEndedChat', 'the agent to end the chat', { afterSeq: 0 });
    expect(desk.events.replay(0).filter((event) => event.type === 'agentEndedChat')).toHaveLength(1);
  });
});
