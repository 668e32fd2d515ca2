import { ByosdChatElement, defineChatElement, element, labelled, WIDGET_STRINGS } from '@byosd/widget';
import { backendAndModeChoices, choiceSelect } from './backend-choices.js';
import { BotConversation } from './bot-conversation.js';
import { DEMO_CATALOG_PATH, type DemoBackend, demoCatalogSchema, fetchJson } from './demo-catalog.js';
import { deskSource, type Mode } from './demo-desk-source.js';

/**
 * The demo page: pick a backend, where its adapter runs and a language, and chat. The choice lives in the URL
 * (`?backend=example&mode=in-page&locale=nl`), so a reload keeps it and the chat resumes. With a backend whose
 * conversation starts with a bot, the user talks to the bot first, and the widget takes over at the handover.
 */
async function main(): Promise<void> {
  defineChatElement();
  const params = new URLSearchParams(location.search);
  const { backends } = await fetchJson(DEMO_CATALOG_PATH, demoCatalogSchema);
  const backend = backends.find((candidate) => candidate.name === params.get('backend')) ?? backends[0];
  if (!backend) throw new Error('The demo server wires no backend');
  const mode: Mode = params.get('mode') === 'in-page' && backend.inPage ? 'in-page' : 'gateway';
  const locale = params.get('locale') ?? 'en';

  renderChoices(backends, backend, mode, locale);
  const consoleLink = document.querySelector<HTMLAnchorElement>('#console-link');
  if (consoleLink) consoleLink.href = `/console?backend=${encodeURIComponent(backend.name)}`;

  const chat = document.createElement('byosd-chat');
  if (!(chat instanceof ByosdChatElement)) throw new Error('<byosd-chat> is not defined');
  const widgetHost = document.querySelector<HTMLElement>('#widget');
  if (!widgetHost) throw new Error('The page has no #widget');
  const bot = backend.bot ? new BotConversation(backend, chat, widgetHost) : undefined;
  if (bot) widgetHost.before(bot.panel);
  widgetHost.append(chat);
  chat.configure({
    desk: await deskSource(backend, mode),
    locale,
    storageKey: `${backend.name}-${mode}`,
    ...(backend.intake ? { intake: backend.intake } : {}),
  });
  bot?.start();
}

function renderChoices(backends: DemoBackend[], backend: DemoBackend, mode: Mode, locale: string): void {
  const choose = (changes: Record<string, string>) => {
    location.search = new URLSearchParams({ backend: backend.name, mode, locale, ...changes }).toString();
  };
  const languages: Array<[string, string]> = Object.keys(WIDGET_STRINGS).map((code) => [code, code === 'nl' ? 'Nederlands' : 'English']);
  document.querySelector('#choices')?.replaceChildren(
    ...backendAndModeChoices(backends, backend, mode, choose),
    labelled(
      'Language',
      choiceSelect(languages, locale, (value) => choose({ locale: value })),
      'demo-locale',
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  document
    .querySelector('#widget')
    ?.replaceChildren(element('p', { className: 'failure', text: `The demo could not start: ${error instanceof Error ? error.message : String(error)}` }));
});
