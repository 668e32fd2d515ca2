import { ErrorCode, isServiceDeskError, ServiceDeskError } from '@byosd/core';

/**
 * Where the handover flow stopped: the bot could not be asked (`bot`), it did not offer the live chat
 * (`not-offered`), no agent is online (`offline`), the prechat intake failed (`prechat`), the routing mutation
 * failed (`mutation`), the router refused the handover message (`router`), or MSC's agent side did not take the
 * conversation (`agent-side`), or the host's store could not tell whether the 24-hour lock holds (`lock`).
 */
export type HandoverStep = 'lock' | 'bot' | 'not-offered' | 'offline' | 'prechat' | 'mutation' | 'router' | 'agent-side';

/**
 * `startChat` rejects with this when the handover did not happen: nothing was left open at CM.com, and the user
 * stays with the bot. `message` says so in words a user can read; `step` says where it stopped; `code` is the
 * stable error code of the cause (BACKEND_UNAVAILABLE, TIMEOUT... or BACKEND_REJECTED when CM.com said no).
 */
export class HandoverFailedError extends ServiceDeskError {
  readonly step: HandoverStep;

  constructor(step: HandoverStep, message: string, cause?: unknown) {
    const code = isServiceDeskError(cause) ? cause.code : ErrorCode.BACKEND_REJECTED;
    super(code, message, {
      ...(cause === undefined ? {} : { cause }),
      ...(isServiceDeskError(cause)
        ? {
            isRetryable: cause.isRetryable,
            ...(cause.status === undefined ? {} : { status: cause.status }),
            ...(cause.retryAfterMs === undefined ? {} : { retryAfterMs: cause.retryAfterMs }),
          }
        : {}),
    });
    this.step = step;
  }
}

export function isHandoverFailedError(error: unknown): error is HandoverFailedError {
  return isServiceDeskError(error) && 'step' in error;
}
