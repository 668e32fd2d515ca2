import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IntakeQuestion, JsonObject } from '@byosd/core';
import { demoBackends } from '@byosd/testbed';
import type { BrowserContext, Locator, Page } from 'playwright-core';
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

    // The customer asks for an agent, answering the intake questions first.
    await customer.goto(`${fixture.demo.url}?backend=${backend}&mode=${mode}`);
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
