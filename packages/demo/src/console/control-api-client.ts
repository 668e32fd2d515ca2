import * as z from 'zod/mini';
import { fetchJson } from '../page/demo-catalog.js';

/** A chat as a simulator's control API describes it (`AgentChat` in @byosd/simulators). */
export const agentChatSchema = z.object({
  chatId: z.string().check(z.minLength(1)),
  topic: z.string(),
  preChat: z.optional(z.record(z.string(), z.unknown())),
  status: z.enum(['queued', 'active', 'ended']),
  agent: z.optional(z.object({ id: z.string(), name: z.string() })),
  endedBy: z.optional(z.enum(['user', 'agent'])),
  messages: z.array(z.object({ messageId: z.string(), text: z.string(), attachments: z.array(z.string()) })),
  userTyping: z.boolean(),
  userReads: z.number(),
  locale: z.optional(z.string()),
});
export type AgentChat = z.infer<typeof agentChatSchema>;

export interface AgentIdentity {
  id: string;
  name: string;
}

const chatsSchema = z.object({ chats: z.array(agentChatSchema) });
const anythingSchema = z.unknown();

/** The agent's side of a simulator, over its HTTP control API; every answer is parsed. */
export class ControlApiClient {
  constructor(private readonly baseUrl: string) {}

  async chats(): Promise<AgentChat[]> {
    return (await fetchJson(`${this.baseUrl}/chats?status=all`, chatsSchema)).chats;
  }

  accept(chatId: string, agent: AgentIdentity): Promise<unknown> {
    return this.post(chatId, 'accept', { agent });
  }

  say(chatId: string, text: string): Promise<unknown> {
    return this.post(chatId, 'messages', { text });
  }

  type(chatId: string, isTyping: boolean): Promise<unknown> {
    return this.post(chatId, 'typing', { isTyping });
  }

  transfer(chatId: string, to: AgentIdentity): Promise<unknown> {
    return this.post(chatId, 'transfer', { to });
  }

  leave(chatId: string): Promise<unknown> {
    return this.post(chatId, 'leave');
  }

  end(chatId: string): Promise<unknown> {
    return this.post(chatId, 'end');
  }

  setQueue(chatId: string, position: number, waitMinutes: number): Promise<unknown> {
    return this.post(chatId, 'queue', { position, waitMinutes });
  }

  setAgentsOnline(online: boolean | null): Promise<unknown> {
    return this.send('PUT', `${this.baseUrl}/agents`, { online });
  }

  private post(chatId: string, action: string, body: object = {}): Promise<unknown> {
    return this.send('POST', `${this.baseUrl}/chats/${encodeURIComponent(chatId)}/${action}`, body);
  }

  private send(method: 'POST' | 'PUT', url: string, body: object): Promise<unknown> {
    return fetchJson(url, anythingSchema, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}
