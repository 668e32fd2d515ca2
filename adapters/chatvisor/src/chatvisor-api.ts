import { ErrorCode, isServiceDeskError, parseOrThrow, retryWhileLive } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import { z } from 'zod';
import {
  type AssignCustomerBody,
  CHATVISOR_PATHS,
  chatvisorPath,
  type ChatvisorOperation,
  conversationSchema,
  type ConversationStatus,
  type CreateUserBody,
  customerSchema,
  historyPageSchema,
  historyEntrySchema,
  publicUrlSchema,
  type TagCustomerBody,
  type UpdateUserBody,
  userSchema,
  userStatusListSchema,
  visibilitySchema,
} from '../protocol/index.js';

export interface ChatvisorApiOptions {
  apiUrl: string;
  apiToken: string;
  requestTimeoutMs: number;
  retryDelayMs: number;
}

const userListSchema = z.looseObject({ users: z.array(userSchema) });

/**
 * Chatvisor's REST API as the adapter uses it: the token as `Authorization: Bearer`, every path from the protocol's
 * one table, every answer parsed (a body that does not match is PROTOCOL_ERROR), failures as core's error codes.
 */
export class ChatvisorApi {
  private readonly http: ReturnType<typeof createHttpClient>;

  constructor(private readonly options: ChatvisorApiOptions) {
    this.http = createHttpClient({
      timeoutMs: options.requestTimeoutMs,
      backendName: 'Chatvisor',
      baseURL: options.apiUrl,
      headers: { authorization: `Bearer ${options.apiToken}` },
    });
  }

  tagCustomer(body: TagCustomerBody) {
    return this.call('tagCustomer', {}, customerSchema, body);
  }

  assignCustomer(customerId: string, target: AssignCustomerBody) {
    return this.call('assignCustomer', { customerId }, customerSchema, target);
  }

  openConversation(customerId: string, subject: string) {
    return this.call('openConversation', {}, conversationSchema, { customerId, subject });
  }

  conversation(customerId: string) {
    return this.call('getConversation', { customerId }, conversationSchema);
  }

  history(customerId: string, afterSeq: number) {
    return this.call('conversationHistory', { customerId }, historyPageSchema, undefined, { afterSeq: String(afterSeq) });
  }

  postCustomerMessage(customerId: string, text: string, externalId: string) {
    return this.call('postCustomerMessage', { customerId }, historyEntrySchema, { text, externalId });
  }

  setStatus(customerId: string, status: ConversationStatus) {
    return this.call('setConversationStatus', { customerId }, conversationSchema, { status });
  }

  publicAgentUrl(customerId: string, userId: string | undefined) {
    return this.call('publicAgentUrl', { customerId }, publicUrlSchema, userId === undefined ? {} : { userId });
  }

  visibility(level: 'PAGE' | 'CHAT') {
    return this.call('chatVisibility', {}, visibilitySchema, undefined, { level });
  }

  userStatus() {
    return this.call('userStatus', {}, userStatusListSchema);
  }

  async listUsers() {
    return (await this.call('listUsers', {}, userListSchema)).users;
  }

  createUser(body: CreateUserBody) {
    return this.call('createUser', {}, userSchema, body);
  }

  updateUser(userId: string, body: UpdateUserBody) {
    return this.call('updateUser', { userId }, userSchema, body);
  }

  async deleteUser(userId: string): Promise<void> {
    await this.call('deleteUser', { userId }, z.unknown());
  }

  /** Runs `operation` again while it fails retryably (core's `retryWhileLive`), until `isEnded`. */
  withRetry<T>(operation: () => Promise<T>, isEnded: () => boolean = () => false): Promise<T> {
    return retryWhileLive(operation, isEnded, { minDelayMs: this.options.retryDelayMs });
  }

  private async call<S extends z.ZodType>(
    operation: ChatvisorOperation,
    params: Record<string, string>,
    schema: S,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<z.output<S>> {
    const method = CHATVISOR_PATHS[operation].method;
    const url = chatvisorPath(operation, params);
    const response = await this.http.request<unknown>({ method, url, ...(body === undefined ? {} : { data: body }), ...(query ? { params: query } : {}) });
    return parseOrThrow(schema, response.data, ErrorCode.PROTOCOL_ERROR, `Chatvisor answered ${method} ${url} with an unexpected body`);
  }
}

/** Whether a failed request was answered `status`. */
export function failedWithStatus(error: unknown, status: number): boolean {
  return isServiceDeskError(error) && error.status === status;
}
