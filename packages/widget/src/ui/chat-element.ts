import { type ChatState, type ConnectMessage, findConnectToAgentItem, LIVE_STATES } from '@byosd/core';
import { ChatController, type ChatView, type WidgetError } from '../client/chat-controller.js';
import { parseWidgetConfig, type WidgetConfig, type WidgetConfigInput } from '../client/widget-config.js';
import { stringsFor, type WidgetStrings } from '../i18n/strings.js';
import { element, labelled } from './dom.js';
import { intakeFields, type IntakeFields } from './intake-form.js';
import { statusText } from './status-text.js';
import { WIDGET_CSS } from './styles.js';
import { TranscriptView } from './transcript-view.js';

/** How long after the last keystroke the agent is told that the user stopped typing. */
const TYPING_IDLE_MS = 3000;

/**
 * `<byosd-chat>`: the chat UI. Configure it with `configure({ desk, locale, intake, ... })`, or, for a gateway,
 * with attributes: `<byosd-chat gateway-url="wss://..." adapter="genesys-cloud" locale="nl">`. It resumes the
 * tab's chat after a reload by itself. Changing `locale` re-renders every text.
 */
export class ByosdChatElement extends HTMLElement {
  static readonly observedAttributes = ['locale'];
  private config: WidgetConfig | undefined;
  private controller: ChatController | undefined;
  private view: ChatView | undefined;
  private strings: WidgetStrings = stringsFor(undefined);
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private typing = false;
  private intake: IntakeFields | undefined;
  private parts: ReturnType<ByosdChatElement['build']> | undefined;
  private transcript: TranscriptView | undefined;
  private lastState: ChatState | undefined;
  private handover: ConnectMessage | undefined;

  /** Sets the widget up and resumes the tab's chat, if it had one. @throws INVALID_OPTIONS naming the bad field. */
  configure(input: WidgetConfigInput): void {
    if (this.config) throw new TypeError('<byosd-chat> is already configured');
    this.config = parseWidgetConfig(input);
    this.controller = new ChatController({ source: this.config.desk, storageKey: this.config.storageKey });
    this.applyLocale();
    this.controller.subscribe((view) => this.render(view));
    void this.controller.resume();
  }

  /**
   * For a page whose own bot hands the user over: fills in the question with the bot's connect message, and starts
   * the chat with that message (its `session_history_key` and transfer info reach the adapter) when the user sends
   * the start form, after the intake questions.
   */
  prepareHandover(escalation: ConnectMessage): void {
    this.handover = escalation;
    if (this.parts) this.parts.question.value = handoverQuestion(escalation);
  }

  /** The chat behind the UI, for pages that want to listen or act themselves. */
  get chat(): ChatController | undefined {
    return this.controller;
  }

  connectedCallback(): void {
    const url = this.getAttribute('gateway-url');
    const adapter = this.getAttribute('adapter');
    if (this.config || url === null || adapter === null) return;
    this.configure({
      desk: { gateway: { url, adapter } },
      ...optionalAttribute(this, 'locale', 'locale'),
      ...optionalAttribute(this, 'heading', 'title'),
      ...optionalAttribute(this, 'storage-key', 'storageKey'),
    });
  }

  attributeChangedCallback(): void {
    if (this.controller) this.applyLocale();
  }

  private applyLocale(): void {
    this.strings = stringsFor(this.getAttribute('locale') ?? this.config?.locale ?? document.documentElement.lang);
    this.parts = this.build();
    this.transcript = new TranscriptView(this.parts.transcript);
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.replaceChildren(element('style', { text: WIDGET_CSS }), this.parts.root);
    if (this.view) this.render(this.view);
  }

