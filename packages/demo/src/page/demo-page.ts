import { ByosdChatElement, defineChatElement, element, labelled, WIDGET_STRINGS } from '@byosd/widget';
import { DEMO_CATALOG_PATH, type DemoBackend, demoCatalogSchema, fetchJson } from './demo-catalog.js';
import { deskSource, type Mode } from './demo-desk-source.js';

/**
 * The demo page: pick a backend, where its adapter runs and a language, and chat. The choice lives in the URL
 * (`?backend=example&mode=in-page&locale=nl`), so a reload keeps it and the chat resumes.
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
  document.querySelector('#widget')?.append(chat);
  chat.configure({
    desk: await deskSource(backend, mode),
    locale,
    storageKey: `${backend.name}-${mode}`,
    ...(backend.intake ? { intake: backend.intake } : {}),
  });
}

function renderChoices(backends: DemoBackend[], backend: DemoBackend, mode: Mode, locale: string): void {
  const choose = (changes: Record<string, string>) => {
    const next = new URLSearchParams({ backend: backend.name, mode, locale, ...changes });
    location.search = next.toString();
  };
  const select = (options: Array<[string, string]>, selected: string, onChange: (value: string) => void) => {
    const control = element(
      'select',
      {},
      options.map(([value, text]) => element('option', { text, attributes: value === selected ? { value, selected: '' } : { value } })),
    );
    control.addEventListener('change', () => onChange(control.value));
    return control;
  };
  const modes: Array<[string, string]> = [
    ['gateway', 'On the gateway (proxy desk)'],
    ...(backend.inPage ? [['in-page', 'In the page'] as [string, string]] : []),
  ];
  document.querySelector('#choices')?.replaceChildren(
    labelled(
      'Backend',
      select(
        backends.map((candidate) => [candidate.name, `${candidate.name}: ${candidate.description}`]),
        backend.name,
        (value) => choose({ backend: value, mode: 'gateway' }),
      ),
      'demo-backend',
    ),
    labelled(
      'Adapter runs',
      select(modes, mode, (value) => choose({ mode: value })),
      'demo-mode',
    ),
    labelled(
      'Language',
      select(
        Object.keys(WIDGET_STRINGS).map((code) => [code, code === 'nl' ? 'Nederlands' : 'English']),
        locale,
        (value) => choose({ locale: value }),
      ),
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
