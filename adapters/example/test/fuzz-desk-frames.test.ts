import fc from 'fast-check';
import { type ChatEvent, type ChatSession, connectMessage, loadServiceDesk, ServiceDeskRegistry, waitForEvent } from '@byosd/core';
import { type DeskClient, type DeskConnection, exampleAdapter, ExampleDesk, registerExampleDesk } from '@byosd/adapter-example';
import { serverFrameSchema, type ServerFrame } from '../protocol/desk-protocol.js';
import { fuzzParameters, FUZZ_RUNS, watchUnhandledRejections } from '../../../packages/core/test/support/fuzz';

/**
 * Property-based fuzzing of the example desk's frames as the adapter parses them (issue 11): arbitrary JSON, and
 * valid reply and event frames with one field set to any JSON, are delivered to a live chat's connection. A frame
 * that does not fit the protocol is reported as PROTOCOL_ERROR (setErrorStatus) and skipped; nothing throws or is
 * left rejected; and a second chat on the same desk goes on. A failure prints its seed;
 * `FUZZ_SEED=<seed> npm test -- <this file>` replays it.
 */

/** A desk that also lets the test speak on its clients' connections, as a broken or hostile desk would. */
class HostileDesk extends ExampleDesk {
  readonly connected: DeskClient[] = [];

  override connect(client: DeskClient): DeskConnection {
    this.connected.push(client);
    return super.connect(client);
  }
}

const agent = { id: 'agent-sam', name: 'Sam' };

function validFrames(chatId: string): Record<string, unknown>[] {
  return [
    { kind: 'reply', requestId: 'r1', ok: true, chatId },
    { kind: 'event', chatId, eventId: 1_000, event: { type: 'agent-message', messageId: 'm1', agentId: agent.id, text: 'hi' } },
    { kind: 'event', chatId, eventId: 1_001, event: { type: 'queue', position: 1, waitMinutes: 2 } },
    { kind: 'event', chatId, eventId: 1_002, event: { type: 'agent-joined', agent } },
    { kind: 'event', chatId, eventId: 1_003, event: { type: 'transfer', to: agent } },
  ];
}

function fuzzedFrame(chatId: string): fc.Arbitrary<unknown> {
  const mutated = fc
    .tuple(
      fc.constantFrom(...validFrames(chatId)),
      fc.oneof(fc.constantFrom('kind', 'chatId', 'eventId', 'event', 'requestId', 'ok', 'error'), fc.string()),
      fc.option(fc.jsonValue({ maxDepth: 3 })),
      fc.boolean(),
    )
    .map(([frame, key, value, inEvent]) => {
      const copy: Record<string, unknown> = structuredClone(frame);
      const target = inEvent && typeof copy['event'] === 'object' ? (copy['event'] as Record<string, unknown>) : copy;
      if (value === null) delete target[key];
      else target[key] = value;
      return copy;
    });
  return fc.oneof({ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) }, { weight: 4, arbitrary: mutated });
}

const unhandled = watchUnhandledRejections();
beforeAll(() => unhandled.start());
afterAll(() => unhandled.stop());

test(`${FUZZ_RUNS} fuzzed desk frames: PROTOCOL_ERROR for each malformed one, and another chat goes on`, async () => {
  const desk = new HostileDesk();
  const deskName = 'fuzzed-desk';
  const unregister = registerExampleDesk(deskName, desk);
  const registry = new ServiceDeskRegistry().register(exampleAdapter);
  const reports: string[] = [];
  const start = async (topic: string): Promise<ChatSession> => {
    const session = await loadServiceDesk('example', { deskName }, { setErrorStatus: (info) => void reports.push(info.type) }, { registry });
    await session.startChat(connectMessage(topic), {});
    return session;
  };
  const victim = await start('Fuzzed');
  const victimClient = desk.connected[0];
  const victimChat = desk.allChats()[0]?.id ?? '';
  const other = await start('Unaffected');
  const otherChat = desk.allChats()[1]?.id ?? '';
  desk.accept(otherChat, agent);

  try {
    await fc.assert(
      fc.asyncProperty(fuzzedFrame(victimChat), async (frame) => {
        const before = reports.length;
        victimClient?.send(frame as ServerFrame);
        // The in-process transport delivers on a microtask: let it, and whatever the adapter does with it, run.
        await new Promise((resolve) => setImmediate(resolve));
        if (!serverFrameSchema.safeParse(frame).success) expect(reports.slice(before)).toContain('PROTOCOL_ERROR');
        expect(unhandled.reasons).toEqual([]);
      }),
      fuzzParameters,
    );

    // The other chat on the same desk still carries the agent's words to its user.
    const said = desk.say(otherChat, 'still here');
    const heard = await waitForEvent(
      other.events,
      (event: ChatEvent) => event.type === 'sendMessageToUser' && event.message.output.generic.some((item) => 'text' in item && item.text === 'still here'),
      "the agent's message",
      { afterSeq: 0, timeoutMs: 5_000 },
    );
    expect(heard).toBeDefined();
    expect(said).toBeTruthy();
  } finally {
    await Promise.all([victim.endChat().catch(() => undefined), other.endChat().catch(() => undefined)]);
    unregister();
  }
}, 60_000);
