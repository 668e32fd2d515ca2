import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { agentRefOf, type ChatvisorBackend, conversationUrl } from './chatvisor-backend.js';

export const PUBLIC_CHAT_PATH = '/public/chat';
const SESSION_COOKIE = 'cv_session';
const GUEST_AGENT = { userId: 'public-url-agent@example.com', name: 'Guest Agent' };

interface Link {
  customerId: string;
  /** The agent the URL logs in; without one, a guest agent account. */
  userId: string | undefined;
}

/**
 * Chatvisor's public agent chat URLs: a unique URL per request that logs the agent in (a session cookie) and
 * sends them to the customer's chat; opening it makes that agent the one in the chat. The chat page itself
 * (`/app/chat/:customerId`) needs that session.
 */
export class PublicAgentLinks {
  private readonly links = new Map<string, Link>();
  private readonly sessions = new Map<string, { userId: string; customerId: string }>();

  constructor(
    private readonly backend: ChatvisorBackend,
    private readonly baseUrl: () => string,
  ) {}

  issue(customerId: string, userId: string | undefined): string {
    const token = randomBytes(24).toString('base64url');
    this.links.set(token, { customerId, userId });
    return `${this.baseUrl()}${PUBLIC_CHAT_PATH}/${token}`;
  }

  /** The URLs issued for a customer's chat, and for whom. */
  issuedFor(customerId: string): Array<{ userId: string | undefined }> {
    return [...this.links.values()].filter((link) => link.customerId === customerId).map((link) => ({ userId: link.userId }));
  }

  /** The agent opens the link: logged in, and in the chat. Returns the session token, or undefined for an unknown link. */
  open(token: string): { session: string; customerId: string } | undefined {
    const link = this.links.get(token);
    if (!link) return undefined;
    const conversation = this.backend.liveConversation(link.customerId);
    const user = link.userId ? this.backend.user(link.userId) : this.backend.ensureAgent(GUEST_AGENT.userId, GUEST_AGENT.name);
    this.backend.setPresence(user, true);
    if (conversation.agent?.userId !== user.userId) this.backend.changeStatus(conversation, 'UNRESOLVED', agentRefOf(user));
    const session = randomBytes(24).toString('base64url');
    this.sessions.set(session, { userId: user.userId, customerId: link.customerId });
    return { session, customerId: link.customerId };
  }

  clear(): void {
    this.links.clear();
    this.sessions.clear();
  }

  register(app: FastifyInstance): void {
    app.get(`${PUBLIC_CHAT_PATH}/:token`, async (request, reply) => {
      const { token } = z.object({ token: z.string() }).parse(request.params);
      let opened: ReturnType<PublicAgentLinks['open']>;
      try {
        opened = this.open(token);
      } catch {
        return reply.code(410).type('text/html').send('<h1>This chat is closed</h1>');
      }
      if (!opened) return reply.code(404).type('text/html').send('<h1>Unknown link</h1>');
      return reply
        .code(302)
        .header('set-cookie', `${SESSION_COOKIE}=${opened.session}; Path=/app; HttpOnly; SameSite=Lax`)
        .header('location', conversationUrl('', opened.customerId))
        .send();
    });
    app.get('/app/chat/:customerId', async (request, reply) => {
      const { customerId } = z.object({ customerId: z.string() }).parse(request.params);
      const session = this.sessions.get(sessionOf(request.headers.cookie) ?? '');
      if (!session || session.customerId !== customerId) return reply.code(401).type('text/html').send('<h1>Please log in</h1>');
      const conversation = this.backend.conversations.get(customerId);
      if (!conversation) return reply.code(404).type('text/html').send('<h1>No such chat</h1>');
      const lines = conversation.entries
        .filter((entry) => entry.type === 'MESSAGE')
        .map((entry) => `<li data-sender="${entry.sender}">${escapeHtml(entry.text)}</li>`)
        .join('');
      return reply
        .type('text/html')
        .send(
          `<!doctype html><title>${escapeHtml(conversation.subject)}</title><p data-agent="${escapeHtml(session.userId)}">Logged in as ${escapeHtml(session.userId)}</p><ul>${lines}</ul>`,
        );
    });
  }
}

function sessionOf(cookieHeader: string | undefined): string | undefined {
  return cookieHeader
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === SESSION_COOKIE)?.[1];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
