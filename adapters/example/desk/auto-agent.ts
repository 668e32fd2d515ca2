import type { DeskAgent } from '../protocol/desk-protocol.js';
import type { DeskChat, ExampleDesk } from './example-desk.js';

export interface AutoAgentOptions {
  /** How long a chat waits before the agent accepts it. Default 300 ms. */
  joinDelayMs?: number;
  /** How long the agent "types" before each reply. Default 400 ms. */
  replyDelayMs?: number;
  agent?: DeskAgent;
  /** Who takes over on "/transfer". */
  transferTo?: DeskAgent;
}

const DEFAULT_AGENT: DeskAgent = { id: 'agent-sam', name: 'Sam' };
const DEFAULT_TRANSFER_TARGET: DeskAgent = { id: 'agent-alex', name: 'Alex' };

/**
 * A scripted agent for demos: it reports the queue, accepts each chat after a delay, reads and answers every
 * message (typing first), and obeys commands typed by the user: `/transfer`, `/leave`, `/end`.
 * Returns a function that stops it and cancels its pending actions.
 */
export function startAutoAgent(desk: ExampleDesk, options: AutoAgentOptions = {}): () => void {
  const joinDelayMs = options.joinDelayMs ?? 300;
  const replyDelayMs = options.replyDelayMs ?? 400;
  const agent = options.agent ?? DEFAULT_AGENT;
  const transferTo = options.transferTo ?? DEFAULT_TRANSFER_TARGET;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      try {
        action();
      } catch {
        // The chat ended meanwhile: nothing left to do.
      }
    }, ms);
    timers.add(timer);
  };

  const answer = (chat: DeskChat, text: string) => {
    desk.read(chat.id);
    const command = text.trim().toLowerCase();
    if (command === '/end') return desk.end(chat.id);
    if (command === '/leave') return desk.leave(chat.id);
    if (command === '/transfer') {
      desk.say(chat.id, `Let me hand you over to ${transferTo.name}.`);
      return later(joinDelayMs, () => desk.transfer(chat.id, transferTo));
    }
    desk.type(chat.id, true);
    later(replyDelayMs, () => {
      desk.type(chat.id, false);
      desk.say(chat.id, `You said: "${text}". Anything else I can help with?`);
    });
  };

  const stopStarted = desk.onChatStarted((chat) => {
    desk.setQueue(chat.id, 1, 1);
    later(joinDelayMs, () => {
      desk.accept(chat.id, agent);
      desk.say(chat.id, `Hi, I'm ${agent.name}. I see you asked about "${chat.topic}". How can I help?`);
    });
  });
  const stopMessages = desk.onUserMessage((chat, message) => {
    if (chat.agent) answer(chat, message.text);
  });

  return () => {
    stopStarted();
    stopMessages();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
