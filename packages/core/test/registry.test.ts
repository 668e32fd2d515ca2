import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { defineAdapter, ErrorCode, loadServiceDesk, ServiceDeskRegistry, SPEC_VERSION } from '@byosd/core';
import { allCapabilities, MinimalDesk, PuppetDesk, puppetAdapter, testRegistry } from './support/puppet-adapter.js';

const strictAdapter = defineAdapter({
  name: 'strict',
  version: '1.0.0',
  specVersion: SPEC_VERSION,
  runtime: 'node',
  optionsSchema: z.object({ accountSid: z.string().startsWith('AC'), region: z.enum(['us1', 'ie1']), timeoutMs: z.number().int().positive() }),
  capabilities: {
    ...allCapabilities,
    agentAvailability: false,
    userTyping: false,
    userReadReceipts: false,
    fileUploads: false,
    stateUpdates: false,
    resume: false,
  },
  serviceDesk: MinimalDesk,
});

describe('loading adapters', () => {
  test('invalid options fail with INVALID_OPTIONS naming every bad field', async () => {
    const registry = testRegistry().register(strictAdapter);
    const failure = registry.load('strict', { accountSid: 'XX1', timeoutMs: 'soon' });
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.INVALID_OPTIONS });
    const message = await failure.catch((error: Error) => error.message);
    expect(message).toContain('Invalid options for adapter "strict"');
    expect(message).toMatch(/accountSid: .*AC/);
    expect(message).toContain('region:');
    expect(message).toContain('timeoutMs:');
  });

  test('an unknown name fails with UNKNOWN_ADAPTER listing the registered adapters', async () => {
    const failure = testRegistry().load('zendesk', {});
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.UNKNOWN_ADAPTER });
    await expect(failure).rejects.toThrow('Unknown adapter "zendesk". Registered adapters: minimal, puppet');
  });

  test('a plugin whose capabilities need methods it lacks fails at definition and registration, naming them', () => {
    const definition = {
      name: 'liar',
      version: '1.0.0',
      specVersion: SPEC_VERSION,
      runtime: 'both' as const,
      optionsSchema: z.object({}),
      capabilities: allCapabilities,
      serviceDesk: MinimalDesk,
    };
    expect(() => defineAdapter(definition)).toThrow('Adapter "liar" is missing methods: areAnyAgentsOnline (for capability agentAvailability)');
    let message = '';
    try {
      defineAdapter(definition);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const method of ['areAnyAgentsOnline', 'userTyping', 'userReadMessages', 'filesSelectedForUpload', 'updateState', 'reconnect'])
      expect(message).toContain(method);
    const handMade = { ...definition, create: () => new MinimalDesk() };
    expect(() => new ServiceDeskRegistry().register(handMade)).toThrow(/missing methods/);
  });

  test('a secret option must be one of the options', () => {
    expect(() => defineAdapter({ ...strictAdapter, serviceDesk: MinimalDesk, name: 'leaky', secretOptions: ['authToken'] })).toThrow(
      'Adapter "leaky" marks options as secret that its schema does not have: authToken',
    );
  });

  test('a plugin built for another spec version is refused', () => {
    expect(() => defineAdapter({ ...puppetAdapter, serviceDesk: PuppetDesk, name: 'future', specVersion: 'byosd.v2' as typeof SPEC_VERSION })).toThrow(
      'Adapter "future" implements byosd.v2, but this core implements byosd.v1',
    );
  });

  test('two different plugins cannot share a name; registering the same one twice is harmless', () => {
    const registry = testRegistry();
    expect(() => registry.register(puppetAdapter)).not.toThrow();
    expect(() => registry.register({ ...puppetAdapter })).toThrow('An adapter named "puppet" is already registered');
  });

  test('loads a plugin by package name: "example" is @byosd/adapter-example', async () => {
    const registry = new ServiceDeskRegistry();
    const session = await loadServiceDesk('example', {}, undefined, { registry });
    expect(session.getName()).toBe('Example desk');
    expect(registry.names()).toEqual(['example']);
  });

  test('loads a plugin by module path from a directory outside the repository', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'byosd-plugin-'));
    const corePath = require.resolve('@byosd/core');
    const zodPath = require.resolve('zod');
    const file = join(directory, 'acme-adapter.cjs');
    writeFileSync(
      file,
      `const { defineAdapter, SPEC_VERSION } = require(${JSON.stringify(corePath)});
const { z } = require(${JSON.stringify(zodPath)});
class AcmeDesk {
  getName() { return 'Acme'; }
  async startChat() {}
  async endChat() {}
  async sendMessageToAgent() {}
}
module.exports = defineAdapter({
  name: 'acme', version: '0.0.1', specVersion: SPEC_VERSION, runtime: 'node',
  optionsSchema: z.object({ apiKey: z.string() }), secretOptions: ['apiKey'],
  capabilities: { agentAvailability: false, queueUpdates: false, userTyping: false, agentTyping: false, userReadReceipts: false,
    agentReadReceipts: false, transfer: false, agentLeave: false, fileUploads: false, stateUpdates: false, resume: false,
    disconnectReporting: false, maxMessageLength: 1000 },
  serviceDesk: AcmeDesk,
});
`,
    );
    const registry = new ServiceDeskRegistry();
    const session = await registry.load(pathToFileURL(file).href, { apiKey: 'k' });
    expect(session.getName()).toBe('Acme');
    expect(registry.names()).toEqual(['acme']);
    await expect(registry.load(pathToFileURL(file).href, {})).rejects.toThrow('Invalid options for adapter "acme": apiKey');
  });

  test('a module path that does not exist fails with UNKNOWN_ADAPTER', async () => {
    await expect(new ServiceDeskRegistry().load('./no/such/adapter.js', {})).rejects.toMatchObject({ code: ErrorCode.UNKNOWN_ADAPTER });
  });

  test('the callback passed to loadServiceDesk receives the adapter reports', async () => {
    const joined: string[] = [];
    const registry = testRegistry();
    const session = await loadServiceDesk('puppet', {}, { agentJoined: (profile) => joined.push(profile.nickname) }, { registry });
    await session.startChat({ output: { generic: [] } }, {});
    const { PuppetDesk } = await import('./support/puppet-adapter.js');
    PuppetDesk.instances[PuppetDesk.instances.length - 1]!.callback.agentJoined({ id: 'a', nickname: 'Ann' });
    expect(joined).toEqual(['Ann']);
  });
});
