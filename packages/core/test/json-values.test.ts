import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describeJsonProblem, jsonObjectSchema } from '../src/index.js';

test('a plain object made in another realm (an iframe, structuredClone, a VM context) is JSON; a class instance is not', () => {
  const fromAnotherRealm: unknown = runInNewContext('({ orderId: "A-1042", lines: [{ sku: 1 }] })');
  expect(jsonObjectSchema.safeParse(fromAnotherRealm).success).toBe(true);
  class Order {
    orderId = 'A-1042';
  }
  expect(jsonObjectSchema.safeParse({ order: new Order() }).success).toBe(false);
});

/** The rule describeJsonProblem implements, written recursively for reading: the first problem in the value's order. */
function firstProblem(value: unknown, maxDepth: number, path: (string | number)[] = []): { path: (string | number)[]; message: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, message: 'must be a finite number' };
  if (typeof value !== 'object') return { path, message: `must be JSON (a ${typeof value} is not)` };
  if (path.length + 1 > maxDepth) return { path, message: `nests deeper than ${maxDepth} levels of arrays and objects` };
  if (!Array.isArray(value)) {
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype !== null && Object.getPrototypeOf(prototype) !== null) return { path, message: 'must be a plain object' };
  }
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((child, index) => [index, child]) : Object.entries(value);
  for (const [key, child] of entries) {
    const problem = firstProblem(child, maxDepth, [...path, key]);
    if (problem) return problem;
  }
  return undefined;
}

class Money {
  amount = 1;
}

test('describeJsonProblem names the first problem in the value, with its path, as the rule says', () => {
  const leaf = fc.oneof(
    fc.jsonValue({ maxDepth: 1 }),
    fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1, Symbol('s'), 10n, new Money(), new Date(0)),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4 }),
    ),
  }));
  fc.assert(
    fc.property(value, fc.integer({ min: 1, max: 6 }), (candidate, maxDepth) => {
      expect(describeJsonProblem(candidate, maxDepth)).toEqual(firstProblem(candidate, maxDepth));
    }),
    { numRuns: 2000 },
  );
});

test('describeJsonProblem stops at the depth limit of a value nested far deeper, without recursion', () => {
  let deep: unknown = 1;
  for (let level = 0; level < 100_000; level += 1) deep = { next: deep };
  const problem = describeJsonProblem(deep);
  expect(problem?.message).toBe('nests deeper than 64 levels of arrays and objects');
  expect(problem?.path).toHaveLength(64);
});
