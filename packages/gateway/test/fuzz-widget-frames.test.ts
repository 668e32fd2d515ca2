import fc from 'fast-check';
import { ERROR_CODES } from '@byosd/core';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';
import { errorRecordingLogger, fuzzParameters, FUZZ_RUNS, watchUnhandledRejections } from '../../core/test/support/fuzz';

/**
 * Property-based fuzzing of the widget protocol (issue 11): arbitrary text, arbitrary JSON and every valid client
 * frame with fields mutated, sent over a real WebSocket. Each frame gets exactly one answer (ack, nack or error,
 * with a known code and a message), nothing fails outside a frame's own answer, and a chat of another client on
 * the same gateway goes on. A failure prints its seed; `FUZZ_SEED=<seed> npm test -- <this file>` replays it.
 */

const validFrames: Record<string, unknown>[] = [
  { type: 'hello', protocol: 1 },
  { type: 'hello', protocol: 1, resume: { chatId: 'c1', token: 't1', lastSeq: 0 } },
  { type: 'start', adapter: 'example', connectMessage: CONNECT, preStartChatPayload: { topic: 'billing' } },
  { type: 'send', messageId: 'm1', message: { input: { text: 'hi' } }, fileIds: ['f1'] },
  { type: 'typing', isTyping: true },
  { type: 'read' },
  { type: 'end', info: { endedByAgent: false, preEndChatPayload: { reason: 'done' } } },
  { type: 'availability', adapter: 'example', connectMessage: CONNECT },
  { type: 'state', state: { sessionVariables: { a: 1 } } },
  { type: 'cobrowse' },
  { type: 'file', fileId: 'f1', name: 'a.txt', mimeType: 'text/plain', size: 3, offset: 0, data: 'YWJj' },
  { type: 'files', fileIds: ['f1'] },
];

/** A valid frame (with an id) with one field (its own or a new one, at the top or one level down) set to any JSON, or removed. */
const mutatedFrame = fc
  .tuple(
    fc.constantFrom(...validFrames),
    fc.oneof(fc.constantFrom('type', 'id', 'adapter', 'message', 'info', 'state', 'resume', 'data', 'size', 'offset'), fc.string()),
    fc.option(fc.jsonValue({ maxDepth: 4 })),
    fc.boolean(),
  )
  .map(([frame, key, value, nested]) => {
    const copy: Record<string, unknown> = { ...structuredClone(frame), id: 'fuzzed' };
    const target = nested
      ? (Object.values(copy).find((field): field is Record<string, unknown> => typeof field === 'object' && field !== null && !Array.isArray(field)) ?? copy)
      : copy;
    if (value === null) delete target[key];
    else target[key] = value;
    return JSON.stringify(copy);
  });

const wireFrame = fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...validFrames), fc.jsonValue({ maxDepth: 3 })).map(([frame, id]) => JSON.stringify({ ...frame, id })) },
  { weight: 6, arbitrary: mutatedFrame },
);

/** The id a frame carries, when it is JSON with a string id the protocol allows. */
function sentId(text: string): string | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  const id = typeof frame === 'object' && frame !== null && 'id' in frame ? frame.id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : undefined;
}

function isAnswer(frame: { type: string }): boolean {
  return frame.type === 'ack' || frame.type === 'nack' || frame.type === 'error';
}

let test_: TestGateway;
const unhandled = watchUnhandledRejections();

beforeAll(() => unhandled.start());
afterAll(async () => {
  unhandled.stop();
  await test_?.close();
});

test(`${FUZZ_RUNS} fuzzed widget frames: each gets one clear answer, and another chat goes on`, async () => {
  const logger = errorRecordingLogger();
  test_ = await startTestGateway({ framesPerSecond: 1_000_000, frameBurst: 1_000_000, maxChatsPerConnection: 1_000_000 }, { logger });

  const bystander = await WidgetClient.connect(test_.gateway.url);
  await bystander.ok({ type: 'hello', protocol: 1 });
  await bystander.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
  const deskChat = test_.desk.allChats()[0]?.id ?? '';
  test_.desk.accept(deskChat, { id: 'agent-1', name: 'Sam' });

  const attacker = await WidgetClient.connect(test_.gateway.url);
  await attacker.ok({ type: 'hello', protocol: 1 });
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(wireFrame, async (text) => {
      const answered = attacker.frames.filter(isAnswer).length;
      attacker.sendRaw(text);
      sent += 1;
      await attacker.waitFor(() => attacker.frames.filter(isAnswer).length > answered, 'an answer', 5_000);
      const answers = attacker.frames.filter(isAnswer);
      expect(answers).toHaveLength(answered + 1);
      const answer = answers[answered]!;
      // The sender can tell which frame was refused: the answer carries its id whenever it had a usable one.
      const id = sentId(text);
      if (id !== undefined) expect('id' in answer ? answer.id : undefined).toBe(id);
      if (answer.type === 'nack' || answer.type === 'error') {
        expect(ERROR_CODES).toContain(answer.error.code);
        expect(answer.error.message.length).toBeGreaterThan(0);
      }
      expect(logger.errors).toEqual([]);
      // Every hundredth frame, the other chat still carries a message to the agent.
      if (sent % 100 === 0) {
        await bystander.ok({ type: 'send', messageId: `b${sent}`, message: { input: { text: `still here ${sent}` } } });
      }
    }),
    fuzzParameters,
  );

  expect(test_.desk.chat(deskChat).received.map((message) => message.text)).toContain(`still here ${FUZZ_RUNS}`);
  expect(test_.desk.chat(deskChat).status).not.toBe('ended');
  expect(unhandled.reasons).toEqual([]);
  await Promise.all([attacker.close(), bystander.close()]);
}, 240_000);
