import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { demoBackends } from '@byosd/testbed';
import type { IntakeQuestion } from '@byosd/core';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { controlApiPath } from '../src/page/demo-catalog.js';
import { type DemoFixture, startDemoFixture, STEP_TIMEOUT_MS } from './support/demo-fixture.js';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'artifacts', 'e2e');

jest.setTimeout(90_000);

/** Every backend the demo wires, through the demo's gateway (the bridge's in-page use is covered by packages/carbon). */
const cases = demoBackends().map((backend) => ({
  backend: backend.name,
  capabilities: backend.demo.adapter.capabilities,
  // Carbon has no pre-chat form: the demo's bot asks the required questions in the conversation.
  intake: (backend.demo.intake ?? []).filter((question) => question.required),
}));

/** A valid answer to an intake question. */
function answerTo(question: IntakeQuestion): string {
  if (question.choices) return question.choices[0]!;
  return question.type === 'email' ? 'ada@example.com' : 'Ada';
}

let fixture: DemoFixture;

beforeAll(async () => {
  fixture = await startDemoFixture();
});

afterAll(async () => {
  await fixture?.close();
});

/** Writes a screenshot of each step to artifacts/e2e/carbon-<backend>/<step>.png, replacing an earlier run's. */
async function screenshotter(name: string) {
  const directory = join(ARTIFACTS, name);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  let step = 0;
  return async (page: Page, label: string) => {
    step += 1;
    await page.screenshot({ path: join(directory, `${String(step).padStart(2, '0')}-${label}.png`), fullPage: true });
  };
}

interface AgentChat {
  chatId: string;
  topic: string;
  status: 'queued' | 'active' | 'ended';
  endedBy?: 'user' | 'agent';
  messages: Array<{ text: string }>;
}

