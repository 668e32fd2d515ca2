import { defineAdapter } from '@byosd/core';
import { ALL_SCENARIOS, planRuns, runConformance, runSuite, SCENARIO_GROUPS, type TestApi } from '@byosd/conformance';
import { exampleAdapter, ExampleServiceDesk } from '../src/index.js';
import { createExampleConformanceTarget } from '../testbed/index.js';

/** The example adapter, declaring neither transfer nor resume. */
const withoutTransferOrResume = defineAdapter({
  ...exampleAdapter,
  serviceDesk: ExampleServiceDesk,
  name: 'example-lite',
  capabilities: { ...exampleAdapter.capabilities, transfer: false, resume: false },
});

describe('which scenarios run', () => {
  it('has at least 40 scenarios, in every group, with unique names', () => {
    expect(ALL_SCENARIOS.length).toBeGreaterThanOrEqual(40);
    for (const group of SCENARIO_GROUPS) expect(ALL_SCENARIOS.some((scenario) => scenario.group === group)).toBe(true);
    expect(new Set(ALL_SCENARIOS.map((scenario) => `${scenario.group}: ${scenario.name}`)).size).toBe(ALL_SCENARIOS.length);
  });

  it('reports the scenarios of an undeclared capability as skipped, naming it, and never runs them', async () => {
    const report = await runSuite([createExampleConformanceTarget(withoutTransferOrResume)], { grep: /^(transfer|resume):/, seed: 1 });
    expect(report.results.length).toBe(10); // (2 transfer + 3 resume scenarios) x 2 modes
    for (const result of report.results) {
      expect(result.status).toBe('skipped');
      expect(result.error).toBe(`capability not declared: ${result.group}`);
    }
  });

  it('skips the fault scenarios when the harness cannot inject faults', () => {
    const target = { ...createExampleConformanceTarget(), injectsFaults: false };
    const runs = planRuns(target, { grep: /^errors-and-faults:/ });
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((run) => run.skipReason === 'the harness cannot inject faults')).toBe(true);
  });

  it('selects by grep over "group: name [mode]", and runs session-only scenarios in one mode', () => {
    const runs = planRuns(createExampleConformanceTarget(), { grep: 'does not answer' });
    expect(runs.map((run) => run.mode)).toEqual(['session']);
  });
});

describe('the jest binding', () => {
  it('declares one test per scenario and mode, grouped, with undeclared capabilities as skipped tests', () => {
    const declared: Array<{ path: string; skipped: boolean }> = [];
    const path: string[] = [];
    const it = Object.assign((name: string) => declared.push({ path: [...path, name].join(' › '), skipped: false }), {
      skip: (name: string) => declared.push({ path: [...path, name].join(' › '), skipped: true }),
    });
    const testApi: TestApi = {
      describe: (name, body) => {
        path.push(name);
        body();
        path.pop();
      },
      it,
    };
    runConformance(createExampleConformanceTarget(withoutTransferOrResume), { testApi, seed: 5 });
    expect(declared.length).toBe(planRuns(createExampleConformanceTarget()).length);
    expect(declared.filter((test) => test.skipped).map((test) => test.path.split(' › ')[1])).toEqual([
      ...Array<string>(4).fill('transfer'),
      ...Array<string>(6).fill('resume'),
    ]);
    expect(declared[0]?.path).toMatch(/^byosd conformance: example-lite \(seed 5\) › lifecycle › /);
  });

  it('refuses a BYOSD_SEED that is not a number, naming it', () => {
    process.env['BYOSD_SEED'] = 'tomorrow';
    try {
      expect(() =>
        runConformance(createExampleConformanceTarget(), {
          testApi: { describe: () => undefined, it: Object.assign(() => undefined, { skip: () => undefined }) },
        }),
      ).toThrow('BYOSD_SEED must be a non-negative integer, got "tomorrow"');
    } finally {
      delete process.env['BYOSD_SEED'];
    }
  });
});
