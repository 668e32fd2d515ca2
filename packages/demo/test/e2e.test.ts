import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IntakeQuestion, JsonObject } from '@byosd/core';
import { demoBackends } from '@byosd/testbed';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { BOT_TEXTS } from '../src/page/bot-texts.js';
import { demoBotPath } from '../src/page/demo-catalog.js';
import type { RunningBackend } from '../src/server/demo-backends.js';
import { type DemoFixture, startDemoFixture, STEP_TIMEOUT_MS } from './support/demo-fixture.js';
const ARTIFACTS = join(__dirname, '..', '..', '..', 'artifacts', 'e2e');

jest.setTimeout(120_000);

/** Every backend the demo wires, through the gateway and, where its adapter runs in a browser, in the page. */
const cases = demoBackends().flatMap((backend) => [
  { backend: backend.name, mode: 'gateway' as const, wiring: backend.demo },
  ...(backend.demo.inPageOptions ? [{ backend: backend.name, mode: 'in-page' as const, wiring: backend.demo }] : []),
]);

let fixture: DemoFixture;

beforeAll(async () => {
  fixture = await startDemoFixture();
});

afterAll(async () => {
  await fixture?.close();
});

/** Writes a screenshot of each step to artifacts/e2e/<backend>-<mode>/<step>.png, replacing an earlier run's. */
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

/** Records everything the page sends and receives: request bodies, response bodies, WebSocket frames. */
function recordTraffic(page: Page): string[] {
  const traffic: string[] = [];
  page.on('request', (request) => traffic.push(request.url(), request.postData() ?? ''));
  page.on('response', (response) => {
    response.text().then(
      (text) => traffic.push(text),
      () => undefined, // Redirects and aborted loads have no body.
    );
  });
  page.on('websocket', (socket) => {
    traffic.push(socket.url());
    socket.on('framesent', (frame) => traffic.push(String(frame.payload)));
    socket.on('framereceived', (frame) => traffic.push(String(frame.payload)));
  });
  return traffic;
}

/** The page's conversation with the backend's bot (backends whose conversation starts with one). */
function botPanel(page: Page): Locator {
  return page.getByRole('region', { name: BOT_TEXTS.panelLabel });
}

/** Asks the bot on the page, and waits for the question to show in the conversation. */
async function askBot(page: Page, question: string): Promise<void> {
  const panel = botPanel(page);
  await panel.getByLabel(BOT_TEXTS.questionLabel).fill(question);
  await panel.getByRole('button', { name: BOT_TEXTS.ask }).click();
  await panel.getByRole('log').getByText(question, { exact: true }).waitFor();
}

function runningBackend(name: string): RunningBackend {
  const running = fixture.demo.backends.find((candidate) => candidate.name === name);
  if (!running) throw new Error(`The demo runs no ${name}`);
  return running;
}

async function answerIntake(widget: Locator, questions: readonly IntakeQuestion[]): Promise<void> {
  for (const question of questions) {
    const field = widget.getByLabel(question.required ? `${question.label} (required)` : question.label, { exact: true });
    if (question.type === 'select') await field.selectOption(question.choices?.[0] ?? '');
    else await field.fill(question.type === 'email' ? 'ada@example.com' : question.type === 'tel' ? '+31 20 123 4567' : 'Ada Lovelace');
  }
}

/** The string values of the adapter's server-side options, none of which may reach the page. */
/** The option values that only the server has: those not also given to the page when the adapter runs there. */
function serverSideValues(options: JsonObject, publicOptions: JsonObject = {}): string[] {
  const published = new Set(Object.values(publicOptions));
  return Object.values(options).filter((value): value is string => typeof value === 'string' && value.length > 3 && !published.has(value));
}