/** The agent's side: the backend's simulator, through its control API on the demo server. */
function agentDesk(backend: string) {
  const base = new URL(controlApiPath(backend), fixture.demo.url).toString();
  const call = async (method: 'GET' | 'POST', path: string, body?: object): Promise<unknown> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const chats = async () => ((await call('GET', '/chats?status=all')) as { chats: AgentChat[] }).chats;
  /** Waits, within the step bound, until the chat that started with `question` satisfies `check`. */
  const chatWhere = async (question: string, what: string, check: (chat: AgentChat) => boolean): Promise<AgentChat> => {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const found = (await chats()).find((chat) => chat.topic.startsWith(question) && check(chat));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`The agent waited ${STEP_TIMEOUT_MS} ms for "${question}" to be ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const post = (chatId: string, action: string, body: object = {}) => call('POST', `/chats/${encodeURIComponent(chatId)}/${action}`, body);
  return {
    chatWhere,
    accept: (chatId: string, name: string) => post(chatId, 'accept', { agent: { id: name.toLowerCase(), name } }),
    say: (chatId: string, text: string) => post(chatId, 'messages', { text }),
    type: (chatId: string, isTyping: boolean) => post(chatId, 'typing', { isTyping }),
    transfer: (chatId: string, name: string) => post(chatId, 'transfer', { to: { id: name.toLowerCase(), name } }),
    end: (chatId: string) => post(chatId, 'end'),
  };
}

/** Carbon AI Chat on the page: its messages, its input, the agent-typing indicator. */
function carbonChat(page: Page) {
  const messages = page.getByTestId(/^message-by-index-/);
  return {
    message: (text: string): Locator => messages.filter({ hasText: text }).last(),
    input: page.getByRole('textbox').first(),
    typing: page.locator('.cds-aichat--received--loading'),
    async ask(text: string): Promise<void> {
      await this.input.fill(text);
      await this.input.press('Enter');
    },
  };
}

/**
 * The user asks the bot, answers the questions it asks before a handover (`intake`: none when answered earlier in
 * the page), gets its `connect_to_agent` card, and clicks it.
 */
async function escalate(carbon: ReturnType<typeof carbonChat>, page: Page, question: string, intake: readonly IntakeQuestion[] = []): Promise<void> {
  await carbon.ask(question);
  for (const asked of intake) {
    await carbon.message(asked.label).waitFor();
    await carbon.ask(answerTo(asked));
  }
  await carbon.message('A human agent can help with that.').waitFor();
  await page.getByRole('button', { name: 'Connect to agent' }).last().click();
}

describe.each(cases)('Carbon AI Chat with $backend', ({ backend, capabilities, intake }) => {
  let context: BrowserContext;

  beforeEach(async () => {
    context = await fixture.browser.newContext({ viewport: { width: 1000, height: 860 } });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
  });

  afterEach(async () => {
    await context?.close();
  });

  test('the user escalates, the agent accepts, both talk, the chat survives a reload with its history, a transfer, and an end from each side', async () => {
    const shot = await screenshotter(`carbon-${backend}`);
    const agent = agentDesk(backend);
    // Nothing may leave the machine: a request off loopback is refused, and reported below.
    const offLoopback: string[] = [];
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        offLoopback.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    const carbon = carbonChat(page);
    await page.goto(`${fixture.demo.carbonUrl}?backend=${backend}`);
    await carbon.message('Hello! Ask me anything').waitFor();

    // The user escalates from the bot's connect_to_agent answer; the agent accepts.
    const question = `Where is my order? (Carbon, ${backend})`;
    await escalate(carbon, page, question, intake);
    const waiting = await agent.chatWhere(question, 'waiting', (chat) => chat.status === 'queued');
    await shot(page, 'user-escalated');
    await agent.accept(waiting.chatId, 'Alex');
    await carbon.message('Alex connected.').waitFor();

    // Both sides talk; the agent's typing shows, and goes with the message.
    if (capabilities.agentTyping) {
      await agent.type(waiting.chatId, true);
      await carbon.typing.waitFor();
      await shot(page, 'user-sees-typing');
    }
    await agent.say(waiting.chatId, 'Hello Ada, let me look that up.');
    await carbon.message('Hello Ada, let me look that up.').waitFor();
    await carbon.typing.waitFor({ state: 'hidden' });
    await carbon.ask('It was due on Monday.');
    await agent.chatWhere(question, 'told the due date', (chat) => chat.messages.some((message) => message.text === 'It was due on Monday.'));
    await shot(page, 'conversation');

    // A reload keeps the chat and shows its history, once; the chat goes on.
    await page.reload();
    await carbon.message('Hello Ada, let me look that up.').waitFor({ state: 'attached' });
    await carbon.message('It was due on Monday.').waitFor({ state: 'attached' });
    await agent.say(waiting.chatId, 'It is on its way.');
    await carbon.message('It is on its way.').waitFor();
    expect(
      await page
        .getByTestId(/^message-by-index-/)
        .filter({ hasText: 'Hello Ada, let me look that up.' })
        .count(),
    ).toBe(1);
    await shot(page, 'after-reload');

    // The agent transfers, then the new agent ends the chat.
    let lastAgent = 'Alex';
    if (capabilities.transfer) {
      await agent.transfer(waiting.chatId, 'Sam');
      await carbon.message('Sam connected.').waitFor();
      lastAgent = 'Sam';
      await shot(page, 'transferred');
    }
    await agent.end(waiting.chatId);
    await carbon.message(`${lastAgent} ended the chat.`).waitFor();
    // Carbon hands the user back to the bot once it has closed the chat; a card clicked before is refused.
    await carbon.message('Can I help you with anything else?').waitFor();
    await shot(page, 'agent-ended');

    // A second escalation after the first chat ended opens a new chat, which the user ends.
    const again = `One more question (Carbon, ${backend})`;
    await escalate(carbon, page, again);
    const second = await agent.chatWhere(again, 'waiting', (chat) => chat.status === 'queued');
    await agent.accept(second.chatId, 'Alex');
    await carbon.message('Alex connected.').waitFor();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).first().click();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).last().click();
    await carbon.message('You disconnected from the live agent.').waitFor();
    await agent.chatWhere(again, 'ended by the user', (chat) => chat.status === 'ended' && chat.endedBy === 'user');
    await shot(page, 'user-ended');
    expect(offLoopback).toEqual([]);
  });
});
