/**
 * One chaos chat: a proxy desk (the gateway's client, reconnecting and resuming on its own) and the simulator's
 * agent, each sending `messages` numbered messages one at a time, while the run's faults happen around them. The
 * user's message n is "u:<chat>:<n>", the agent's "a:<chat>:<n>"; each side counts what it receives.
 */
import { type ChatSession, connectMessage, isServiceDeskError, type JsonObject, messageText } from '@byosd/core';
import type { AgentDriver } from '@byosd/conformance';
import { loadProxySession } from '../bench/bench-chat.js';
import { MessageTally } from './message-tally.js';

const AGENT = { id: 'agent-chaos', name: 'Chaos' };
/** The proxy desk's options: a resume after a SIGKILL waits out the dead owner's lease, so keep asking long enough. */
const PROXY_OPTIONS = { requestTimeoutMs: 30_000, reconnectAttempts: 40, reconnectDelayMs: 100 };

export interface ChaosChatSettings {
  gatewayUrl: string;
  adapter: string;
  agent: AgentDriver;
  chat: string;
  messages: number;
  /** The answers to the backend's pre-chat questions. */
  preChat: JsonObject;
  /** Pause between two messages of one side. */
  paceMs: number;
  /** How long one message may keep being retried before it counts as not acknowledged. */
  sendDeadlineMs: number;
  /** Called for every acknowledged message, either way. */
  onAcknowledged(from: 'user' | 'agent'): void;
}

export interface ChaosChat {
  /** The chat's name in the run, as in its message texts. */
  readonly name: string;
  /** The gateway's id of the chat, as its instances log it. */
  readonly gatewayChatId: string;
  readonly toAgent: MessageTally;
  readonly toUser: MessageTally;
  /** Sends every message both ways; a side that cannot get one message acknowledged in the deadline stops there. */
  exchange(): Promise<void>;
  /** Reads what the agent received (the console shows each user message the backend accepted, in order). */
  readAgentSide(): Promise<void>;
  /** Errors that kept a message from being acknowledged, for the report. */
  readonly failures: string[];
  end(): Promise<void>;
}

/** Between attempts at one message, so that a refusal that comes at once is not retried in a busy loop. */
const RETRY_DELAY_MS = 100;

const NUMBERED = /^([ua]):(.+):(\d+)$/;

function numberOf(text: string, side: 'u' | 'a', chat: string): number | undefined {
  const match = NUMBERED.exec(text);
  return match && match[1] === side && match[2] === chat ? Number(match[3]) : undefined;
}

/** Rejects if `promise` has not settled after `ms`: one hung request must not hang the run. */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Retries `attempt` (same message, same id) while it fails retryably, until `deadlineMs` has passed. */
async function untilAcknowledged(attempt: () => Promise<unknown>, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      await withinMs(attempt(), Math.max(1, deadline - Date.now()));
      return;
    } catch (error) {
      const retryable = !isServiceDeskError(error) || error.isRetryable;
      if (!retryable || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}

export async function openChaosChat(settings: ChaosChatSettings): Promise<ChaosChat> {
  const { agent, chat, messages } = settings;
  const toAgent = new MessageTally();
  const toUser = new MessageTally();
  const failures: string[] = [];
  const session: ChatSession = await loadProxySession(settings.gatewayUrl, settings.adapter, PROXY_OPTIONS);
  session.events.subscribe((event) => {
    if (event.type !== 'sendMessageToUser') return;
    const n = numberOf(messageText(event.message), 'a', chat);
    if (n !== undefined) toUser.recordReceived(n);
  });
  const topic = `chaos chat ${chat}`;
  const arrived = agent.waitForChat(topic, 60_000);
  // If the start fails, nobody waits for the agent's side any more.
  arrived.catch(() => undefined);
  await session.startChat(connectMessage(topic), { preStartChatPayload: settings.preChat });
  const { chatId } = await arrived;
  const { desk } = session.persisted;
  const gatewayChatId = desk && typeof desk === 'object' && 'gatewayChatId' in desk ? String(desk.gatewayChatId) : 'unknown';
  await agent.accept(chatId, AGENT);

  const failed = (side: string, n: number, error: unknown) => failures.push(`${chat} ${side} ${n}: ${error instanceof Error ? error.message : String(error)}`);

  const pause = () => (settings.paceMs > 0 ? new Promise((resolve) => setTimeout(resolve, settings.paceMs)) : Promise.resolve());

  return {
    name: chat,
    gatewayChatId,
    toAgent,
    toUser,
    failures,
    async exchange() {
      const userSide = async () => {
        for (let n = 0; n < messages; n += 1) {
          await pause();
          toAgent.recordSent();
          try {
            await untilAcknowledged(() => session.sendMessageToAgent({ input: { text: `u:${chat}:${n}` } }, `${chat}-u${n}`), settings.sendDeadlineMs);
            toAgent.recordAcknowledged(n);
            settings.onAcknowledged('user');
          } catch (error) {
            // One message that cannot get through in the deadline means the chat is stuck: the rest would each wait it out too.
            failed('user', n, error);
            return;
          }
        }
      };
      const agentSide = async () => {
        for (let n = 0; n < messages; n += 1) {
          await pause();
          toUser.recordSent();
          try {
            await untilAcknowledged(() => agent.say(chatId, `a:${chat}:${n}`, `${chat}-a${n}`), settings.sendDeadlineMs);
            toUser.recordAcknowledged(n);
            settings.onAcknowledged('agent');
          } catch (error) {
            failed('agent', n, error);
            return;
          }
        }
      };
      await Promise.all([userSide(), agentSide()]);
    },
    async readAgentSide() {
      const seen = await agent.chat(chatId);
      toAgent.setReceived(seen.messages.map((message) => numberOf(message.text, 'u', chat)).filter((n) => n !== undefined));
    },
    async end() {
      await session.endChat().catch(() => undefined);
    },
  };
}
