/**
 * Paths, headers and limits of the Genesys Engage Web Services (GWS) customer chat API, version 2
 * (docs.genesys.com: CustomerChatGeneral, CustomerChatRequestChat, CustomerChatResource, CustomerChatGetMessages).
 */

/** The header naming the contact centre that serves a customer chat. Every request carries it. */
export const CONTACT_CENTER_ID_HEADER = 'ContactCenterId';

/** Where chats are requested, and the prefix of each chat's resource: `/api/v2/chats/{id}`. */
export const CHATS_PATH = '/api/v2/chats';

/**
 * The same resources under the customer "me" spelling of the GWS general page: `/api/v2/me/chat/{id}` and
 * `/api/v2/me/chat/{id}/messages`. The simulator serves both; the adapter uses `/api/v2/chats` unless told.
 */
export const ME_CHAT_PATH = '/api/v2/me/chat';

/** The resource of one chat, in either spelling. */
export function chatPath(prefix: string, chatId: string): string {
  return `${prefix}/${encodeURIComponent(chatId)}`;
}

/** The messages of one chat; `index` asks for every message from that index on, without it the server's cursor decides. */
export function messagesPath(prefix: string, chatId: string, index?: number): string {
  return `${chatPath(prefix, chatId)}/messages${index === undefined ? '' : `?index=${index}`}`;
}

/**
 * GWS `statusCode` values (the "Return values" of the GWS API): 0 is success; the others travel with an HTTP
 * error status and a `statusMessage`.
 */
export const GWS_STATUS = {
  OK: 0,
  /** Something failed inside GWS (HTTP 5xx). */
  INTERNAL_ERROR: 1,
  /** The request was malformed or a parameter was wrong (HTTP 400). */
  BAD_REQUEST: 2,
  /** The caller may not use this API: an `Authorization` header on the customer API, or an unknown contact centre (HTTP 403). */
  FORBIDDEN: 3,
  /** No such chat (HTTP 404). */
  NOT_FOUND: 4,
  /** Too many requests (HTTP 429, with Retry-After). */
  TOO_MANY_REQUESTS: 5,
} as const;

/**
 * The longest message text this integration sends. GWS documents no limit for SendMessage; 4096 characters is the
 * limit the simulator enforces and the adapter declares (see the README's assumptions).
 */
export const MAX_MESSAGE_TEXT_LENGTH = 4096;
