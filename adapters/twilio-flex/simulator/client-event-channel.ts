import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import type { FlexBackend } from './flex-backend.js';
import type { TwilioCredentials } from './twilio-rest.js';

/** Where a participant's client opens its event channel: `?ConversationSid=CH...&ParticipantSid=MB...`. */
export const CLIENT_EVENTS_PATH = '/client-events';

const clientFrameSchema = z.object({ type: z.literal('typing'), isTyping: z.boolean() });

/**
 * The simulator's stand-in for the Conversations SDK connection, which is where Twilio carries typing (never in
 * REST or webhooks). A participant's client opens a WebSocket with the account's Basic credentials, sends
 * `{"type":"typing","isTyping":true}`, and receives the others' typing as
 * `{"type":"typing","conversationSid","participantSid","identity","isTyping"}`.
 */
export class ClientEventChannel {
  /** Open client sockets, by conversation, with the participant each speaks for. */
  private readonly sockets = new Map<string, Map<WebSocket, string>>();

  constructor(
    private readonly backend: FlexBackend,
    private readonly credentials: TwilioCredentials,
  ) {}

  accept(socket: WebSocket, request: IncomingMessage): void {
    const expected = `Basic ${Buffer.from(`${this.credentials.accountSid}:${this.credentials.authToken}`).toString('base64')}`;
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const conversation = this.backend.findConversation(query.get('ConversationSid') ?? '');
    const participant = conversation?.participants.get(query.get('ParticipantSid') ?? '');
    if (request.headers.authorization !== expected || !conversation || !participant) {
      socket.close(4401, 'Unknown participant or bad credentials');
      return;
    }
    let open = this.sockets.get(conversation.sid);
    if (!open) this.sockets.set(conversation.sid, (open = new Map()));
    open.set(socket, participant.sid);
    socket.on('message', (data: RawData) => {
      const frame = clientFrameSchema.safeParse(safeParse(data.toString()));
      if (!frame.success) return socket.send(JSON.stringify({ type: 'error', message: 'Expected {"type":"typing","isTyping":boolean}' }));
      if (participant.identity === conversation.flex?.customerIdentity) conversation.userTyping = frame.data.isTyping;
      this.typing(conversation.sid, participant.sid, frame.data.isTyping);
    });
    socket.on('close', () => open.delete(socket));
  }

  /** Tells every other client in the conversation that `participantSid` is typing or stopped. */
  typing(conversationSid: string, participantSid: string, isTyping: boolean): void {
    const participant = this.backend.findConversation(conversationSid)?.participants.get(participantSid);
    const frame = JSON.stringify({ type: 'typing', conversationSid, participantSid, identity: participant?.identity ?? null, isTyping });
    for (const [socket, owner] of this.sockets.get(conversationSid) ?? []) if (owner !== participantSid) socket.send(frame);
  }

  /** Drops every client connection. */
  dropAll(): void {
    for (const open of this.sockets.values()) for (const socket of open.keys()) socket.terminate();
    this.sockets.clear();
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
