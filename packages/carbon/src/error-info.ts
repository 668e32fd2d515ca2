import type { ErrorInfo } from '@byosd/core';
import type { ErrorType as CarbonErrorType, ServiceDeskErrorInfo } from '@carbon/ai-chat';

/**
 * Carbon's `ErrorType` is a numeric enum (byosd's are strings). The values, not the enum, so that the bridge does
 * not load Carbon's code; each is declared with its Carbon enum member's type, so a change of value in Carbon
 * fails the typecheck.
 */
const CONNECTING: CarbonErrorType.CONNECTING = 1;
const DISCONNECTED: CarbonErrorType.DISCONNECTED = 2;
const USER_MESSAGE: CarbonErrorType.USER_MESSAGE = 3;
export const CARBON_ERROR_TYPE = { CONNECTING, DISCONNECTED, USER_MESSAGE } as const;

/**
 * byosd's error report as Carbon's: CONNECTING 1, DISCONNECTED 2, USER_MESSAGE 3 with `messageId` renamed
 * `messageID`. PROTOCOL_ERROR (the backend sent something the adapter skipped; the chat goes on) has no Carbon
 * type and nothing to show the user: it answers undefined, and the bridge logs it instead.
 */
export function toCarbonErrorInfo(info: ErrorInfo): ServiceDeskErrorInfo | undefined {
  const logInfo = info.logInfo === undefined ? {} : { logInfo: info.logInfo };
  switch (info.type) {
    case 'CONNECTING':
      return { type: CARBON_ERROR_TYPE.CONNECTING, ...(info.messageToUser === undefined ? {} : { messageToUser: info.messageToUser }), ...logInfo };
    case 'DISCONNECTED':
      return { type: CARBON_ERROR_TYPE.DISCONNECTED, isDisconnected: info.isDisconnected, ...logInfo };
    case 'USER_MESSAGE':
      return { type: CARBON_ERROR_TYPE.USER_MESSAGE, messageID: info.messageId, ...logInfo };
    case 'PROTOCOL_ERROR':
      return undefined;
  }
}
