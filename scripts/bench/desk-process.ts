/**
 * A backend's simulator with an agent that answers every benchmark message at once: "benchmsg:<chat>:<n>" gets
 * "echo:<chat>:<n>". It spots the messages in what the simulator records, which every simulator does, so any
 * backend of the workspace works without code of its own here; recording itself is switched off (it would keep
 * every frame of the run).
 */
import type { JsonObject } from '@byosd/core';
import type { Simulator } from '@byosd/simulators';
import { findBackend } from '@byosd/testbed';
import { intakeAnswers } from '../intake-answers.js';
import { benchTopic } from './bench-chat.js';
import { serveCommands } from './child-process.js';

const MESSAGE = /benchmsg:(\d+):(\d+)/;
const AGENT = { id: 'agent-bench', name: 'Bench' };

let simulator: Simulator | undefined;
let deliverWebhooks: ((url: string) => Promise<void>) | undefined;
/** The backend's chat id of each benchmark chat, once the agent has it. */
const backendChats = new Map<number, string>();
/** The newest message answered per chat: a backend may record one message more than once (a request, a poll). */
const answered = new Map<number, number>();

function onRecorded(direction: string, body: unknown): void {
  if (direction !== 'in' || body === undefined) return;
  const match = MESSAGE.exec(typeof body === 'string' ? body : JSON.stringify(body));
  if (!match) return;
  const chat = Number(match[1]);
  const n = Number(match[2]);
  const chatId = backendChats.get(chat);
  if (chatId === undefined || (answered.get(chat) ?? -1) >= n) return;
  answered.set(chat, n);
  void simulator?.agent.say(chatId, `echo:${chat}:${n}`).catch(() => undefined);
}

serveCommands({
  async start({ backend }: { backend: string }): Promise<{ adapter: string; options: JsonObject; preStartChatPayload: JsonObject }> {
    const definition = findBackend(backend);
    if (!definition.demo) throw new Error(`Backend ${backend} has no demo wiring to host it on a gateway`);
    const { demo } = definition;
    const started = definition.create({ host: '127.0.0.1', port: 0 });
    simulator = started;
    await started.start();
    started.recorder.record = (entry) => onRecorded(entry.direction, entry.body);
    deliverWebhooks = demo.deliverWebhooksTo ? (url) => demo.deliverWebhooksTo?.(started, url) ?? Promise.resolve() : undefined;
    return { adapter: demo.adapter.name, options: demo.gatewayOptions(started), preStartChatPayload: intakeAnswers(demo.intake ?? []) };
  },
  async webhooks({ url }: { url: string }) {
    await deliverWebhooks?.(url);
  },
  /** Has the agent take chats `from`..`from + count - 1` as they arrive, each greeted with "ready:<chat>". */
  expect({ from, count }: { from: number; count: number }) {
    const agent = simulator?.agent;
    if (!agent) throw new Error('Not started');
    for (let chat = from; chat < from + count; chat += 1) {
      void agent
        .waitForChat(benchTopic(chat), 600_000)
        .then(async (found) => {
          backendChats.set(chat, found.chatId);
          await agent.accept(found.chatId, AGENT);
          await agent.say(found.chatId, `ready:${chat}:`);
        })
        .catch((error: unknown) => console.error(`desk: chat ${chat}:`, error));
    }
  },
  stop: () => simulator?.stop(),
});
