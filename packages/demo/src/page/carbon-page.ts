import '@carbon/ai-chat/dist/es/web-components/cds-aichat-container/index.js';
import { carbonServiceDeskFactory } from '@byosd/carbon';
import { element } from '@byosd/widget';
import type { ChatInstance, MessageRequest, MessageResponse, PublicConfig } from '@carbon/ai-chat';
import { backendAndModeChoices } from './backend-choices.js';
import { DEMO_CATALOG_PATH, type DemoBackend, demoCatalogSchema, fetchJson } from './demo-catalog.js';
import { deskSource, type Mode } from './demo-desk-source.js';

/**
 * The Carbon demo page: IBM's Carbon AI Chat (`<cds-aichat-container>`) with a byosd adapter as its service desk.
 * A tiny bot stands in for the assistant: it greets, and answers any question with a `connect_to_agent` response,
 * whose card the user clicks to reach an agent. The choice of backend and mode lives in the URL, as on `/`.
 */
async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  // Carbon asks nothing before a chat, so a backend that needs answers first (a required intake question) is left out.
  const backends = (await fetchJson(DEMO_CATALOG_PATH, demoCatalogSchema)).backends.filter(
    (candidate) => !(candidate.intake ?? []).some((question) => question.required),
  );
  const backend = backends.find((candidate) => candidate.name === params.get('backend')) ?? backends[0];
  if (!backend) throw new Error('The demo server wires no backend');
  const mode: Mode = params.get('mode') === 'in-page' && backend.inPage ? 'in-page' : 'gateway';
  renderChoices(backends, backend, mode);
  const consoleLink = document.querySelector<HTMLAnchorElement>('#console-link');
  if (consoleLink) consoleLink.href = `/console?backend=${encodeURIComponent(backend.name)}`;

  const factory = carbonServiceDeskFactory(await deskSource(backend, mode));
  const config: PublicConfig = {
    openChatByDefault: true,
    assistantName: 'byosd bot',
    serviceDeskFactory: factory,
    messaging: { customSendMessage: answer, customLoadHistory: factory.loadHistory },
  };
  const chat = document.createElement('cds-aichat-container') as HTMLElement & { config: PublicConfig };
  chat.config = config;
  document.querySelector('#carbon')?.append(chat);
}

/** The bot: a greeting for Carbon's welcome request (empty text), an escalation for anything else. */
async function answer(request: MessageRequest, _options: unknown, instance: ChatInstance): Promise<void> {
  const text = request.input.text?.trim() ?? '';
  await instance.messaging.addMessage(text === '' ? greeting() : escalation(text));
}

function greeting(): MessageResponse {
  return { output: { generic: [{ response_type: 'text', text: 'Hello! Ask me anything and I will hand you to a human agent.' }] } } as MessageResponse;
}

function escalation(question: string): MessageResponse {
  return {
    output: {
      generic: [
        { response_type: 'text', text: 'A human agent can help with that.' },
        {
          response_type: 'connect_to_agent',
          message_to_human_agent: question,
          agent_available: { message: 'An agent is available. Connect to them below.' },
          agent_unavailable: { message: 'No agent is online right now.' },
          transfer_info: { summary_message_to_agent: [{ response_type: 'text', text: 'Asked from the Carbon AI Chat demo.' }] },
        },
      ],
    },
  } as MessageResponse;
}

function renderChoices(backends: DemoBackend[], backend: DemoBackend, mode: Mode): void {
  const choose = (changes: Record<string, string>) => {
    location.search = new URLSearchParams({ backend: backend.name, mode, ...changes }).toString();
  };
  document.querySelector('#choices')?.replaceChildren(...backendAndModeChoices(backends, backend, mode, choose));
}

main().catch((error: unknown) => {
  console.error(error);
  document
    .querySelector('#carbon')
    ?.replaceChildren(element('p', { className: 'failure', text: `The demo could not start: ${error instanceof Error ? error.message : String(error)}` }));
});