describe.each(cases)('the demo with $backend ($mode)', ({ backend, mode, wiring }) => {
  let customerContext: BrowserContext;
  let agentContext: BrowserContext;

  beforeEach(async () => {
    customerContext = await fixture.browser.newContext({ viewport: { width: 1000, height: 720 } });
    agentContext = await fixture.browser.newContext({ viewport: { width: 1000, height: 720 } });
    customerContext.setDefaultTimeout(STEP_TIMEOUT_MS);
    agentContext.setDefaultTimeout(STEP_TIMEOUT_MS);
  });

  afterEach(async () => {
    await customerContext?.close();
    await agentContext?.close();
  });

  test('a customer escalates, the agent accepts and replies, the chat survives a reload, and the customer ends it', async () => {
    const shot = await screenshotter(`${backend}-${mode}`);
    const capabilities = wiring.adapter.capabilities;
    const topic = `Where is my order? (${backend}, ${mode})`;
    const customer = await customerContext.newPage();
    const traffic = recordTraffic(customer);
    const widget = customer.locator('byosd-chat');

    // The customer asks for an agent (first the bot, where the conversation starts with one), answering the intake questions first.
    await customer.goto(`${fixture.demo.url}?backend=${backend}&mode=${mode}`);
    if (wiring.bot) await askBot(customer, topic);
    await answerIntake(widget, wiring.intake ?? []);
    await widget.getByLabel('How can we help?').fill(topic);
    await shot(customer, 'customer-asks');
    await widget.getByRole('button', { name: 'Chat with an agent' }).click();
    // Queued: a backend that reports the queue at once shows the wait or the position instead of the generic line.
    await widget
      .getByRole('status')
      .getByText(/Waiting for an agent…|An agent will be with you|in the queue/)
      .waitFor();

    // The agent sees the waiting chat with its pre-chat data.
    const agent = await agentContext.newPage();
    await agent.goto(`${fixture.demo.consoleUrl}?backend=${backend}`);
    const card = agent.locator('article.chat-card', { hasText: topic });
    await card.getByText('waiting').waitFor();
    if (wiring.intake?.length) await card.locator('.pre-chat').getByText('Ada Lovelace').waitFor();
    await shot(agent, 'console-waiting-chat');

    if (capabilities.queueUpdates) {
      await card.getByRole('button', { name: 'Set queue' }).click();
      // The wait time wins over the place in the queue.
      await widget.getByRole('status').getByText('An agent will be with you in about 3 minutes.').waitFor();
      await shot(customer, 'customer-queued');
    }

    await card.getByRole('button', { name: 'Accept' }).click();
    await widget.getByText('Alex joined the chat').waitFor();
    await widget.getByRole('status').getByText('You are chatting with Alex.').waitFor();

    const reply = card.getByLabel('Reply');
    await reply.fill('Hello Ada, let me look that up.');
    if (capabilities.agentTyping) {
      await widget.getByText('Alex is typing…').waitFor();
      await shot(customer, 'customer-sees-typing');
    }
    await reply.press('Enter');
    await widget.getByRole('log').getByText('Hello Ada, let me look that up.').waitFor();
    await widget.getByText('Alex is typing…').waitFor({ state: 'hidden' });
    await shot(customer, 'customer-sees-reply');

    const message = widget.getByLabel('Message', { exact: true });
    await message.fill('It was due on Monday.');
    await message.press('Enter');
    await card.locator('.timeline').getByText('It was due on Monday.').waitFor();
    await shot(agent, 'console-conversation');

    // A reload keeps the conversation, and the chat goes on.
    await customer.reload();
    await widget.getByRole('log').getByText('Hello Ada, let me look that up.').waitFor();
    await widget.getByRole('log').getByText('It was due on Monday.').waitFor();
    await widget.getByRole('status').getByText('You are chatting with Alex.').waitFor();
    if (wiring.bot) await botPanel(customer).getByRole('log').getByText(topic, { exact: true }).waitFor();
    // Agent text is shown as text: markup in it is never interpreted.
    const markup = '<img src=x onerror="document.title=\'pwned\'"> It is on its way.';
    await reply.fill(markup);
    await reply.press('Enter');
    await widget.getByRole('log').getByText(markup, { exact: true }).waitFor();
    expect(await widget.locator('img').count()).toBe(0);
    expect(await customer.title()).not.toBe('pwned');
    expect(await widget.getByRole('log').getByText('Hello Ada, let me look that up.').count()).toBe(1);
    await shot(customer, 'customer-after-reload');

    if (capabilities.transfer) {
      await card.getByRole('button', { name: 'Transfer' }).click();
      await widget.getByText('Sam joined the chat').waitFor();
      await widget.getByRole('status').getByText('You are chatting with Sam.').waitFor();
      await shot(customer, 'customer-transferred');
    }

    // The customer ends the chat; the agent sees it end.
    await widget.getByRole('button', { name: 'End chat' }).click();
    await widget.getByText('You ended the chat').waitFor();
    await widget.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await card.getByText('ended by the user').waitFor();
    await shot(customer, 'customer-ended');
    await shot(agent, 'console-ended');

    if (mode === 'gateway') {
      // Through the gateway the page never learns the adapter's server-side options (endpoints, credentials); what
      // the adapter could be given in the page (a Genesys deployment id, its guest URLs) is public anyway.
      const running = fixture.demo.backends.find((candidate) => candidate.name === backend);
      expect(running).toBeDefined();
      for (const value of serverSideValues(running?.gatewayOptions ?? {}, running?.inPageOptions)) {
        expect(traffic.filter((entry) => entry.includes(value))).toEqual([]);
      }
    }
  });
});

