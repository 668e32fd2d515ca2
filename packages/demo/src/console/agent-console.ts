import { DEMO_CATALOG_PATH, type DemoBackend, demoCatalogSchema, fetchJson } from '../page/demo-catalog.js';
import { element, labelled } from '@byosd/widget';
import { agentNamed, ChatCard } from './chat-card.js';
import { ControlApiClient } from './control-api-client.js';

/** How often the console asks the simulator for its chats. */
const POLL_INTERVAL_MS = 1000;

/**
 * The agent console: plays the human agent on a simulator through its control API. Waiting chats with their
 * pre-chat data, accept, reply (typing is reported as the agent types), transfer, leave, end, queue figures and
 * whether agents are online. `?backend=<name>` picks the simulator.
 */
async function main(): Promise<void> {
  const { backends } = await fetchJson(DEMO_CATALOG_PATH, demoCatalogSchema);
  const wanted = new URLSearchParams(location.search).get('backend');
  const backend = backends.find((candidate) => candidate.name === wanted) ?? backends[0];
  if (!backend) throw new Error('The demo server wires no backend');
  const api = new ControlApiClient(backend.controlApi);

  const agentName = element('input', { attributes: { type: 'text', value: 'Alex', name: 'agent-name', autocomplete: 'off' } });
  const problems = element('p', { className: 'problems', attributes: { role: 'alert' } });
  const list = element('div', { className: 'chats' });
  const empty = element('p', { className: 'empty', text: 'No chats yet. Start one on the demo page.' });
  renderHeader(backends, backend, agentName, api, problems);
  document.querySelector('#console')?.replaceChildren(problems, empty, list);

  const cards = new Map<string, ChatCard>();
  let refreshing = false;
  const refresh = async () => {
    if (refreshing) return;
    refreshing = true;
    try {
      const chats = await api.chats();
      problems.textContent = '';
      for (const chat of [...chats].reverse()) {
        const card = cards.get(chat.chatId);
        if (card) card.update(chat);
        else {
          const created = new ChatCard(chat, { api, agent: () => agentNamed(agentName.value), report, refresh: () => void refresh() });
          cards.set(chat.chatId, created);
          list.prepend(created.node);
        }
      }
      empty.hidden = cards.size > 0;
    } catch (error) {
      report(error);
    } finally {
      refreshing = false;
    }
  };
  function report(error: unknown): void {
    problems.textContent = error instanceof Error ? error.message : String(error);
  }
  await refresh();
  setInterval(() => void refresh(), POLL_INTERVAL_MS);
}

function renderHeader(backends: DemoBackend[], backend: DemoBackend, agentName: HTMLInputElement, api: ControlApiClient, problems: HTMLElement): void {
  const backendSelect = element(
    'select',
    {},
    backends.map((candidate) =>
      element('option', {
        text: candidate.name,
        attributes: candidate.name === backend.name ? { value: candidate.name, selected: '' } : { value: candidate.name },
      }),
    ),
  );
  backendSelect.addEventListener('change', () => {
    location.search = new URLSearchParams({ backend: backendSelect.value }).toString();
  });
  const online = element('select', {}, [
    element('option', { text: 'online', attributes: { value: 'true' } }),
    element('option', { text: 'offline', attributes: { value: 'false' } }),
    element('option', { text: 'unknown', attributes: { value: 'null' } }),
  ]);
  online.addEventListener('change', () => {
    const value: boolean | null = online.value === 'null' ? null : online.value === 'true';
    api.setAgentsOnline(value).catch((error: unknown) => {
      problems.textContent = error instanceof Error ? error.message : String(error);
    });
  });
  document
    .querySelector('#settings')
    ?.replaceChildren(
      labelled('Backend', backendSelect, 'console-backend'),
      labelled('Your name', agentName, 'console-agent'),
      labelled('Agents', online, 'console-online'),
    );
}

main().catch((error: unknown) => {
  console.error(error);
  document
    .querySelector('#console')
    ?.replaceChildren(element('p', { className: 'problems', text: `The console could not start: ${error instanceof Error ? error.message : String(error)}` }));
});