  private build() {
    const strings = this.strings;
    const status = element('p', { className: 'status', attributes: { role: 'status' } });
    const error = element('p', { className: 'error', attributes: { role: 'alert' } });
    const transcript = element('ol', { className: 'transcript', attributes: { role: 'log', 'aria-label': strings.transcriptLabel, tabindex: '0' } });
    const typing = element('p', { className: 'typing', attributes: { 'aria-live': 'polite' } });

    this.intake = intakeFields(this.config?.intake ?? [], strings);
    const question = element('textarea', { attributes: { rows: '2', required: '', placeholder: strings.questionPlaceholder, name: 'question' } });
    if (this.handover) question.value = handoverQuestion(this.handover); // Rebuilt for another language: keep the bot's question.
    const startButton = element('button', { text: strings.startChat, attributes: { type: 'submit' } });
    const startForm = element('form', { className: 'start-form' }, [
      ...(this.intake.nodes.length > 0 ? [element('h3', { text: strings.intakeHeading }), ...this.intake.nodes] : []),
      labelled(strings.questionLabel, question, 'byosd-question'),
      element('div', { className: 'buttons' }, [startButton]),
    ]);
    startForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.startChat(question, startButton);
    });

    const message = element('textarea', { attributes: { rows: '2', name: 'message' } });
    const sendButton = element('button', { text: strings.send, attributes: { type: 'submit' } });
    const endButton = element('button', { className: 'secondary', text: strings.endChat, attributes: { type: 'button' } });
    const composer = element('form', { className: 'composer' }, [
      labelled(strings.messageLabel, message, 'byosd-message'),
      element('div', { className: 'buttons' }, [endButton, sendButton]),
    ]);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendMessage(message);
    });
    message.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter starts a new line, as in every chat.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendMessage(message);
      }
    });
    message.addEventListener('input', () => this.userTyped(message.value !== ''));
    endButton.addEventListener('click', () => void this.controller?.end().catch((failure: unknown) => console.warn('byosd: could not end the chat', failure)));

    const newChatButton = element('button', { text: strings.newChat, attributes: { type: 'button' } });
    newChatButton.addEventListener('click', () => {
      this.controller?.reset();
      question.focus();
    });
    const endedPanel = element('div', { className: 'ended-panel' }, [element('div', { className: 'buttons' }, [newChatButton])]);

    const heading = element('h2', { text: this.config?.title ?? strings.title });
    heading.id = `byosd-heading-${Math.random().toString(36).slice(2, 10)}`;
    const root = element('section', { className: 'chat', attributes: { 'aria-labelledby': heading.id } }, [
      element('header', {}, [heading, status]),
      error,
      transcript,
      typing,
      startForm,
      composer,
      endedPanel,
    ]);
    return { root, status, error, transcript, typing, startForm, question, startButton, composer, message, sendButton, endButton, endedPanel, newChatButton };
  }

  private async startChat(question: HTMLTextAreaElement, button: HTMLButtonElement): Promise<void> {
    const text = question.value.trim();
    if (!text || !this.controller) return;
    button.disabled = true;
    try {
      const escalation = this.handover && withQuestion(this.handover, text);
      if (!(await this.controller.start(text, this.intake?.answers() ?? {}, escalation))) return; // Nobody online: the question stays.
      this.handover = undefined;
      question.value = '';
      this.parts?.message.focus();
    } catch (failure) {
      console.warn('byosd: the chat did not start', failure);
    } finally {
      button.disabled = false;
    }
  }

  private sendMessage(message: HTMLTextAreaElement): void {
    const text = message.value.trim();
    if (!text || !this.controller || message.disabled) return;
    message.value = '';
    this.userTyped(false);
    this.controller.send(text);
  }

  /** Reports typing once when it starts, and its end after a pause or a send. */
  private userTyped(active: boolean): void {
    clearTimeout(this.typingTimer);
    if (active) this.typingTimer = setTimeout(() => this.userTyped(false), TYPING_IDLE_MS);
    if (active === this.typing) return;
    this.typing = active;
    this.controller?.setTyping(active);
  }

  private render(view: ChatView): void {
    this.view = view;
    const parts = this.parts;
    if (!parts || !this.transcript) return;
    const strings = this.strings;
    const live = (LIVE_STATES as readonly ChatState[]).includes(view.state);
    parts.status.textContent = statusText(view, strings);
    parts.error.hidden = view.error === undefined;
    parts.error.textContent = view.error === undefined ? '' : errorText(view.error, strings);
    parts.typing.textContent = view.agentTyping && live ? strings.agentTyping(view.agent?.nickname ?? strings.agent) : '';
    this.transcript.render(view.transcript, strings);
    parts.startForm.hidden = view.state !== 'idle';
    parts.composer.hidden = !live;
    parts.message.disabled = view.resuming;
    parts.sendButton.disabled = view.resuming;
    parts.endedPanel.hidden = view.state !== 'ended';
    if (view.state === 'ended' && this.lastState !== undefined && this.lastState !== 'ended' && this.shadowRoot?.activeElement) parts.newChatButton.focus();
    if (view.state === 'ended') this.userTyped(false);
    this.lastState = view.state;
  }
}

function errorText(error: WidgetError, strings: WidgetStrings): string {
  switch (error.kind) {
    case 'connecting':
      return error.messageToUser ?? strings.connectingError;
    case 'no-agents':
      return strings.noAgents;
    case 'resume-failed':
      return strings.resumeError;
  }
}

function handoverQuestion(escalation: ConnectMessage): string {
  return findConnectToAgentItem(escalation)?.message_to_human_agent ?? '';
}

/** The bot's connect message with the question as the user last wrote it. */
function withQuestion(escalation: ConnectMessage, question: string): ConnectMessage {
  const generic = escalation.output.generic.map((item) => (item.response_type === 'connect_to_agent' ? { ...item, message_to_human_agent: question } : item));
  return { ...escalation, output: { ...escalation.output, generic } };
}

function optionalAttribute<K extends string>(host: HTMLElement, attribute: string, key: K): Partial<Record<K, string>> {
  const value = host.getAttribute(attribute);
  return value === null ? {} : ({ [key]: value } as Record<K, string>);
}

/** Registers `<byosd-chat>` (once). */
export function defineChatElement(name = 'byosd-chat'): void {
  if (!customElements.get(name)) customElements.define(name, ByosdChatElement);
}
