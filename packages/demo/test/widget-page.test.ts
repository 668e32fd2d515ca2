import { request } from 'node:http';
import type { BrowserContext, Locator } from 'playwright-core';
import { type DemoFixture, startDemoFixture, STEP_TIMEOUT_MS } from './support/demo-fixture.js';
import { type BundleSize } from '../src/build/bundles.js';
import { DEMO_CATALOG_PATH } from '../src/page/demo-catalog.js';

jest.setTimeout(60_000);

let fixture: DemoFixture;
let context: BrowserContext;

beforeAll(async () => {
  fixture = await startDemoFixture();
});

afterAll(async () => {
  await fixture?.close();
});

beforeEach(async () => {
  context = await fixture.browser.newContext();
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
});

afterEach(async () => {
  await context?.close();
});

/** Opens the demo (example backend, through the gateway) and fills in the intake and the question. */
async function fillInQuestion(question: string): Promise<Locator> {
  const page = await context.newPage();
  await page.goto(`${fixture.demo.url}?backend=example&mode=gateway`);
  const widget = page.locator('byosd-chat');
  await widget.getByLabel('Your name (required)').fill('Ada');
  await widget.getByLabel('How can we help?').fill(question);
  return widget;
}

describe('the chat widget', () => {
  test('speaks Dutch with locale nl, and a chat can be started with the keyboard alone', async () => {
    const page = await context.newPage();
    await page.goto(`${fixture.demo.url}?backend=example&mode=gateway&locale=nl`);
    const widget = page.locator('byosd-chat');
    await widget.getByRole('heading', { name: 'Chat met ons' }).waitFor();

    await widget.getByLabel('Uw naam (verplicht)').focus();
    await page.keyboard.type('Ada');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Mijn bestelling');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // "Chat met een medewerker"
    await widget.getByRole('status').getByText('Wachten op een medewerker…').waitFor();
    // Focus moves to the message box, ready to type.
    await page.waitForFunction(() => document.querySelector('byosd-chat')?.shadowRoot?.activeElement?.getAttribute('name') === 'message');
    await widget.getByRole('button', { name: 'Chat beëindigen' }).press('Enter');
    await widget.getByText('U heeft de chat beëindigd').waitFor();
  });

  test('with every agent offline the customer is told so, and no chat starts until one is back', async () => {
    const agent = await context.newPage();
    await agent.goto(`${fixture.demo.consoleUrl}?backend=example`);
    const setAgents = async (state: 'online' | 'offline') => {
      const answered = agent.waitForResponse((response) => response.url().endsWith('/control/agents') && response.ok());
      await agent.getByLabel('Agents').selectOption(state);
      await answered;
    };
    await setAgents('offline');
    try {
      const widget = await fillInQuestion('Is anyone there?');
      await widget.getByRole('button', { name: 'Chat with an agent' }).click();
      await widget.getByRole('alert').getByText('No agents are available right now. Please try again later.').waitFor();
      expect(await widget.getByLabel('How can we help?').inputValue()).toBe('Is anyone there?');

      await setAgents('online');
      await widget.getByRole('button', { name: 'Chat with an agent' }).click();
      await widget.getByRole('status').getByText('Waiting for an agent…').waitFor();
      await widget.getByRole('button', { name: 'End chat' }).click();
      await widget.getByText('You ended the chat').waitFor();
    } finally {
      await setAgents('online');
    }
  });

  test('shows that the connection dropped while the backend reconnects, and loses nothing', async () => {
    const widget = await fillInQuestion('My connection is flaky');
    const page = widget.page();
    await widget.getByRole('button', { name: 'Chat with an agent' }).click();
    await widget.getByRole('status').getByText('Waiting for an agent…').waitFor();

    const control = `${fixture.demo.gateway.httpUrl}/backends/example/control`;
    const post = (path: string, body: object = {}) =>
      fetch(`${control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((response) => {
        expect(response.ok).toBe(true);
      });
    const { chats } = (await (await fetch(`${control}/chats?status=waiting`)).json()) as { chats: Array<{ chatId: string; topic: string }> };
    const chat = chats.find((candidate) => candidate.topic === 'My connection is flaky');
    expect(chat).toBeDefined();
    await post(`/chats/${chat?.chatId}/accept`, { agent: { id: 'alex', name: 'Alex' } });
    await widget.getByRole('status').getByText('You are chatting with Alex.').waitFor();

    // Every status the customer is shown, however briefly.
    await widget.evaluate((host) => {
      const status = host.shadowRoot?.querySelector('[role=status]');
      const seen: string[] = [];
      Object.assign(window, { seenStatuses: seen });
      if (status) new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await post('/faults/drop-connections');
    await page.waitForFunction(() => (window as unknown as { seenStatuses: string[] }).seenStatuses.includes('Connection lost. Reconnecting…'));
    await widget.getByRole('status').getByText('You are chatting with Alex.').waitFor();
    await post(`/chats/${chat?.chatId}/messages`, { text: 'Back again.' });
    await widget.getByRole('log').getByText('Back again.').waitFor();
  });

  test('through the gateway, an adapter without user typing is asked once, and then left alone', async () => {
    const page = await context.newPage();
    const sent: string[] = [];
    let sentAgain: () => void = () => undefined;
    const againSent = new Promise<void>((resolve) => (sentAgain = resolve));
    const refused = new Promise<void>((resolve) => {
      page.on('websocket', (socket) => {
        socket.on('framesent', (frame) => {
          sent.push(String(frame.payload));
          if (String(frame.payload).includes('"text":"Again"')) sentAgain();
        });
        socket.on('framereceived', (frame) => {
          if (String(frame.payload).includes('"NOT_SUPPORTED"')) resolve();
        });
      });
    });
    // The gateway's manifest can carry typing; the Twilio Flex adapter has no way to report it.
    await page.goto(`${fixture.demo.url}?backend=twilio-flex&mode=gateway`);
    const widget = page.locator('byosd-chat');
    await widget.getByLabel('How can we help?').fill('Do you see me typing?');
    await widget.getByRole('button', { name: 'Chat with an agent' }).click();
    const message = widget.getByRole('textbox', { name: 'Message' });
    await message.waitFor(); // The chat is queued: the composer shows.
    await message.pressSequentially('Hi');
    await within(refused, 'the gateway to refuse the typing report');
    await message.press('Enter');
    await message.pressSequentially('Again');
    await message.press('Enter');
    // Frames leave one at a time, in order: a typing report for "Again" would have gone before its send.
    await within(againSent, 'the second message to be sent');
    expect(sent.filter((frame) => frame.includes('"type":"typing"'))).toHaveLength(1);
    await widget.getByRole('button', { name: 'End chat' }).click();
    await widget.getByText('You ended the chat').waitFor();
  });

  test('a damaged stored chat is dropped with a warning naming the field, and the widget starts afresh', async () => {
    const page = await context.newPage();
    // Damage the entry from a page of the same origin that runs no widget, so only the demo page below reads it.
    await page.goto(new URL(DEMO_CATALOG_PATH, fixture.demo.url).href);
    await page.evaluate(() =>
      sessionStorage.setItem('byosd-chat:example-gateway', JSON.stringify({ version: 1, persisted: { chatId: 42 }, transcript: [], lastSeq: 0 })),
    );
    const warning = page.waitForEvent('console', {
      predicate: (message) => message.type() === 'warning' && message.text().includes('persisted.specVersion'),
      timeout: 10_000,
    });
    await page.goto(`${fixture.demo.url}?backend=example&mode=gateway`);
    await page.locator('byosd-chat').getByRole('button', { name: 'Chat with an agent' }).waitFor();
    await expect(warning).resolves.toBeDefined();
    expect(await page.evaluate(() => sessionStorage.getItem('byosd-chat:example-gateway'))).toBeNull();
  });

  test('a configuration mistake is refused naming the field', async () => {
    const page = await context.newPage();
    await page.goto(`${fixture.demo.url}?backend=example`);
    await page.locator('byosd-chat').getByRole('button', { name: 'Chat with an agent' }).waitFor();
    const message = await page.evaluate(() => {
      const chat = document.createElement('byosd-chat') as HTMLElement & { configure(config: unknown): void };
      try {
        chat.configure({
          desk: { gateway: { url: 'ws://127.0.0.1:1/v1/chat' } },
          intake: [{ id: 'name' }, { id: 'email', label: 'E-mail', labels: { Dutch: 'E-mail' } }],
        });
        return 'accepted';
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    });
    expect(message).toMatch(/Invalid widget configuration/);
    expect(message).toContain('desk.gateway.adapter');
    expect(message).toContain('intake[0].label');
    expect(message).toContain('intake[1].labels.Dutch');
  });
});

describe('the script-tag bundle', () => {
  test('a page with nothing but byosd-widget.iife.js chats with an agent through the gateway', async () => {
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(new URL('/widget/script-tag.html', fixture.demo.url).href);
    const widget = page.locator('byosd-chat');
    await widget.getByLabel('How can we help?').fill('Sent from a script tag');
    await widget.getByRole('button', { name: 'Chat with an agent' }).click();
    await widget.getByRole('status').getByText('Waiting for an agent…').waitFor();

    const control = `${fixture.demo.gateway.httpUrl}/backends/example/control`;
    const { chats } = (await (await fetch(`${control}/chats?status=waiting`)).json()) as { chats: Array<{ chatId: string; topic: string }> };
    const chat = chats.find((candidate) => candidate.topic === 'Sent from a script tag');
    expect(chat).toBeDefined();
    const post = async (path: string, body: object) => {
      const response = await fetch(`${control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.ok).toBe(true);
    };
    await post(`/chats/${chat?.chatId}/accept`, { agent: { id: 'sam', name: 'Sam' } });
    await post(`/chats/${chat?.chatId}/messages`, { text: 'Hello from the desk.' });
    await widget.getByRole('log').getByText('Hello from the desk.').waitFor();
    await widget.getByRole('button', { name: 'End chat' }).click();
    await widget.getByText('You ended the chat').waitFor();

    // The library is on window.Byosd, and the page loaded no other script of ours.
    expect(await page.evaluate(() => typeof (window as unknown as { Byosd?: { openDesk?: unknown } }).Byosd?.openDesk)).toBe('function');
    expect(scripts).toEqual(['/widget/byosd-widget.iife.js']);
  });

  test('the asset route serves the bundles and nothing outside their directory', async () => {
    const status = (path: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        // node:http sends the path as written; fetch would resolve the dots before sending.
        request(new URL(fixture.demo.url), { path }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
          .on('error', reject)
          .end();
      });
    expect(await status('/widget/byosd-widget.iife.js')).toBe(200);
    expect(await status('/widget/../package.json')).toBe(404);
    expect(await status('/widget/chunks/../../index.html')).toBe(404);
    expect(await status('/widget/.hidden.js')).toBe(404);
  });
});

