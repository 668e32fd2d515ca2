/**
 * The soak's well-behaved clients: each, over and over, starts a chat (the simulator's agent takes it), sends
 * `messagesPerChat` messages at a steady pace, each answered by the agent, and ends it. Every send's ack time
 * (from the call to the gateway's ack) is kept with the time it was taken.
 */
import { performance } from 'node:perf_hooks';
import { connectMessage, type JsonObject } from '@byosd/core';
import type { AgentDriver } from '@byosd/conformance';
import { loadProxySession } from '../bench/bench-chat.js';

export interface AckSample {
  /** When the send was made, in ms since the run started. */
  at: number;
  ms: number;
}

export interface WellBehavedSettings {
  url: string;
  adapter: string;
  agent: AgentDriver;
  clients: number;
  messagesPerChat: number;
  paceMs: number;
  /** The answers to the backend's pre-chat questions. */
  preChat: JsonObject;
}

export interface WellBehavedLoad {
  readonly samples: AckSample[];
  readonly errors: string[];
  /** Chats completed (started, every message sent, ended). */
  readonly chats: () => number;
  stop(): Promise<void>;
}

const AGENT = { id: 'agent-soak', name: 'Soak' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startWellBehavedLoad(settings: WellBehavedSettings): WellBehavedLoad {
  const origin = performance.now();
  const samples: AckSample[] = [];
  const errors: string[] = [];
  let stopped = false;
  let chats = 0;
  let next = 0;

  const oneChat = async () => {
    const topic = `soak chat ${(next += 1)}`;
    const session = await loadProxySession(settings.url, settings.adapter, { requestTimeoutMs: 30_000 });
    const arrived = settings.agent.waitForChat(topic, 30_000);
    await session.startChat(connectMessage(topic), { preStartChatPayload: settings.preChat });
    const { chatId } = await arrived;
    await settings.agent.accept(chatId, AGENT);
    for (let n = 0; n < settings.messagesPerChat && !stopped; n += 1) {
      await pause(settings.paceMs);
      const sentAt = performance.now();
      await session.sendMessageToAgent({ input: { text: `soak message ${n}` } }, `${topic}-${n}`);
      samples.push({ at: sentAt - origin, ms: performance.now() - sentAt });
      await settings.agent.say(chatId, `soak reply ${n}`);
    }
    await session.endChat();
    chats += 1;
  };

  const clients = Array.from({ length: settings.clients }, async () => {
    while (!stopped) {
      await oneChat().catch((error: unknown) => {
        if (errors.length < 20) errors.push(error instanceof Error ? error.message : String(error));
      });
    }
  });
  return {
    samples,
    errors,
    chats: () => chats,
    async stop() {
      stopped = true;
      await Promise.all(clients);
    },
  };
}
