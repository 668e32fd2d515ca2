import fc from 'fast-check';
import { WebSocket } from 'ws';
import { type ChatEvent, type ChatSession, connectMessage, loadServiceDesk, ServiceDeskRegistry, waitForEvent } from '@byosd/core';
import { genesysCloudAdapter, serverEnvelopeSchema } from '@byosd/adapter-genesys-cloud';
import { GENESYS_SIMULATOR_DEPLOYMENT_ID, GenesysCloudSimulator } from '../testbed/index.js';
import { serverFrames } from './helpers/fixtures';
import { fuzzParameters, FUZZ_RUNS, watchUnhandledRejections } from '../../../packages/core/test/support/fuzz';

/**
 * Property-based fuzzing of Genesys Cloud's server frames as the adapter parses them (issue 11): text that is not
 * JSON, arbitrary JSON, and the documented frames (test/fixtures) with one field, of the envelope or the body, set
 * to any JSON or removed, arrive on a live chat's guest WebSocket (a new chat's, once a frame has ended it) (the simulator's real socket, the frame emitted
 * on it as if the server had sent it). A frame that is not JSON or has no valid envelope is reported as
 * PROTOCOL_ERROR; nothing throws or is left rejected; a second chat with the same simulator goes on. A failure
 * prints its seed; `FUZZ_SEED=<seed> npm test -- <this file>` replays it.
 */

const sockets: WebSocket[] = [];
/** The guest WebSocket the adapter opens, remembered so the test can deliver frames on it. */
class RememberedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(this);
  }
}

const documented = Object.values(serverFrames);

const mutated = fc
  .tuple(
    fc.constantFrom(...documented),
    fc.oneof(fc.constantFrom('type', 'class', 'code', 'body', 'tracingId', 'direction', 'text', 'id', 'channel', 'events', 'metadata'), fc.string()),
    fc.option(fc.jsonValue({ maxDepth: 3 })),
    fc.boolean(),
  )
  .map(([frame, key, value, inBody]) => {
    const copy: Record<string, unknown> = structuredClone(frame);
    const body = copy['body'];
    const target = inBody && typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : copy;
    if (value === null) delete target[key];
    else target[key] = value;
    return JSON.stringify(copy);
  });

const frameText = fc.oneof(
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 6, arbitrary: mutated },
);

function isNotJsonOrNoEnvelope(text: string): boolean {
  try {
    return !serverEnvelopeSchema.safeParse(JSON.parse(text)).success;
  } catch {
    return true;
  }
}

const unhandled = watchUnhandledRejections();
let simulator: GenesysCloudSimulator;

beforeAll(async () => {
  unhandled.start();
  simulator = new GenesysCloudSimulator();
  await simulator.start();
}, 30_000);

afterAll(async () => {
  unhandled.stop();
  await simulator.stop();
});

test(`${FUZZ_RUNS} fuzzed server frames: PROTOCOL_ERROR for each unreadable one, and another chat goes on`, async () => {
  const registry = new ServiceDeskRegistry().register(genesysCloudAdapter);
  const reports: string[] = [];
  const options = {
    deploymentId: GENESYS_SIMULATOR_DEPLOYMENT_ID,
    webSocketUrl: simulator.guestWebSocketUrl,
    apiUrl: simulator.apiUrl,
    WebSocket: RememberedWebSocket,
  };
  const start = async (topic: string): Promise<ChatSession> => {
    const session = await loadServiceDesk('genesys-cloud', options, { setErrorStatus: (info) => void reports.push(info.type) }, { registry });
    await session.startChat(connectMessage(topic), {});
    return session;
  };
  let victim = await start('Fuzzed');
  let victimSocket = sockets.at(-1);
  const other = await start('Unaffected');
  const otherChat = await simulator.agent.waitForChat('Unaffected');
  await simulator.agent.accept(otherChat.chatId, { id: 'agent-sam', name: 'Sam' });

  try {
    await fc.assert(
      fc.asyncProperty(frameText, async (text) => {
        // A valid frame may end the chat (the agent disconnects it): the next frames go to a new one.
        if (victim.state === 'ended') {
          victim = await start('Fuzzed');
          victimSocket = sockets.at(-1);
        }
        const before = reports.length;
        victimSocket?.emit('message', Buffer.from(text), false);
        await new Promise((resolve) => setImmediate(resolve));
        if (isNotJsonOrNoEnvelope(text)) expect(reports.slice(before)).toContain('PROTOCOL_ERROR');
        expect(unhandled.reasons).toEqual([]);
      }),
      fuzzParameters,
    );

    await simulator.agent.say(otherChat.chatId, 'still here');
    const heard = await waitForEvent(
      other.events,
      (event: ChatEvent) => event.type === 'sendMessageToUser' && JSON.stringify(event.message).includes('still here'),
      "the agent's message",
      { afterSeq: 0, timeoutMs: 5_000 },
    );
    expect(heard).toBeDefined();
  } finally {
    await Promise.all([victim.endChat().catch(() => undefined), other.endChat().catch(() => undefined)]);
  }
}, 60_000);