describe('the widget bundles', () => {
  test('the script-tag bundle stays far from its old size: no locale tables, no plugin registry', () => {
    const iife = fixture.bundles.find((bundle) => bundle.file === 'byosd-widget.iife.js');
    // Measured at 27 KB gzipped with zod/mini; with zod's classic API it was 69 KB, with its locales or inversify 100+ KB.
    // The size report is `npm run build:widget`; this only catches such a regression, with margin.
    expect(iife?.gzipBytes).toBeLessThan(35 * 1024);
  });

  test("an in-page adapter loads neither zod's classic API nor its JSON Schema code", () => {
    const adapters = fixture.bundles.filter((bundle) => bundle.file.startsWith('adapters/'));
    expect(adapters.map((bundle) => bundle.file)).toEqual(expect.arrayContaining(['adapters/example.mjs', 'adapters/genesys-cloud.mjs']));
    // Classic zod in an adapter, or in any page it shares chunks with (esbuild then puts all of zod's core in the
    // shared chunk), made this path 90+ KB gzipped; with zod/mini it is under 50 KB, axios included.
    const classicZod = /node_modules\/zod\/v4\/(classic\/|core\/(to-)?json-schema)/;
    for (const adapter of adapters) {
      const inputs = loadedWith(adapter).flatMap((bundle) => bundle.inputs);
      expect(inputs.some((input) => input.includes('node_modules/zod/v4/mini/'))).toBe(true);
      expect({ adapter: adapter.file, classicZod: inputs.filter((input) => classicZod.test(input)) }).toEqual({ adapter: adapter.file, classicZod: [] });
    }
  });

  test('axios loads only with an adapter whose backend speaks HTTP', () => {
    // A re-export of core's HTTP client from core's main entry put axios (18 KB gzipped) in the chunk every page loads.
    const bundle = (file: string) => fixture.bundles.find((candidate) => candidate.file === file);
    const withAxios = (file: string) => {
      const entry = bundle(file);
      if (!entry) throw new Error(`the build made no ${file}`);
      return loadedWith(entry).some((loaded) => loaded.inputs.some((input) => input.includes('node_modules/axios/')));
    };
    expect({
      widget: withAxios('byosd-widget.mjs'),
      example: withAxios('adapters/example.mjs'),
      genesysCloud: withAxios('adapters/genesys-cloud.mjs'),
    }).toEqual({
      widget: false,
      example: false,
      genesysCloud: true,
    });
  });
});

/** Waits for `promise` at most one step's time, failing with `what` instead of hanging. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), STEP_TIMEOUT_MS)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A bundle and every chunk that loads with it. */
function loadedWith(entry: BundleSize): BundleSize[] {
  const loaded = new Map<string, BundleSize>();
  const visit = (bundle: BundleSize) => {
    if (loaded.has(bundle.file)) return;
    loaded.set(bundle.file, bundle);
    for (const file of bundle.imports) {
      const chunk = fixture.bundles.find((candidate) => candidate.file === file);
      if (!chunk) throw new Error(`${bundle.file} imports ${file}, which the build did not report`);
      visit(chunk);
    }
  };
  visit(entry);
  return [...loaded.values()];
}
