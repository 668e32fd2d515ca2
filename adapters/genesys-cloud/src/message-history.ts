import { ErrorCode, parseOrThrow } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import { type MessageHistory, messageHistorySchema } from '../protocol/rest-api.js';
import type { StructuredMessage } from '../protocol/structured-message.js';

/** The most pages read when catching up; 25 messages each, newest first. */
const MAX_PAGES = 8;
const PAGE_SIZE = 25;

/** How far back to read: until a page reaches back before `since` (an ISO time), and at most `pages` pages. */
export interface HistoryRange {
  since?: string;
  pages?: number;
}

export interface HistoryRequest extends HistoryRange {
  apiBaseUrl: string;
  /** The session's JWT, from the getJwt action. */
  jwt: string;
  timeoutMs: number;
}

/**
 * Reads a session's recent messages from `GET /api/v2/webmessaging/messages` with the session's JWT (guest-callable),
 * newest first.
 */
export async function fetchRecentMessages(request: HistoryRequest): Promise<StructuredMessage[]> {
  const http = createHttpClient({
    baseURL: request.apiBaseUrl,
    timeoutMs: request.timeoutMs,
    backendName: 'Genesys Cloud',
    headers: { Authorization: `Bearer ${request.jwt}` },
  });
  const since = request.since ?? '';
  const pages = Math.min(request.pages ?? MAX_PAGES, MAX_PAGES);
  const messages: StructuredMessage[] = [];
  for (let pageNumber = 1; pageNumber <= pages; pageNumber += 1) {
    const response = await http.get<unknown>('/api/v2/webmessaging/messages', { params: { pageSize: PAGE_SIZE, pageNumber } });
    const page: MessageHistory = parseOrThrow(messageHistorySchema, response.data, ErrorCode.PROTOCOL_ERROR, 'Genesys Cloud sent a malformed message history');
    messages.push(...page.entities);
    const reachedBack = page.entities.some((message) => Boolean(message.channel?.time && message.channel.time < since));
    if (reachedBack || page.entities.length < PAGE_SIZE || pageNumber >= (page.pageCount ?? 1)) break;
  }
  return messages;
}
