import { ErrorCode, ServiceDeskError } from '@byosd/core';

export interface WaitForTopicParams<Chat extends { topic: string }> {
  topic: string;
  timeoutMs: number;
  /** The chats the backend has now. */
  existing: readonly Chat[];
  /** Subscribes to chats the backend starts from now on; returns the unsubscribe. */
  onStarted(listener: (chat: Chat) => void): () => void;
  /** Names the backend in the TIMEOUT message ("the example desk"). */
  backendName: string;
}

/**
 * `AgentDriver.waitForChat` for a backend in this process: the chat about `topic`, at once if the backend has it,
 * else when it starts; TIMEOUT after `timeoutMs`.
 */
export function waitForTopic<Chat extends { topic: string }>(params: WaitForTopicParams<Chat>): Promise<Chat> {
  const existing = params.existing.find((chat) => chat.topic === params.topic);
  if (existing) return Promise.resolve(existing);
  return new Promise<Chat>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new ServiceDeskError(ErrorCode.TIMEOUT, `No chat about "${params.topic}" reached ${params.backendName} within ${params.timeoutMs} ms`));
    }, params.timeoutMs);
    const stop = params.onStarted((chat) => {
      if (chat.topic !== params.topic) return;
      clearTimeout(timer);
      stop();
      resolve(chat);
    });
  });
}
