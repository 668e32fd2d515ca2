import { randomUUID } from 'node:crypto';
import { type AdapterPlugin, type ServiceDesk } from '@byosd/core';
import { exampleAdapter, ExampleDesk, registerExampleDesk } from '@byosd/adapter-example';
import { type Gateway, startGateway } from '@byosd/gateway';
import type { MessageRequest, ServiceDesk as CarbonDesk } from '@carbon/ai-chat';
import { carbonServiceDeskFactory } from '../src/index.js';
import { connectResponse, waitingChat } from './support/example-source.js';
import { RecordingCarbon } from './support/recording-carbon.js';

/** The example adapter without typing reports or read receipts: what many real backends lack. */
const withoutTyping: AdapterPlugin = {
  ...exampleAdapter,
  name: 'example-without-typing',
  capabilities: { ...exampleAdapter.capabilities, userTyping: false, userReadReceipts: false },
  create: (context) => {
    const { userTyping: _typing, userReadMessages: _reads, ...desk } = bindAll(exampleAdapter.create(context as Parameters<typeof exampleAdapter.create>[0]));
    return desk;
  },
} as AdapterPlugin;

function bindAll(desk: ServiceDesk): ServiceDesk {
  const prototype = Object.getPrototypeOf(desk) as object;
  const methods = Object.getOwnPropertyNames(prototype).filter(
    (name) => name !== 'constructor' && typeof (desk as unknown as Record<string, unknown>)[name] === 'function',
  );
  return Object.fromEntries(
    methods.map((name) => [name, ((desk as unknown as Record<string, (...args: unknown[]) => unknown>)[name] as (...args: unknown[]) => unknown).bind(desk)]),
  ) as unknown as ServiceDesk;
}

let gateway: Gateway;
let desk: ExampleDesk;
let unregister: () => void;

beforeAll(async () => {
  desk = new ExampleDesk();
  const deskName = `carbon-gateway-${randomUUID()}`;
  unregister = registerExampleDesk(deskName, desk);
  gateway = await startGateway(
    { port: 0, host: '127.0.0.1', logLevel: 'silent', adapters: { [withoutTyping.name]: { deskName } } },
    { plugins: [withoutTyping] },
  );
});

afterAll(async () => {
  await gateway?.close();
  unregister?.();
});

test('through the gateway, a method the adapter behind it lacks settles quietly, and the chat goes on', async () => {
  const carbon = new RecordingCarbon();
  const factory = carbonServiceDeskFactory({ gateway: { url: gateway.url, adapter: withoutTyping.name } });
  const carbonDesk: CarbonDesk = await factory({ callback: carbon.callback, instance: carbon.instance(), persistedState: undefined });
  expect(carbonDesk.getName?.()).toBe('example-without-typing via gateway');
  // The protocol can carry typing, so Carbon is offered it.
  expect(typeof carbonDesk.userTyping).toBe('function');

  await carbonDesk.startChat(connectResponse('Typing through the gateway'), { preStartChatPayload: undefined });
  const chat = waitingChat(desk, 'Typing through the gateway');
  desk.accept(chat.id, { id: 'alex', name: 'Alex' });
  await carbon.waitForCall('agentJoined');

  const errors = jest.spyOn(console, 'error');
  await expect(carbonDesk.userTyping?.(true)).resolves.toBeUndefined();
  await expect(carbonDesk.userTyping?.(false)).resolves.toBeUndefined();
  await expect(carbonDesk.userReadMessages?.()).resolves.toBeUndefined();
  expect(desk.chat(chat.id).userTyping).toBe(false);
  expect(errors).not.toHaveBeenCalled();
  errors.mockRestore();

  await carbonDesk.sendMessageToAgent({ input: { text: 'Still works' } } as MessageRequest, 'u-1', { filesToUpload: [] });
  expect(desk.chat(chat.id).received.map((message) => message.text)).toEqual(['Still works']);
  await carbonDesk.endChat({ endedByHumanAgent: false, preEndChatPayload: null });
  expect(desk.chat(chat.id).endedBy).toBe('user');
});
