import fc from 'fast-check';
import {
  type AdapterPlugin,
  type ChatEvent,
  ChatSession,
  ErrorCode,
  type Logger,
  messageText,
  parseOrThrow,
  randomId,
  silentLogger,
  type WebhookHub,
  waitForEvent,
} from '@byosd/core';

/**
 * What every property-based test of a boundary shares (issue 11): the seed and case count, hostile values (JSON
 * that nests deep, strings that are huge or not valid UTF-16, keys that reach `Object.prototype`), documented frames
 * with one field changed, and the checks made after the fuzzing (nothing left rejected, nothing logged as failing,
 * no prototype polluted, another chat still hearing its agent). A failure prints its seed;
 * `FUZZ_SEED=<seed> npm test -- <file>` replays it.
 */
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_129);
export const FUZZ_RUNS = 1_000;
export const fuzzParameters = { seed: FUZZ_SEED, numRuns: FUZZ_RUNS } as const;

/** Keys that reach `Object.prototype`, or shadow what code calls on an object read as a map. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'toJSON'] as const;

/** The property a prototype-pollution payload tries to plant; {@link expectNoPrototypePollution} looks for it. */
const POLLUTION_MARK = 'byosdPolluted';

/** Arrays or objects nested `depth` deep (as JSON.parse builds them: no recursion limit of ours involved). */
function nested(depth: number, kind: 'array' | 'object'): unknown {
  return JSON.parse(kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

export const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 40, max: 3_000 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nested(depth, kind));

/** 20 to 200 thousand characters of one kind: plain, NUL, a lone surrogate, or outside the BMP. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', '\u0000', '\ud800', '😀', '<script>'), fc.integer({ min: 20_000, max: 200_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

/** Objects whose own keys are `__proto__`, `constructor` and the like (as JSON.parse makes them), carrying the mark. */
export const prototypePollution: fc.Arbitrary<unknown> = fc
  .subarray([...PROTOTYPE_KEYS], { minLength: 1 })
  .map((keys) => JSON.parse(`{${keys.map((key) => `"${key}":{"${POLLUTION_MARK}":true,"prototype":{"${POLLUTION_MARK}":true}}`).join(',')}}`));

/** Scalars at the edges: empty and blank strings, control and invalid characters, unsafe and odd numbers. */
export const edgeScalar: fc.Arbitrary<unknown> = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\r\n',
  '../../etc/passwd',
  '%00',
  'null',
  '[object Object]',
  0,
  -0,
  -1,
  1.5,
  2 ** 53 + 1,
  -(2 ** 63),
  1e308,
  true,
  false,
  null,
  [],
  {},
);

/** Any JSON a hostile or broken peer may send: ordinary JSON mostly, and every kind of hostile value above. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: edgeScalar },
  { weight: 1, arbitrary: deeplyNested },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: prototypePollution },
);

/** Any text a field that is a string on the wire may carry (form fields, headers): ordinary, edge, huge or JSON. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '\u0000', '\ud800', '-1', '0', '1e400', '007', 'NaN', '{}', '[]', 'null', ...PROTOTYPE_KEYS) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? '') },
  { weight: 1, arbitrary: hugeString },
);

/** Sets `key` of `target` as an own property (so `__proto__` is a key, not the prototype), or removes it. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown, remove: boolean): void {
  if (remove) delete target[key];
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A documented frame with one field (one of `keys`, any other name, or a prototype key; at the top level or in one
 * of its object-valued fields) set to a value of `values`, or removed.
 */
export function mutatedFrame(
  frames: readonly object[],
  keys: readonly string[],
  values: fc.Arbitrary<unknown> = hostileJson,
): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...keys) },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  );
  return fc.tuple(fc.constantFrom(...frames), key, values, fc.boolean(), fc.nat()).map(([frame, field, value, remove, pick]) => {
    const copy = structuredClone(frame) as Record<string, unknown>;
    const inner = Object.values(copy).filter(
      (candidate): candidate is Record<string, unknown> => typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate),
    );
    // Half the time the change goes one level down, into one of the frame's objects (when it has any).
    const target = inner.length > 0 && pick % 2 === 1 ? (inner[Math.floor(pick / 2) % inner.length] as Record<string, unknown>) : copy;
    setOwn(target, field, value, remove && pick % 3 === 0);
    return copy;
  });
}

/** Collects unhandled rejections from `start()` (call it in beforeAll) until `stop()`. */
export function watchUnhandledRejections(): { readonly reasons: unknown[]; start(): void; stop(): void } {
  const reasons: unknown[] = [];
  const record = (reason: unknown) => void reasons.push(reason);
  return {
    reasons,
    start: () => void process.on('unhandledRejection', record),
    stop: () => void process.off('unhandledRejection', record),
  };
}

/** A logger that keeps what is logged at error level (something failed that should have been answered). */
export function errorRecordingLogger(): Logger & { readonly errors: string[] } {
  const errors: string[] = [];
  return {
    ...silentLogger,
    errors,
    error: (fields, message) =>
      void errors.push(`${message} ${JSON.stringify(fields, (_key, value: unknown) => (value instanceof Error ? value.stack : value))}`),
  };
}

/** A chat session of `plugin` on `webhookHub`, as a gateway instance opens one (its options parsed by the plugin's schema). */
export function openSession(plugin: AdapterPlugin, options: unknown, webhookHub: WebhookHub, logger: Logger): ChatSession {
  const parsed = parseOrThrow(plugin.optionsSchema, options, ErrorCode.INVALID_OPTIONS, `Invalid options for ${plugin.name}`);
  return new ChatSession({ plugin, options: parsed, chatId: randomId(), logger, webhookHub });
}

/** `hub`, remembering every key a desk subscribes under (the newest last): the backend's id of each chat started. */
export function recordingSubscriptions(hub: WebhookHub): WebhookHub & { readonly keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    subscribe(key, listener) {
      keys.push(key);
      return hub.subscribe(key, listener);
    },
    publish: (key, event) => hub.publish(key, event),
  };
}

/** Fails when a payload planted a property on `Object.prototype`. */
export function expectNoPrototypePollution(): void {
  expect(POLLUTION_MARK in {}).toBe(false);
  expect(Object.prototype).not.toHaveProperty(POLLUTION_MARK);
}

/** The `setErrorStatus` types a session has reported after the event numbered `afterSeq`. */
export function reportedErrors(session: ChatSession, afterSeq: number): string[] {
  return session.events.replay(afterSeq).flatMap((event) => (event.type === 'setErrorStatus' ? [event.info.type] : []));
}

/** Resolves when the session's chat has ended (an answer or event from the backend may end it). */
export function whenEnded(session: ChatSession): Promise<void> {
  return new Promise((resolve) => {
    if (session.state === 'ended') return resolve();
    session.events.subscribe((event) => void (event.type === 'chatStateChanged' && event.state === 'ended' && resolve()));
  });
}

/** Has the agent say `text` (through the backend, as the simulator's agent does) and waits for the user to get it. */
export async function expectAgentReaches(session: ChatSession, say: (text: string) => Promise<unknown>, text = 'still here'): Promise<void> {
  const after = session.events.lastSeq;
  await say(text);
  const heard = await waitForEvent(
    session.events,
    (event: ChatEvent) => event.type === 'sendMessageToUser' && messageText(event.message) === text,
    `the agent's "${text}"`,
    {
      afterSeq: after,
      timeoutMs: 10_000,
    },
  );
  expect(heard).toBeDefined();
  expect(session.state).not.toBe('ended');
}
