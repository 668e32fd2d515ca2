import { ErrorCode } from '../errors/error-codes.js';
import { isServiceDeskError, ServiceDeskError } from '../errors/service-desk-error.js';
import { retry } from '../http/retry.js';
import type { ServiceDeskCallback } from '../contract/service-desk-callback.js';
import type { Logger } from './logger.js';

/** How a connection recovery reports and retries. */
export interface ConnectionRecoveryOptions {
  callback: ServiceDeskCallback;
  logger: Logger;
  chatId: string;
  /** Names the backend in the DISCONNECTED report and the log ("the example desk"). */
  backendName: string;
  /** Opens a new connection and catches up on what was missed; retried with backoff while it fails retryably. */
  reconnect(): Promise<void>;
  /**
   * Whether the connection is open. Asked after `reconnect()` resolves: a connection that closed again while it
   * caught up (its close came while this recovery was under way, so nothing else would notice) is reconnected again.
   */
  isConnected?(): boolean;
  retries: number;
  minDelayMs: number;
  /** Whether the chat ended meanwhile: then nothing more is reported. */
  isEnded(): boolean;
  /** Whether a failure means the backend no longer has the chat. */
  isChatGone(error: unknown): boolean;
  /** Tells the user the chat is over (usually `agentEndedChat`), when the backend no longer has it. */
  onChatGone(): void;
}

/**
 * What every adapter does when its backend connection drops (docs/writing-an-adapter.md, step 4): report
 * DISCONNECTED, reconnect with backoff, then report the recovery; or, when the backend no longer has the chat, end
 * it for the user. Resolves when recovered or given up; never rejects.
 */
export async function recoverConnection(options: ConnectionRecoveryOptions): Promise<void> {
  const { callback, isEnded } = options;
  callback.setErrorStatus({ type: 'DISCONNECTED', isDisconnected: true, logInfo: `The connection to ${options.backendName} was lost` });
  try {
    await retry(
      async () => {
        await options.reconnect();
        if (options.isConnected && !options.isConnected()) {
          throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, `The connection to ${options.backendName} closed again while reconnecting`);
        }
      },
      {
        retries: options.retries,
        minDelayMs: options.minDelayMs,
        shouldRetry: (error) => !isEnded() && isServiceDeskError(error) && error.isRetryable,
      },
    );
    if (!isEnded()) callback.setErrorStatus({ type: 'DISCONNECTED', isDisconnected: false });
  } catch (error) {
    if (isEnded()) return;
    if (options.isChatGone(error)) return options.onChatGone();
    options.logger.error({ chatId: options.chatId, err: error }, `Gave up reconnecting to ${options.backendName}`);
  }
}
