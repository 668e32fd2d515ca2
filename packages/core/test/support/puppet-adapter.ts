import { z } from 'zod';
import {
  type AdapterContext,
  type CapabilityManifest,
  type ConnectMessage,
  defineAdapter,
  type EndChatInfo,
  type MessageRequest,
  type PersistedChat,
  ServiceDeskRegistry,
  type ServiceDeskCallback,
  silentLogger,
  SPEC_VERSION,
} from '@byosd/core';
import { ServiceIdentifiers } from '@byosd/core';
import { Container } from 'inversify';

export const allCapabilities: CapabilityManifest = {
  agentAvailability: true,
  queueUpdates: true,
  userTyping: true,
  agentTyping: true,
  userReadReceipts: true,
  agentReadReceipts: true,
  transfer: true,
  agentLeave: true,
  fileUploads: true,
  stateUpdates: true,
  resume: true,
  disconnectReporting: true,
  maxMessageLength: 100,
};

/** A recorded call to the puppet desk. */
export interface Call {
  method: string;
  args: unknown[];
}

/**
 * A test adapter whose every method is recorded and whose behaviour the test sets: each method runs
 * `behaviour[method]` when set, else resolves on the next macrotask (so that concurrent calls really overlap).
 */
export class PuppetDesk {
  static instances: PuppetDesk[] = [];
  readonly calls: Call[] = [];
  readonly callback: ServiceDeskCallback;
  behaviour: Partial<Record<string, (...args: unknown[]) => unknown>> = {};

  constructor(context: AdapterContext<{ label: string }>) {
    this.callback = context.callback;
    PuppetDesk.instances.push(this);
  }

  private run(method: string, args: unknown[]): Promise<unknown> {
    this.calls.push({ method, args });
    const behaviour = this.behaviour[method];
    if (behaviour) return Promise.resolve().then(() => behaviour(...args));
    return new Promise((resolve) => setImmediate(resolve));
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  getName() {
    return 'Puppet';
  }
  async startChat(message: ConnectMessage, options: unknown) {
    await this.run('startChat', [message, options]);
  }
  async endChat(info?: EndChatInfo) {
    await this.run('endChat', [info]);
  }
  async sendMessageToAgent(message: MessageRequest, messageId: string) {
    await this.run('sendMessageToAgent', [message, messageId]);
  }
  async updateState(state: unknown) {
    await this.run('updateState', [state]);
  }
  async areAnyAgentsOnline(message: ConnectMessage) {
    return (await this.run('areAnyAgentsOnline', [message])) as boolean | null;
  }
  async userTyping(isTyping: boolean) {
    await this.run('userTyping', [isTyping]);
  }
  async userReadMessages() {
    await this.run('userReadMessages', []);
  }
  async filesSelectedForUpload(files: unknown) {
    await this.run('filesSelectedForUpload', [files]);
  }
  async reconnect(persisted: PersistedChat) {
    return (await this.run('reconnect', [persisted])) !== false;
  }
}

/** A desk with only the required methods. */
export class MinimalDesk {
  getName() {
    return 'Minimal';
  }
  async startChat() {}
  async endChat() {}
  async sendMessageToAgent() {}
}

export const puppetOptionsSchema = z.object({ label: z.string().default('puppet') });

export const puppetAdapter = defineAdapter({
  name: 'puppet',
  version: '1.0.0',
  specVersion: SPEC_VERSION,
  runtime: 'both',
  optionsSchema: puppetOptionsSchema,
  capabilities: allCapabilities,
  serviceDesk: PuppetDesk,
});

export const minimalAdapter = defineAdapter({
  name: 'minimal',
  version: '1.0.0',
  specVersion: SPEC_VERSION,
  runtime: 'both',
  optionsSchema: z.object({}),
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

/** A registry with the puppet and minimal adapters and a silent logger. */
export function testRegistry(): ServiceDeskRegistry {
  const container = new Container();
  container.bind(ServiceIdentifiers.Logger).toConstantValue(silentLogger);
  return new ServiceDeskRegistry({ container }).register(puppetAdapter).register(minimalAdapter);
}

/** Loads a puppet chat session and returns it with its desk. */
export async function loadPuppet(params: { availabilityTimeoutMs?: number } = {}) {
  const registry = testRegistry();
  const session = await registry.load('puppet', {}, undefined, params);
  const desk = PuppetDesk.instances[PuppetDesk.instances.length - 1];
  if (!desk) throw new Error('no puppet desk was created');
  return { session, desk, registry };
}
