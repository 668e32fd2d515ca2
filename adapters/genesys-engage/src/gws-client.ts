import { ErrorCode, formatZodIssues, isServiceDeskError, safeParseWithMessages, ServiceDeskError } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import type * as z from 'zod/mini';
import {
  CHATS_PATH,
  chatPath,
  type ChatMessage,
  type ChatOperationBody,
  type ChatResourceAnswer,
  chatResourceAnswerSchema,
  CONTACT_CENTER_ID_HEADER,
  errorAnswerSchema,
  ME_CHAT_PATH,
  messagesAnswerSchema,
  messagesPath,
  operationAnswerSchema,
  type RequestChatBody,
  requestChatAnswerSchema,
} from '../protocol/index.js';
import type { GenesysEngageOptions } from './genesys-engage-options.js';

export const BACKEND_NAME = 'Genesys Engage';

/**
 * The GWS customer chat API for one customer: anonymous requests (never an `Authorization` header) that carry the
 * `ContactCenterId` header; every answer parsed with the protocol's schemas. Failures are `ServiceDeskError`s
 * (`createHttpClient`: 429 RATE_LIMITED with Retry-After, 5xx and lost connections BACKEND_UNAVAILABLE, ...); an
 * answer that breaks the protocol is PROTOCOL_ERROR.
 */
export class GwsClient {
  private readonly http;
  private readonly prefix: string;

  constructor(options: Pick<GenesysEngageOptions, 'baseUrl' | 'contactCenterId' | 'pathStyle' | 'requestTimeoutMs' | 'withCredentials'>) {
    this.prefix = options.pathStyle === 'me-chat' ? ME_CHAT_PATH : CHATS_PATH;
    this.http = createHttpClient({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeoutMs: options.requestTimeoutMs,
      backendName: BACKEND_NAME,
      headers: { [CONTACT_CENTER_ID_HEADER]: options.contactCenterId, 'Content-Type': 'application/json' },
      withCredentials: options.withCredentials,
    });
  }

  async requestChat(body: RequestChatBody): Promise<string> {
    const response = await this.http.post<unknown>(this.prefix, body);
    return parseAnswer(requestChatAnswerSchema, response.data, 'RequestChat').id;
  }

  async operate(chatId: string, body: ChatOperationBody): Promise<void> {
    const response = await this.http.post<unknown>(chatPath(this.prefix, chatId), body);
    parseAnswer(operationAnswerSchema, response.data, body.operationName);
  }

  async chat(chatId: string): Promise<ChatResourceAnswer['chat']> {
    const response = await this.http.get<unknown>(chatPath(this.prefix, chatId));
    return parseAnswer(chatResourceAnswerSchema, response.data, 'the chat resource').chat;
  }

  /** Every message from `index` on. Always with an explicit index: the server-side cursor is never relied on. */
  async messages(chatId: string, index: number): Promise<ChatMessage[]> {
    const response = await this.http.get<unknown>(messagesPath(this.prefix, chatId, index));
    return parseAnswer(messagesAnswerSchema, response.data, 'the messages').messages;
  }
}

function parseAnswer<S extends z.core.$ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const parsed = safeParseWithMessages(schema, data);
  if (!parsed.success)
    throw new ServiceDeskError(ErrorCode.PROTOCOL_ERROR, `Malformed answer from ${BACKEND_NAME} to ${what}: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

/** The chat that a failed RequestChat created anyway, when GWS's error answer names it. */
export function chatCreatedByFailedRequest(error: unknown): string | undefined {
  if (!isServiceDeskError(error) || !(error.cause instanceof Error)) return undefined;
  const data = (error.cause as { response?: { data?: unknown } }).response?.data;
  return errorAnswerSchema.safeParse(data).data?.id;
}

/** Whether a failure means that GWS no longer has the chat. */
export function isChatGone(error: unknown): boolean {
  return isServiceDeskError(error) && error.status === 404;
}

/** Whether a failure is the network's (no HTTP answer at all), not GWS refusing. */
export function isConnectionFailure(error: unknown): boolean {
  return isServiceDeskError(error) && error.status === undefined && (error.code === ErrorCode.BACKEND_UNAVAILABLE || error.code === ErrorCode.TIMEOUT);
}
