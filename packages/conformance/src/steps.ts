import assert from 'node:assert/strict';
import { setImmediate as nextIoTurn } from 'node:timers/promises';
import { connectMessage, type ErrorCode, isServiceDeskError, randomId, type ServiceDeskError } from '@byosd/core';
import type { AgentIdentity } from './harness/agent-driver.js';
import type { ChatUnderTest } from './chat-under-test.js';
import type { ScenarioContext } from './scenario.js';
import { agentTexts } from './transcript.js';

/** The agents the scenarios play. */
export const FIRST_AGENT: AgentIdentity = { id: 'agent-ada', name: 'Ada' };
/** The agent a transfer hands the chat to. */
export const SECOND_AGENT: AgentIdentity = { id: 'agent-grace', name: 'Grace' };

/** A chat a scenario started and an agent accepted, with what the scenario needs to drive it. */
export interface StartedChat {
  chat: ChatUnderTest;
  /** The backend's id of the chat, for the agent driver. */
  backendChatId: string;
  topic: string;
}

/** Starts `chat` with a unique topic and finds it at the backend. */
export async function startChat(context: ScenarioContext, chat: ChatUnderTest = context.newChat(), label = 'chat'): Promise<StartedChat> {
  const topic = context.topic(label);
  await chat.desk.startChat(connectMessage(topic), {});
  const backendChat = await context.agent.waitForChat(topic, context.timeoutMs);
  return { chat, backendChatId: backendChat.chatId, topic };
}

/** Starts a chat and has the first agent accept it; resolves once the user has seen the agent join. */
export async function startConnectedChat(context: ScenarioContext, chat?: ChatUnderTest, label?: string): Promise<StartedChat> {
  const started = await startChat(context, chat, label);
  await context.agent.accept(started.backendChatId, FIRST_AGENT);
  await started.chat.waitFor('agentJoined', undefined, `${FIRST_AGENT.name} to join`);
  return started;
}

/** Sends user messages one after the other, each with a fresh messageId. */
export async function sendUserMessages(chat: ChatUnderTest, texts: readonly string[]): Promise<void> {
  for (const text of texts) await chat.desk.sendMessageToAgent({ input: { text } }, randomId());
}

/** The texts the agent received in a chat, in order. */
export async function agentReceivedTexts(context: ScenarioContext, backendChatId: string): Promise<string[]> {
  return (await context.agent.chat(backendChatId)).messages.map((message) => message.text);
}

/** `count` numbered texts: `${prefix} 1`, `${prefix} 2`, ... */
export function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}`);
}

/** Resolves with the error when `promise` rejects with a ServiceDeskError of `code`; throws otherwise. */
export async function expectRejection(promise: Promise<unknown>, code: ErrorCode, what: string): Promise<ServiceDeskError> {
  let outcome: unknown;
  try {
    await promise;
  } catch (error) {
    outcome = error;
    if (isServiceDeskError(error, code)) return error;
  }
  const got =
    outcome === undefined
      ? 'it resolved'
      : isServiceDeskError(outcome)
        ? `it failed with ${outcome.code}: ${outcome.message}`
        : `it failed with ${String(outcome)}`;
  throw new Error(`Expected ${what} to fail with ${code}, but ${got}`);
}

/**
 * Lets everything already under way land (socket frames in flight on loopback, callbacks queued by the adapter)
 * before a scenario checks that nothing more happened. Waits for turns of the event loop, not for a duration.
 */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn += 1) await nextIoTurn();
}

/**
 * Checks that the user received exactly `texts` from the agent, once each, in order. Waits until the last of
 * them (or as many messages) has arrived, so that a lost or misplaced message fails at once with both lists.
 */
export async function expectUserReceived(chat: ChatUnderTest, texts: readonly string[], what = 'what the user received'): Promise<void> {
  const last = texts.at(-1);
  const done = (received: string[]) => received.length >= texts.length || (last !== undefined && received.includes(last));
  // Each message gets the event bound, not the whole batch: a backlog that keeps arriving on a slow machine passes,
  // and a delivery that stops fails one bound after the last message that came.
  for (let count = agentTexts(chat.history()).length; !done(agentTexts(chat.history())); count = agentTexts(chat.history()).length) {
    await chat.until((events) => {
      const received = agentTexts(events);
      return done(received) || received.length > count;
    }, `${texts.length} agent messages (${count} so far)`);
  }
  await settle();
  assert.deepEqual(agentTexts(chat.history()), texts, what);
}
