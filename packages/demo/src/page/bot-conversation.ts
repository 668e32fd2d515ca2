import { connectMessageSchema } from '@byosd/core';
import { type ByosdChatElement, type ChatView, element, labelled } from '@byosd/widget';
import * as z from 'zod/mini';
import { BOT_TEXTS } from './bot-texts.js';
import { type DemoBackend, demoBotAnswerSchema, demoBotPath, fetchJson } from './demo-catalog.js';

/** One line of the conversation with the bot. */
const lineSchema = z.object({ from: z.enum(['user', 'bot', 'notice']), text: z.string() });
type Line = z.infer<typeof lineSchema>;

/** What the page keeps in session storage, so that a reload mid-chat still shows the bot part of it. */
const storedSchema = z.object({
  session: z.optional(z.string()),
  lines: z.array(lineSchema),
  /** The bot's connect message, from its handover until the chat starts. */
  handover: z.optional(connectMessageSchema),
});
type Stored = z.infer<typeof storedSchema>;

/**
 * The bot part of a conversation that starts with the backend's bot: the user asks the bot (through the demo
 * server) and reads its answers; when the bot hands over, the widget appears with its intake questions and the
 * question filled in, and sends the bot's connect message when the user starts the chat. If the chat does not
 * start, the widget goes and the user is back with the bot, with the reason shown in the conversation.
 */
export class BotConversation {
  private readonly storageKey: string;
  private state: Stored;
  private readonly log = element('ol', { className: 'bot-log', attributes: { role: 'log', 'aria-label': BOT_TEXTS.logLabel } });
  private readonly question = element('input', { attributes: { type: 'text', name: 'bot-question', autocomplete: 'off', required: '' } });
  private readonly askButton = element('button', { text: BOT_TEXTS.ask, attributes: { type: 'submit' } });
  private readonly form = element('form', { className: 'bot-form' }, [
    labelled(BOT_TEXTS.questionLabel, this.question, 'demo-bot-question'),
    element('div', { className: 'buttons' }, [this.askButton]),
  ]);
  private readonly failure = element('p', { className: 'failure', attributes: { role: 'alert' } });
  readonly panel: HTMLElement;
  /** The widget's failed start already told in the conversation. */
  private toldFailure: ChatView['error'];
  private chatState: ChatView['state'] = 'idle';

  constructor(
    private readonly backend: DemoBackend,
    private readonly chat: ByosdChatElement,
    private readonly widgetHost: HTMLElement,
  ) {
    this.storageKey = `byosd-demo-bot:${backend.name}`;
    this.state = this.load();
    this.panel = element('section', { className: 'panel bot-panel', attributes: { 'aria-labelledby': 'bot-heading' } }, [
      element('h2', { text: BOT_TEXTS.panelLabel, attributes: { id: 'bot-heading' } }),
      element('p', { text: 'The conversation starts with the bot; ask it for a human to be handed over.' }),
      this.log,
      this.failure,
      this.form,
    ]);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.ask();
    });
    for (const line of this.state.lines) this.log.append(lineNode(line));
  }

  /** Follows the widget's chat; call once the widget is configured (it may have resumed a chat). */
  start(): void {
    const controller = this.chat.chat;
    if (!controller) throw new Error('<byosd-chat> is not configured');
    if (this.state.handover) this.chat.prepareHandover(this.state.handover);
    controller.subscribe((view) => this.follow(view));
  }

  private async ask(): Promise<void> {
    const question = this.question.value.trim();
    if (question === '') return;
    this.askButton.disabled = true;
    this.failure.textContent = '';
    try {
      const answer = await fetchJson(demoBotPath(this.backend.name), demoBotAnswerSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question, ...(this.state.session ? { session: this.state.session } : {}) }),
      });
      this.question.value = '';
      this.state.session = answer.session;
      this.add({ from: 'user', text: question });
      this.add({ from: 'bot', text: answer.text });
      if (answer.handover) {
        this.state.handover = answer.handover;
        this.chat.prepareHandover(answer.handover);
        this.add({ from: 'notice', text: BOT_TEXTS.handingOver });
      }
    } catch (error) {
      this.failure.textContent = `The assistant did not answer: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.askButton.disabled = false;
    }
    this.render();
  }

  private follow(view: ChatView): void {
    this.chatState = view.state;
    if (view.state !== 'idle') delete this.state.handover; // Handed over: what follows a new chat is the bot again.
    if (view.state === 'idle' && view.error?.kind === 'connecting' && view.error !== this.toldFailure) {
      // The chat did not start: back to the bot, saying why.
      this.toldFailure = view.error;
      delete this.state.handover;
      this.add({ from: 'notice', text: `${view.error.messageToUser ?? BOT_TEXTS.handoverFailed} ${BOT_TEXTS.stillWithBot}` });
    }
    this.render();
  }

  /** The bot's form while the user is with the bot; the widget from the handover on. */
  private render(): void {
    const withBot = this.chatState === 'idle' && this.state.handover === undefined;
    this.form.hidden = !withBot;
    this.widgetHost.hidden = withBot;
    this.save();
  }

  private add(line: Line): void {
    this.state.lines.push(line);
    this.log.append(lineNode(line));
    this.log.scrollTop = this.log.scrollHeight;
  }

  private load(): Stored {
    const parsed = storedSchema.safeParse(parseJson(sessionStorage.getItem(this.storageKey)));
    return parsed.success ? (parsed.data as Stored) : { lines: [] };
  }

  private save(): void {
    sessionStorage.setItem(this.storageKey, JSON.stringify(this.state));
  }
}

function lineNode(line: Line): HTMLElement {
  if (line.from === 'notice') return element('li', { className: 'notice', text: line.text });
  return element('li', { className: `entry ${line.from}` }, [
    element('span', { className: 'author', text: line.from === 'bot' ? BOT_TEXTS.panelLabel : 'You' }),
    element('p', { className: 'text', text: line.text }),
  ]);
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
