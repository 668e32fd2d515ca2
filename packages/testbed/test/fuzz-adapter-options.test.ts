import fc from 'fast-check';
import { type AdapterPlugin, type JsonObject, loadServiceDesk, ServiceDeskError, ServiceDeskRegistry } from '@byosd/core';
import type { Simulator } from '@byosd/simulators';
import { discoverBackends } from '../src/index.js';
import { expectNoPrototypePollution, fuzzParameters, FUZZ_RUNS, hostileJson, PROTOTYPE_KEYS } from '../../core/test/support/fuzz';

/**
 * Property-based fuzzing of every adapter's options (issue 11), found by discovery so that a backend added later
 * is fuzzed with no edit: any JSON (hostile values among it: deep nesting, huge strings, prototype keys), and the
 * options the demo wires with one field (or a prototype key) set to any such value, removed or added.
 * `loadServiceDesk` either accepts them or refuses with INVALID_OPTIONS naming the bad field; it never throws
 * anything else, and no prototype is polluted. A failure prints its seed;
 * `FUZZ_SEED=<seed> npm test -- <this file>` replays it.
 */

interface OptionsUnderTest {
  plugin: AdapterPlugin;
  /** Options the adapter accepts (the demo's, against a running simulator), or none known. */
  valid: JsonObject;
}

const simulators: Simulator[] = [];
const targets: OptionsUnderTest[] = [];

beforeAll(async () => {
  for (const backend of discoverBackends()) {
    const plugins = new Map(backend.conformanceTargets.map((target) => [target.plugin.name, target.plugin]));
    let valid: JsonObject = {};
    if (backend.demo) {
      const simulator = backend.create();
      simulators.push(simulator);
      await simulator.start();
      valid = backend.demo.gatewayOptions(simulator);
      plugins.set(backend.demo.adapter.name, backend.demo.adapter);
    }
    for (const plugin of plugins.values()) targets.push({ plugin, valid: plugin.name === backend.demo?.adapter.name ? valid : {} });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(simulators.map((simulator) => simulator.stop()));
});

/** Options as a user may write them: the valid ones with one field (known or not) set to any JSON, or removed. */
function fuzzedOptions(valid: JsonObject): fc.Arbitrary<{ options: unknown; changed: string | undefined }> {
  const keys = Object.keys(valid);
  const key = fc.oneof(...(keys.length > 0 ? [fc.constantFrom(...keys)] : []), fc.string(), fc.constantFrom(...PROTOTYPE_KEYS));
  return fc.oneof(
    { weight: 1, arbitrary: hostileJson.map((options) => ({ options, changed: undefined })) },
    {
      weight: 4,
      arbitrary: fc.tuple(key, fc.option(hostileJson)).map(([field, value]) => {
        const options: Record<string, unknown> = { ...valid };
        // An own property, as JSON.parse makes one: `__proto__` is then a key, not the prototype.
        if (value === null) delete options[field];
        else Object.defineProperty(options, field, { value, enumerable: true, writable: true, configurable: true });
        return { options, changed: field };
      }),
    },
  );
}

test("discovery finds every backend, so each one's options are fuzzed", () => {
  expect(targets.length).toBeGreaterThanOrEqual(discoverBackends().length);
});

test(`${FUZZ_RUNS} fuzzed options per adapter: accepted, or INVALID_OPTIONS naming the field`, async () => {
  for (const { plugin, valid } of targets) {
    const registry = new ServiceDeskRegistry().register(plugin);
    // The demo's options are accepted as they are: the mutations start from a valid point.
    await expect(loadServiceDesk(plugin.name, valid, undefined, { registry })).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(fuzzedOptions(valid), async ({ options, changed }) => {
        let refusal: unknown;
        try {
          await loadServiceDesk(plugin.name, options, undefined, { registry });
          return;
        } catch (error) {
          refusal = error;
        }
        expect(refusal).toBeInstanceOf(ServiceDeskError);
        const error = refusal as ServiceDeskError;
        expect(error.code).toBe('INVALID_OPTIONS');
        expect(error.message).toContain(plugin.name);
        expect(error.issues.length).toBeGreaterThan(0);
        for (const issue of error.issues) expect(issue.message.length).toBeGreaterThan(0);
        // A change to one field of valid options is refused for that field (or the object as a whole).
        if (changed !== undefined && Object.keys(valid).length > 0) {
          expect(error.issues.some((issue) => issue.path === '' || issue.path === changed || issue.path.startsWith(`${changed}.`))).toBe(true);
        }
      }),
      fuzzParameters,
    );
  }
  expectNoPrototypePollution();
}, 60_000);
