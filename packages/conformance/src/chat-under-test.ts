import {
  type AdapterPlugin,
  type ChatEvent,
  ChatEventBus,
  type ChatEventOf,
  type ChatEventType,
  ChatSession,
  createMemoryWebhookHub,
  ErrorCode,
  isServiceDeskError,
  type PersistedChat,
  type ServiceDesk,
  ServiceDeskError,
  silentLogger,
  waitForEvent,
} from '@byosd/core';
import type { ConformanceHarness } from './harness/conformance-target.js';
import { createRecordingCallback } from './recording-callback.js';
import type { ChatMode } from './scenario.js';
import { describeReports } from './transcript.js';

/** How `newChat` opens a chat under test. */
export interface NewChatOptions {
  /** Default: a fresh id. Pass an earlier chat's id to resume it. */
  chatId?: string;
  /** How long this chat waits for any one expected event. Default: the run's timeout. */
  timeoutMs?: number;
}

/** How long the chat session lets `areAnyAgentsOnline` take in conformance runs. */
export const AVAILABILITY_TIMEOUT_MS = 500;

/** One chat of the adapter under test, seen from the user's side. */
export interface ChatUnderTest {
  readonly mode: ChatMode;
  readonly chatId: string;
  /** What the user side calls: the chat session (session mode) or the adapter's desk itself (raw mode). */
  readonly desk: ServiceDesk;
  readonly events: ChatEventBus;
  /** Every event so far, oldest first. */
  history(): ChatEvent[];
  /** What a host would store to resume this chat elsewhere. */
  persisted(): PersistedChat;
  /**
   * Resolves with the first value of `condition(history)` other than undefined or false, re-checked after every
   * event. Rejects after the run's timeout, describing `what` and what the user side saw instead.
   */
  until<T>(condition: (events: ChatEvent[]) => T | undefined | false, what: string): Promise<T>;
  /** The first event of `type` (matching `where`, described by `what`) in the whole history, waiting for it if need be. */
  waitFor<T extends ChatEventType>(type: T, where?: (event: ChatEventOf<T>) => boolean, what?: string): Promise<ChatEventOf<T>>;
  /** Ends the chat if it is still going, ignoring failures: the suite's cleanup. */
  close(): Promise<void>;
}

export interface ChatUnderTestParams {
  mode: ChatMode;
  plugin: AdapterPlugin;
  harness: ConformanceHarness;
  chatId: string;
  timeoutMs: number;
}

export function createChatUnderTest(params: ChatUnderTestParams): ChatUnderTest {
  const { mode, plugin, harness, chatId, timeoutMs } = params;
  let desk: ServiceDesk;
  let events: ChatEventBus;
  let persisted: () => PersistedChat;
  if (mode === 'session') {
    const session = new ChatSession({
      // The session creates its desk through the harness, so that it reaches the harness's backend.
      plugin: { ...plugin, create: (context) => harness.createDesk(context.callback, { chatId: context.chatId }) },
      options: undefined,
      chatId,
      logger: silentLogger,
      webhookHub: createMemoryWebhookHub(),
      availabilityTimeoutMs: AVAILABILITY_TIMEOUT_MS,
      eventBufferSize: 10_000,
    });
    desk = session;
    events = session.events;
    persisted = () => session.persisted;
  } else {
    events = new ChatEventBus({ chatId, bufferSize: 10_000 });
    const recording = createRecordingCallback(events, plugin.name, () => {
      desk.endChat({ endedByAgent: true }).catch(() => undefined);
    });
    desk = harness.createDesk(recording.callback, { chatId });
    persisted = recording.persisted;
  }

  const seen: ChatEvent[] = [];
  events.subscribe((event) => {
    seen.push(event);
  });

  const until = async <T>(condition: (history: ChatEvent[]) => T | undefined | false, what: string): Promise<T> => {
    let result: T | undefined | false;
    const satisfied = () => {
      result = condition(seen);
      return result !== undefined && result !== false;
    };
    if (satisfied()) return result as T;
    try {
      // `seen` is updated by an earlier subscriber, so the condition sees each event as it arrives.
      await waitForEvent(events, satisfied, what, { timeoutMs });
    } catch (error) {
      if (!isServiceDeskError(error, ErrorCode.TIMEOUT)) throw error;
      throw new ServiceDeskError(ErrorCode.TIMEOUT, `Waited ${timeoutMs} ms for ${what}; the user side saw: ${describeReports(seen)}`);
    }
    return result as T;
  };

  return {
    mode,
    chatId,
    desk,
    events,
    history: () => [...seen],
    persisted,
    until,
    waitFor: <T extends ChatEventType>(type: T, where?: (event: ChatEventOf<T>) => boolean, what: string = type) =>
      until(
        (history) => history.find((event): event is ChatEventOf<T> => event.type === type && (where === undefined || where(event as ChatEventOf<T>))),
        what,
      ),
    close: () =>
      Promise.resolve()
        .then(() => desk.endChat())
        .catch(() => undefined),
  };
}