/** The backends whose conversation starts with a bot, in each mode the demo offers them. */
const botCases = cases.filter((testCase) => testCase.wiring.bot !== undefined);

describe.each(botCases)('the demo with $backend ($mode): the bot before the handover', ({ backend, mode, wiring }) => {
  let context: BrowserContext;

  beforeEach(async () => {
    context = await fixture.browser.newContext({ viewport: { width: 1000, height: 720 } });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
  });

  afterEach(async () => {
    await context?.close();
  });

  /** What the backend's bot answers `question` (in a session of its own): what the page must show. */
  async function botSays(question: string) {
    const bot = runningBackend(backend).bot;
    if (!bot) throw new Error(`${backend} has no bot`);
    return bot.answer(question, undefined);
  }

  /**
   * Opens the page and talks to the bot until it hands over: a question first, then asking for a human. Resolves
   * with the widget, and the bot's session (as the demo server gave it to the page).
   */
  async function talkToBotUntilHandover(
    page: Page,
    shot: (page: Page, label: string) => Promise<void>,
    askForHuman: string,
  ): Promise<{ widget: Locator; session: string }> {
    await page.goto(`${fixture.demo.url}?backend=${backend}&mode=${mode}`);
    const panel = botPanel(page);
    const widget = page.locator('byosd-chat');
    // Only the bot at first: the widget waits for the handover.
    await panel.getByLabel(BOT_TEXTS.questionLabel).waitFor();
    expect(await widget.isVisible()).toBe(false);

    const question = 'What are your opening hours?';
    const answer = await botSays(question);
    await askBot(page, question);
    await panel.getByRole('log').getByText(answer.text, { exact: true }).waitFor();
    await shot(page, 'bot-answers');
    if (answer.handover === undefined) expect(await widget.isVisible()).toBe(false);

    const human = await botSays(askForHuman);
    expect(human.handover).toBeDefined(); // The demo's bot hands over when asked for a human.
    const botResponse = page.waitForResponse((response) => response.url().endsWith(demoBotPath(backend)));
    await askBot(page, askForHuman);
    const { session } = (await (await botResponse).json()) as { session: string };
    await panel.getByRole('log').getByText(human.text, { exact: true }).waitFor();
    await panel.getByRole('log').getByText(BOT_TEXTS.handingOver).waitFor();
    // The widget takes over, with the question the user asked the bot.
    await widget.getByLabel('How can we help?').waitFor();
    expect(await widget.getByLabel('How can we help?').inputValue()).toBe(askForHuman);
    await expect(panel.getByLabel(BOT_TEXTS.questionLabel).isVisible()).resolves.toBe(false);
    await answerIntake(widget, wiring.intake ?? []);
    await shot(page, 'intake');
    return { widget, session };
  }

  test('the user talks to the bot, asks for a human, answers the intake, and chats with the agent who accepts', async () => {
    const shot = await screenshotter(`${backend}-${mode}-bot`);
    const page = await context.newPage();
    const askForHuman = `I want to talk to a person (${backend}, ${mode})`;
    const { widget, session } = await talkToBotUntilHandover(page, shot, askForHuman);
    const { recorder } = runningBackend(backend).simulator;
    const before = recorder.all().length;
    await widget.getByRole('button', { name: 'Chat with an agent' }).click();
    await widget
      .getByRole('status')
      .getByText(/Waiting for an agent…|An agent will be with you|in the queue/)
      .waitFor();
    // The handover carried the bot's conversation: the adapter went on with the bot's session at the backend.
    expect(
      recorder
        .all()
        .slice(before)
        .some((entry) => JSON.stringify(entry).includes(session)),
    ).toBe(true);

    // The agent gets the chat with the intake answers, accepts and replies; the user sees it below the bot part.
    const { agent } = runningBackend(backend).simulator;
    const chat = await agent.waitForChat(askForHuman, STEP_TIMEOUT_MS);
    if (wiring.intake?.length) expect(Object.values(chat.preChat ?? {})).toContain('Ada Lovelace');
    await agent.accept(chat.chatId, { id: 'agent-alex', name: 'Alex' });
    await widget.getByRole('status').getByText('You are chatting with Alex.').waitFor();
    await agent.say(chat.chatId, 'Hello Ada, I have your conversation with the bot here.');
    await widget.getByRole('log').getByText('Hello Ada, I have your conversation with the bot here.').waitFor();
    await botPanel(page).getByRole('log').getByText(askForHuman, { exact: true }).waitFor();
    await shot(page, 'agent-replies');

    await widget.getByRole('button', { name: 'End chat' }).click();
    await widget.getByText('You ended the chat').waitFor();
  });

  test('when the handover fails, the user stays with the bot, is told why, and nothing is left open', async () => {
    const shot = await screenshotter(`${backend}-${mode}-bot-handover-fails`);
    const page = await context.newPage();
    const { agent } = runningBackend(backend).simulator;
    await agent.setAgentsOnline(false);
    try {
      const askForHuman = `Can a person help me? (${backend}, ${mode})`;
      const { widget } = await talkToBotUntilHandover(page, shot, askForHuman);
      await widget.getByRole('button', { name: 'Chat with an agent' }).click();

      // Back with the bot: its form again, no widget, and the reason in the conversation, in the adapter's words.
      const panel = botPanel(page);
      const notice = panel.getByRole('log').locator('.notice').filter({ hasText: BOT_TEXTS.stillWithBot });
      await notice.waitFor();
      const reason = (await notice.textContent())?.replace(BOT_TEXTS.stillWithBot, '').trim();
      expect(reason).toBeTruthy();
      expect(reason).not.toBe(BOT_TEXTS.handoverFailed);
      await panel.getByLabel(BOT_TEXTS.questionLabel).waitFor();
      expect(await widget.isVisible()).toBe(false);
      await shot(page, 'back-with-the-bot');
      expect((await agent.chats('open')).filter((chat) => chat.topic === askForHuman)).toEqual([]);

      // The conversation with the bot goes on.
      const question = 'And what are your opening hours on Saturdays?';
      const answer = await botSays(question);
      await askBot(page, question);
      await panel.getByRole('log').getByText(answer.text, { exact: true }).last().waitFor();
      await expect(panel.getByRole('log').locator('.entry.bot').last().textContent()).resolves.toContain(answer.text);
    } finally {
      await agent.setAgentsOnline(true);
    }
  });
});
