import { createHttpClient } from '@byosd/core/http';
import { AGENT_STATUS_VARIABLE, type AgentStatus, BOT_PATHS, type BotReply, botReplySchema, contextParameter, PRECHAT_EVENT } from '../protocol/index.js';
import type { MobileServiceCloudOptions } from './mobile-service-cloud-options.js';
import { parseBackendBody } from './parse-backend-body.js';

/** The Conversational AI Cloud engine: ask a question, fire the prechat event, answer a dialog step. */
export class BotClient {
  private readonly http;

  constructor(private readonly options: MobileServiceCloudOptions) {
    this.http = createHttpClient({
      baseURL: `${options.botUrl.replace(/\/+$/, '')}/`,
      timeoutMs: options.requestTimeoutMs,
      backendName: 'Conversational AI Cloud',
    });
  }

  ask(question: string, sessionId: string | undefined): Promise<BotReply> {
    return this.get(BOT_PATHS.ask, { q: question, ...(sessionId ? { sessionId } : {}) });
  }

  /** The prechat event, with the presence result as the `agentStatus` context variable. */
  prechat(sessionId: string, agentStatus: AgentStatus): Promise<BotReply> {
    return this.get(BOT_PATHS.event, { name: PRECHAT_EVENT, sessionId, [contextParameter(AGENT_STATUS_VARIABLE)]: agentStatus });
  }

  dialogStep(sessionId: string, dialogPath: string, answer: string): Promise<BotReply> {
    return this.get(BOT_PATHS.dialogStep, { sessionId, dialogPath, q: answer });
  }

  private async get(path: string, params: Record<string, string>): Promise<BotReply> {
    const response = await this.http.get<unknown>(path, { params: { apiKey: this.options.botApiKey, ...params } });
    return parseBackendBody(botReplySchema, response.data, `The bot's answer to ${path}`);
  }
}
