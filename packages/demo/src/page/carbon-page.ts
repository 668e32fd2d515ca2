import '@carbon/ai-chat/dist/es/web-components/cds-aichat-container/index.js';
import { carbonServiceDeskFactory } from '@byosd/carbon';
import { element } from '@byosd/widget';
import {
  BusEventType,
  type BusEventHumanAgentPreStartChat,
  type ChatInstance,
  type MessageRequest,
  type MessageResponse,
  type PublicConfig,
} from '@carbon/ai-chat';
import * as z from 'zod/mini';
import { backendAndModeChoices } from './backend-choices.js';
import { DEMO_CATALOG_PATH, type DemoBackend, demoCatalogSchema, fetchJson } from './demo-catalog.js';
import { deskSource, type Mode } from './demo-desk-source.js';
import { IntakeDialog } from './intake-dialog.js';

/**
 * The Carbon demo page: IBM's Carbon AI Chat (`<cds-aichat-container>`) with a byosd adapter as its service desk.
 * A tiny bot stands in for the assistant: it greets, asks the backend's required pre-chat questions in the
 * conversation (Carbon has no pre-chat form), and answers with a `connect_to_agent` response, whose card the user
 * clicks to reach an agent; the answers go to the adapter as `preStartChatPayload` from Carbon's
 * `human_agent:pre:startChat` event. The choice of backend and mode lives in the URL, as on `/`.
 */
async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const backends = (await fetchJson(DEMO_CATALOG_PATH, demoCatalogSchema)).backends;
  const backend = backends.find((candidate) => candidate.name === params.get('backend')) ?? backends[0];
  if (!backend) throw new Error('The demo server wires no backend');
  const mode: Mode = params.get('mode') === 'in-page' && backend.inPage ? 'in-page' : 'gateway';
  renderChoices(backends, backend, mode);
  const consoleLink = document.querySelector<HTMLAnchorElement>('#console-link');
  if (consoleLink) consoleLink.href = `/console?backend=${encodeURIComponent(backend.name)}`;

  const factory = carbonServiceDeskFactory(await deskSource(backend, mode));
  const intake = new IntakeDialog(backend.intake, rememberedAnswers(backend.name));
  const config: PublicConfig = {
    openChatByDefault: true,
    assistantName: 'byosd bot',
    serviceDeskFactory: factory,
    messaging: { customSendMessage: (request, _options, instance) => answer(backend.name, intake, request, instance), customLoadHistory: factory.loadHistory },
  };
  const chat = document.createElement('cds-aichat-container') as HTMLElement & { config: PublicConfig; onBeforeRender: (instance: ChatInstance) => void };
  chat.config = config;
  chat.onBeforeRender = (instance) => {
    instance.on({
      type: BusEventType.HUMAN_AGENT_PRE_START_CHAT,
      // Carbon types every handler with the base event; this type's events are BusEventHumanAgentPreStartChat.
      handler: (event) => {
        (event as BusEventHumanAgentPreStartChat).preStartChatPayload = intake.lastAnswers;
      },
    });
  };
  document.querySelector('#carbon')?.append(chat);
}

/** The bot: a greeting for Carbon's welcome request (empty text), then the intake questions, then an escalation. */
async function answer(backend: string, intake: IntakeDialog, request: MessageRequest, instance: ChatInstance): Promise<void> {
  const text = request.input.text?.trim() ?? '';
  if (text === '') {
    await instance.messaging.addMessage(greeting());
    return;
  }
  const turn = intake.turn(text);
  sessionStorage.setItem(answersKey(backend), JSON.stringify(intake.lastAnswers));
  await instance.messaging.addMessage('ask' in turn ? botText(turn.ask) : escalation(turn.escalate));
}

/** Where the page keeps the intake answers for the tab's session, so that a reload does not ask them again. */
function answersKey(backend: string): string {
  return `byosd-carbon-demo:intake:${backend}`;
}

/** The answers kept for `backend`; none when nothing (or something unreadable) is kept. */
function rememberedAnswers(backend: string): Record<string, string> {
  let kept: unknown;
  try {
    kept = JSON.parse(sessionStorage.getItem(answersKey(backend)) ?? '{}');
  } catch {
    return {};
  }
  const parsed = z.safeParse(z.record(z.string(), z.string()), kept);
  return parsed.success ? parsed.data : {};
}

function botText(text: string): MessageResponse {
  return { output: { generic: [{ response_type: 'text', text }] } } as MessageResponse;
}

function greeting(): MessageResponse {
  return botText('Hello! Ask me anything and I will hand you to a human agent.');
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
