/**
 * The protocol floor: the least any relay between a widget and the example desk must do. It speaks the widget
 * protocol to the load client and the example desk's protocol to the desk, frame for frame as the gateway does
 * (an ack and a `userMessageSent` event per message, the agent's messages as events, the frames of one turn of
 * the event loop in one write), and nothing else: no checks, no event log, no chat session, no adapter. What it
 * reaches against the bare forwarder bounds what the gateway can reach on the same machine.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ClientFrame, ReplyFrame, ServerFrame } from '@byosd/adapter-example';
import { WebSocket, WebSocketServer } from 'ws';
import { serveCommands } from './child-process.js';

/** The widget frames the benchmark's chats send (trusted: this process measures the wire, not the checks). */
type WidgetFrame =
  | { type: 'hello'; id: string }
  | { type: 'start'; id: string; connectMessage: { output: { generic: { message_to_human_agent?: string }[] } }; preStartChatPayload?: Record<string, unknown> }
  | { type: 'send'; id: string; messageId: string; message: { input: { text: string } } };

type Request = ClientFrame extends infer Frame ? (Frame extends ClientFrame ? Omit<Frame, 'requestId'> : never) : never;

let server: Server | undefined;

/** One widget's chat: its socket, its socket to the desk, and the seqs of its events. */
class FloorChat {
  private readonly chatId = randomUUID();
  private desk: WebSocket | undefined;
  private deskChatId = '';
  private seq = 0;
  private corked = false;
  private readonly replies = new Map<string, (reply: ReplyFrame) => void>();

  constructor(
    private readonly client: WebSocket,
    /** The client's TCP socket, corked while a turn's frames are written. */
    private readonly socket: Duplex,
    private readonly deskUrl: string,
  ) {
    client.on('message', (data) => {
      this.receive(JSON.parse(String(data)) as WidgetFrame).catch((error: unknown) => console.error('protocol floor:', error));
    });
    client.on('close', () => this.desk?.close());
  }

  private async receive(frame: WidgetFrame): Promise<void> {
    switch (frame.type) {
      case 'hello':
        return this.send({ type: 'ack', id: frame.id, result: { protocol: 1, resumed: false } });
      case 'start': {
        await this.connectDesk();
        const topic = frame.connectMessage.output.generic[0]?.message_to_human_agent ?? '';
        const reply = await this.request({ op: 'start', topic, ...(frame.preStartChatPayload ? { preChat: frame.preStartChatPayload } : {}) });
        this.deskChatId = reply.chatId ?? '';
        return this.send({ type: 'ack', id: frame.id, result: { chatId: this.chatId, resumeToken: randomUUID() } });
      }
      case 'send':
        await this.request({ op: 'send', chatId: this.deskChatId, messageId: frame.messageId, text: frame.message.input.text });
        this.event({ type: 'userMessageSent', messageId: frame.messageId, message: frame.message });
        return this.send({ type: 'ack', id: frame.id });
    }
  }

  private async connectDesk(): Promise<void> {
    const desk = new WebSocket(this.deskUrl);
    this.desk = desk;
    desk.on('message', (data) => this.fromDesk(JSON.parse(String(data)) as ServerFrame));
    await new Promise((resolve, reject) => desk.once('open', resolve).once('error', reject));
  }

  private fromDesk(frame: ServerFrame): void {
    if (frame.kind === 'reply') {
      this.replies.get(frame.requestId)?.(frame);
      this.replies.delete(frame.requestId);
    } else if (frame.event.type === 'agent-message') {
      const message = { output: { generic: [{ response_type: 'text', text: frame.event.text }] } };
      this.event({ type: 'sendMessageToUser', message, agentId: frame.event.agentId });
    } else {
      this.event({ type: frame.event.type });
    }
  }

  private request(request: Request): Promise<ReplyFrame> {
    const requestId = randomUUID();
    return new Promise((resolve) => {
      this.replies.set(requestId, resolve);
      this.desk?.send(JSON.stringify({ ...request, requestId }));
    });
  }

  private event(body: Record<string, unknown>): void {
    this.seq += 1;
    this.send({ type: 'event', event: { ...body, chatId: this.chatId, seq: this.seq, at: Date.now() } });
  }

  /** As the gateway's frame coalescer: the frames of one turn leave in one write. */
  private send(frame: object): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.client.send(JSON.stringify(frame));
  }
}

serveCommands({
  async start({ deskUrl }: { deskUrl: string }) {
    const sockets = new WebSocketServer({ noServer: true });
    const http = createServer();
    server = http;
    http.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head, (client) => new FloorChat(client, socket, deskUrl)));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}` };
  },
  stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
});
