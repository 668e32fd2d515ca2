/**
 * The benchmark's chats as load clients: each sends one message of about 100 bytes at a time and waits for the
 * agent's echo. Three kinds: a widget speaking the widget protocol on raw `ws` (the gateway), the proxy desk
 * (`gatewayAdapter` in core's chat session, as a widget loads it), and a raw socket (the bare forwarder).
 */
import { type ChatSession, connectMessage, type JsonObject, messageText as textOf, ServiceDeskRegistry, ServiceIdentifiers, silentLogger } from '@byosd/core';
import { gatewayAdapter, type GatewayOptionsInput, PROTOCOL_VERSION } from '@byosd/gateway/client';
import { Container } from 'inversify';
import { WebSocket } from 'ws';

/**
 * `idle`: a widget that starts its chat, waits for the agent to take it and greet, and says nothing more: every idle
 * chat is measured in the same state, with nothing still to come (no agent's timer pending).
 */
export type ChatKind = 'widget' | 'idle' | 'proxy' | 'bare';

export interface BenchChat {
  /** Sends message `n` and resolves once its echo is back. */
  roundTrip(n: number): Promise<unknown>;
  close(): void;
}

/** What the agent gets: "benchmsg:<chat>:<n>" padded to 100 bytes. */
export function messageText(chat: number, n: number): string {
  return `benchmsg:${chat}:${n} `.padEnd(100, 'x');
}

export function benchTopic(chat: number): string {
  return `bench chat ${chat}.`;
}

/** Frames in, matched against the substrings someone waits for. */
class FrameWaiters {
  private readonly waiting = new Map<string, (text: string) => void>();

  /** Resolves with the first frame that holds `substring`. */
  wait(substring: string): Promise<string> {
    return new Promise((resolve) => this.waiting.set(substring, resolve));
  }

  received(text: string): void {
    for (const [substring, resolve] of this.waiting) {
      if (text.includes(substring)) {
        this.waiting.delete(substring);
        resolve(text);
      }
    }
  }
}

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** `agentSays`: the chat is open once a frame holds it (the benchmark desk's `ready:<chat>:`, or any agent message). */
async function openWidgetChat(url: string, adapter: string, chat: number, agentSays: string, preStartChatPayload: JsonObject): Promise<BenchChat> {
  const socket = await openSocket(url);
  const waiters = new FrameWaiters();
  socket.on('message', (data) => waiters.received(String(data)));
  const send = (frame: object) => socket.send(JSON.stringify(frame));
  const hello = waiters.wait('"id":"hello"');
  send({ type: 'hello', id: 'hello', protocol: PROTOCOL_VERSION });
  await hello;
  const started = waiters.wait('"id":"start"');
  const ready = waiters.wait(agentSays);
  send({ type: 'start', id: 'start', adapter, connectMessage: connectMessage(benchTopic(chat)), preStartChatPayload });
  // A refused start is the run's error, not a wait for an agent who will never come.
  const answer = await started;
  if (answer.includes('"type":"nack"')) throw new Error(`The gateway refused to start bench chat ${chat}: ${answer}`);
  await ready;
  return {
    roundTrip(n) {
      const echoed = waiters.wait(`echo:${chat}:${n}"`);
      send({ type: 'send', id: `m${n}`, messageId: `${chat}-${n}`, message: { input: { text: messageText(chat, n) } } });
      return echoed;
    },
    close: () => socket.close(),
  };
}

/** 1,000 proxy desks on a busy 2-core machine can wait longer than the default 10 s for a reply: slow is measured, not failed. */
const PROXY_REQUEST_TIMEOUT_MS = 120_000;

/** A proxy desk (the gateway adapter in core's chat session, as a widget loads it) on raw `ws`. */
export async function loadProxySession(url: string, adapter: string, options: Omit<GatewayOptionsInput, 'url' | 'adapter'> = {}): Promise<ChatSession> {
  const container = new Container();
  container.bind(ServiceIdentifiers.Logger).toConstantValue(silentLogger);
  return new ServiceDeskRegistry({ container }).register(gatewayAdapter).load('gateway', { url, adapter, WebSocket, ...options });
}

async function openProxyChat(url: string, adapter: string, chat: number, preStartChatPayload: JsonObject): Promise<BenchChat> {
  const session = await loadProxySession(url, adapter, { requestTimeoutMs: PROXY_REQUEST_TIMEOUT_MS });
  const waiters = new FrameWaiters();
  session.events.subscribe((event) => {
    if (event.type === 'sendMessageToUser') waiters.received(`${textOf(event.message)}"`);
  });
  const ready = waiters.wait(`ready:${chat}:`);
  await session.startChat(connectMessage(benchTopic(chat)), { preStartChatPayload });
  await ready;
  return {
    async roundTrip(n) {
      const echoed = waiters.wait(`echo:${chat}:${n}"`);
      await session.sendMessageToAgent({ input: { text: messageText(chat, n) } }, `${chat}-${n}`);
      await echoed;
    },
    close: () => void session.endChat().catch(() => undefined),
  };
}

async function openBareChat(url: string, chat: number): Promise<BenchChat> {
  const socket = await openSocket(url);
  const waiters = new FrameWaiters();
  socket.on('message', (data) => waiters.received(String(data)));
  return {
    roundTrip(n) {
      const text = messageText(chat, n);
      const echoed = waiters.wait(text);
      socket.send(text);
      return echoed;
    },
    close: () => socket.close(),
  };
}

/** `preStartChatPayload`: the backend's pre-chat answers (its demo's intake), as the widget sends them. */
export function openBenchChat(kind: ChatKind, url: string, adapter: string, chat: number, preStartChatPayload: JsonObject = {}): Promise<BenchChat> {
  if (kind === 'widget') return openWidgetChat(url, adapter, chat, `ready:${chat}:`, preStartChatPayload);
  if (kind === 'idle') return openWidgetChat(url, adapter, chat, '"type":"sendMessageToUser"', preStartChatPayload);
  if (kind === 'proxy') return openProxyChat(url, adapter, chat, preStartChatPayload);
  return openBareChat(url, chat);
}
