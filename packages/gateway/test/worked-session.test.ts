import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from '@byosd/core';
import { type ServerFrame, serverFrameSchema } from '@byosd/gateway';
import { startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

/** The worked session of docs/gateway-protocol.md, replayed against a live gateway, frame by frame. */

type Action = { kind: 'send'; frame: JsonValue } | { kind: 'desk'; method: string; args: JsonValue[] } | { kind: 'reload' };
interface Step {
  line: string;
  action: Action;
  expected: JsonValue[];
}

function readTranscript(): Step[] {
  const page = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'gateway-protocol.md'), 'utf8');
  const block = /```transcript\n([\s\S]*?)```/.exec(page)?.[1];
  if (!block) throw new Error('docs/gateway-protocol.md has no transcript block');
  const steps: Step[] = [];
  for (const line of block.split('\n').filter((text) => text.trim() !== '')) {
    if (line.startsWith('< ')) {
      const step = steps.at(-1);
      if (!step) throw new Error(`A gateway frame before any action: ${line}`);
      step.expected.push(JSON.parse(line.slice(2)) as JsonValue);
      continue;
    }
    const desk = /^desk: (\w+)\((.*)\)$/.exec(line);
    const action: Action = line.startsWith('> ')
      ? { kind: 'send', frame: JSON.parse(line.slice(2)) as JsonValue }
      : desk
        ? { kind: 'desk', method: desk[1]!, args: JSON.parse(`[${desk[2]}]`) as JsonValue[] }
        : line.startsWith('-- ')
          ? { kind: 'reload' }
          : (() => {
              throw new Error(`A transcript line the replay does not know: ${line}`);
            })();
    steps.push({ line, action, expected: [] });
  }
  return steps;
}

/** `<name>` placeholders, bound to what the gateway chose the first time one is seen. */
class Bindings {
  private readonly values = new Map<string, JsonValue>();

  /** `value` with every bound placeholder replaced. */
  fill(value: JsonValue): JsonValue {
    if (typeof value === 'string') return this.values.get(value) ?? value;
    if (Array.isArray(value)) return value.map((item) => this.fill(item));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.fill(item)]));
  }

  /** Binds the placeholders of `expected` to the values in `received` at the same places (`at` is any number). */
  learn(expected: JsonValue, received: unknown): void {
    if (typeof expected === 'string' && /^<\w+>$/.test(expected) && !this.values.has(expected) && typeof received === 'string')
      this.values.set(expected, received);
    if (expected === null || typeof expected !== 'object' || typeof received !== 'object' || received === null) return;
    for (const [key, item] of Object.entries(expected)) this.learn(item, (received as Record<string, unknown>)[key]);
  }
}

/** The frame with its `at` (which differs on every run) set to the transcript's. */
function withAt(frame: ServerFrame, expected: JsonValue): ServerFrame {
  const at = (expected as { event?: { at?: number } }).event?.at;
  return frame.type === 'event' && typeof frame.event.at === 'number' && at !== undefined ? { ...frame, event: { ...frame.event, at } } : frame;
}

const isEvent = (frame: unknown) => (frame as { type: string }).type === 'event';

let test_: TestGateway;

beforeEach(async () => {
  test_ = await startTestGateway();
});

afterEach(async () => {
  await test_.close();
});

test('the worked session in docs/gateway-protocol.md is what a live gateway sends', async () => {
  const steps = readTranscript();
  expect(steps.map((step) => step.action.kind)).toEqual(expect.arrayContaining(['send', 'desk', 'reload']));
  const bindings = new Bindings();
  let client = await WidgetClient.connect(test_.gateway.url);
  let seen = 0;
  try {
    for (const { line, action, expected } of steps) {
      if (action.kind === 'send') client.sendRaw(JSON.stringify(bindings.fill(action.frame)));
      if (action.kind === 'desk') {
        const chat = test_.desk.allChats()[0];
        if (!chat) throw new Error(`${line}: the desk has no chat`);
        (test_.desk as unknown as Record<string, (...args: JsonValue[]) => void>)[action.method]!.call(test_.desk, chat.id, ...action.args);
      }
      if (action.kind === 'reload') {
        await client.close();
        client = await WidgetClient.connect(test_.gateway.url);
        seen = 0;
      }
      if (expected.length > 0) await client.waitFor(() => client.frames.length >= seen + expected.length, `${expected.length} frames after: ${line}`);
      const received = client.frames.slice(seen, seen + expected.length);
      seen += expected.length;
      expected.forEach((frame, index) => bindings.learn(frame, received[index]));
      for (const frame of received) expect(serverFrameSchema.safeParse(frame).success).toBe(true);
      // Answers keep their order, events theirs; an event may come between a frame and its answer.
      const actual = received.map((frame, index) => withAt(frame, expected[index]!));
      const wanted = expected.map((frame) => bindings.fill(frame));
      expect({ line, answers: actual.filter((frame) => !isEvent(frame)) }).toEqual({ line, answers: wanted.filter((frame) => !isEvent(frame)) });
      expect({ line, events: actual.filter(isEvent) }).toEqual({ line, events: wanted.filter(isEvent) });
    }
  } finally {
    await client.close();
  }
});
