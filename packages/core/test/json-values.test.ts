import { runInNewContext } from 'node:vm';
import { jsonObjectSchema } from '../src/index.js';

test('a plain object made in another realm (an iframe, structuredClone, a VM context) is JSON; a class instance is not', () => {
  const fromAnotherRealm: unknown = runInNewContext('({ orderId: "A-1042", lines: [{ sku: 1 }] })');
  expect(jsonObjectSchema.safeParse(fromAnotherRealm).success).toBe(true);
  class Order {
    orderId = 'A-1042';
  }
  expect(jsonObjectSchema.safeParse({ order: new Order() }).success).toBe(false);
});
