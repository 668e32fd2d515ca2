import { element, labelled } from '@byosd/widget';
import type { AgentChat, AgentIdentity, ControlApiClient } from './control-api-client.js';

export interface ChatCardContext {
  api: ControlApiClient;
  /** The agent the console plays, as typed in its header. */
  agent(): AgentIdentity;
  /** Shows what went wrong with an action. */
  report(error: unknown): void;
  /** Fetches the chats again after an action. */
  refresh(): void;
}

/** An agent identity from a name typed in the console. */
export function agentNamed(name: string): AgentIdentity {
  const trimmed = name.trim() || 'Agent';
  return { id: `agent-${trimmed.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, name: trimmed };
}

/**
 * One chat in the agent console. Built once and updated in place on every poll, so that what the agent is typing
 * and where the focus is survive the refresh. The timeline interleaves the user's messages (as the backend
 * received them) with the agent's own, in the order the console saw them.
 */
export class ChatCard {
  readonly node: HTMLElement;
  private readonly status = element('span', { className: 'badge' });
  private readonly details = element('dl', { className: 'pre-chat' });
  private readonly timeline = element('ol', { className: 'timeline', attributes: { role: 'log', 'aria-label': 'Messages' } });
  private readonly typing = element('p', { className: 'user-typing', attributes: { 'aria-live': 'polite' } });
  private readonly queuedActions: HTMLElement;
  private readonly activeActions: HTMLElement;
  private readonly seen = new Set<string>();
  private agentTyping = false;

  constructor(
    private chat: AgentChat,
    private readonly context: ChatCardContext,
  ) {
    const act = (action: () => Promise<unknown>) => () => {
      action().then(
        () => context.refresh(),
        (error: unknown) => context.report(error),
      );
    };
    const button = (text: string, onClick: () => void, className = '') => {
      const control = element('button', { text, className, attributes: { type: 'button' } });
      control.addEventListener('click', onClick);
      return control;
    };
    const id = () => this.chat.chatId;

    const position = element('input', { attributes: { type: 'number', min: '0', value: '2', inputmode: 'numeric' } });
    const wait = element('input', { attributes: { type: 'number', min: '0', value: '3', inputmode: 'numeric' } });
    this.queuedActions = element('div', { className: 'actions' }, [
      button(
        'Accept',
        act(() => context.api.accept(id(), context.agent())),
      ),
      labelled('Place in queue', position, 'queue-position'),
      labelled('Wait (minutes)', wait, 'queue-wait'),
      button(
        'Set queue',
        act(() => context.api.setQueue(id(), Number(position.value), Number(wait.value))),
        'secondary',
      ),
    ]);

    const reply = element('textarea', { attributes: { rows: '2', name: 'reply' } });
    const send = () => {
      const text = reply.value.trim();
      if (!text) return;
      reply.value = '';
      this.setAgentTyping(false);
      context.api.say(id(), text).then(() => {
        this.addLine('agent', text);
        context.refresh();
      }, context.report);
    };
    reply.addEventListener('input', () => this.setAgentTyping(reply.value !== ''));
    reply.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    });
    const transferTo = element('input', { attributes: { type: 'text', value: 'Sam', name: 'transfer-to' } });
    this.activeActions = element('div', { className: 'actions active' }, [
      element('div', { className: 'reply' }, [labelled('Reply', reply, 'reply'), button('Send', send)]),
      element('div', { className: 'row' }, [
        labelled('Transfer to', transferTo, 'transfer-to'),
        button(
          'Transfer',
          act(() => context.api.transfer(id(), agentNamed(transferTo.value))),
          'secondary',
        ),
        button(
          'Leave',
          act(() => context.api.leave(id())),
          'secondary',
        ),
        button(
          'End chat',
          act(() => context.api.end(id())),
          'danger',
        ),
      ]),
    ]);

    const heading = element('h3', { text: chat.topic });
    this.node = element('article', { className: 'chat-card', attributes: { 'data-chat-id': chat.chatId } }, [
      element('header', {}, [heading, this.status]),
      this.details,
      this.timeline,
      this.typing,
      this.queuedActions,
      this.activeActions,
    ]);
    this.update(chat);
  }

  update(chat: AgentChat): void {
    this.chat = chat;
    this.status.textContent =
      chat.status === 'active'
        ? `active with ${chat.agent?.name ?? 'an agent'}`
        : chat.status === 'ended'
          ? `ended by the ${chat.endedBy ?? 'backend'}`
          : 'waiting';
    this.status.className = `badge ${chat.status}`;
    const facts: Array<[string, string]> = [
      ...Object.entries(chat.preChat ?? {}).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
      ...(chat.locale ? [['locale', chat.locale] as [string, string]] : []),
    ];
    this.details.replaceChildren(...facts.flatMap(([key, value]) => [element('dt', { text: key }), element('dd', { text: value })]));
    this.details.hidden = facts.length === 0;
    for (const message of chat.messages) {
      if (this.seen.has(message.messageId)) continue;
      this.seen.add(message.messageId);
      this.addLine('user', message.text);
    }
    this.typing.textContent = chat.userTyping && chat.status !== 'ended' ? 'The customer is typing…' : '';
    this.queuedActions.hidden = chat.status !== 'queued';
    this.activeActions.hidden = chat.status !== 'active';
  }

  private addLine(author: 'user' | 'agent', text: string): void {
    this.timeline.append(
      element('li', { className: author }, [element('span', { className: 'author', text: author === 'user' ? 'Customer' : 'You' }), element('span', { text })]),
    );
  }

  private setAgentTyping(isTyping: boolean): void {
    if (isTyping === this.agentTyping || this.chat.status !== 'active') return;
    this.agentTyping = isTyping;
    this.context.api.type(this.chat.chatId, isTyping).catch(this.context.report);
  }
}
