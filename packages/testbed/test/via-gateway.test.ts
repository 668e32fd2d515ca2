import { defineAdapter } from '@byosd/core';
import { runSuite } from '@byosd/conformance';
import { gatewayAdapter } from '@byosd/gateway';
import { capabilitiesThroughGateway, viaGateway } from '../src/index.js';
import { exampleAdapter, ExampleServiceDesk } from '@byosd/adapter-example';
import { createExampleConformanceTarget, exampleConformance } from '@byosd/adapter-example/testbed';

/** The example adapter with less: no transfer, shorter messages. */
const narrower = defineAdapter({
  ...exampleAdapter,
  serviceDesk: ExampleServiceDesk,
  name: 'example-narrow',
  capabilities: { ...exampleAdapter.capabilities, transfer: false, maxMessageLength: 100 },
});

describe('viaGateway', () => {
  it('is reported as <adapter>@gateway, and drives the proxy desk with what both it and the hosted adapter declare', () => {
    const target = viaGateway(createExampleConformanceTarget(narrower));
    expect(target.name).toBe('example-narrow@gateway');
    expect(target.plugin.name).toBe(gatewayAdapter.name);
    expect(target.plugin.capabilities).toEqual({ ...gatewayAdapter.capabilities, transfer: false, maxMessageLength: 100 });
    expect(target.injectsFaults).toBe(true);
    expect(capabilitiesThroughGateway(exampleAdapter.capabilities).maxMessageLength).toBe(exampleAdapter.capabilities.maxMessageLength);
  });

  it('skips what the hosted adapter rules out, and runs the rest through the gateway', async () => {
    const report = await runSuite([viaGateway(createExampleConformanceTarget(narrower))], {
      grep: /^(transfer: a transfer|messaging: a longer message)/,
      seed: 3,
    });
    expect(report.results.map((result) => [result.adapter, result.group, result.mode, result.status, result.error])).toEqual([
      ['example-narrow@gateway', 'messaging', 'session', 'passed', undefined],
      ['example-narrow@gateway', 'messaging', 'raw', 'passed', undefined],
      ['example-narrow@gateway', 'transfer', 'session', 'skipped', 'capability not declared: transfer'],
      ['example-narrow@gateway', 'transfer', 'raw', 'skipped', 'capability not declared: transfer'],
    ]);
  });

  it('refuses an adapter that runs in the browser only', () => {
    const browserOnly = defineAdapter({ ...exampleAdapter, serviceDesk: ExampleServiceDesk, name: 'in-page', runtime: 'browser' });
    expect(() => viaGateway({ ...exampleConformance, plugin: browserOnly })).toThrow('Adapter "in-page" runs in the browser only');
  });
});
