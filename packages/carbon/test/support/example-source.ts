import { randomUUID } from 'node:crypto';
import { type AdapterPlugin, type CapabilityManifest } from '@byosd/core';
import { exampleAdapter, ExampleDesk, registerExampleDesk } from '@byosd/adapter-example';
import type { DeskSource } from '@byosd/widget/desk-source';
import type { MessageResponse } from '@carbon/ai-chat';

/** The example adapter in the page (here: in the test), over an in-process desk the test plays the agent on. */
export function exampleSource(capabilities: Partial<CapabilityManifest> = {}): { source: DeskSource; desk: ExampleDesk; close: () => void } {
  const desk = new ExampleDesk();
  const deskName = `carbon-${randomUUID()}`;
  const close = registerExampleDesk(deskName, desk);
  const plugin: AdapterPlugin = { ...exampleAdapter, capabilities: { ...exampleAdapter.capabilities, ...capabilities } } as AdapterPlugin;
  return { source: { plugin, options: { deskName } }, desk, close };
}

/** A bot's `connect_to_agent` answer as Carbon hands it to `startChat`. */
export function connectResponse(messageToHumanAgent: string): MessageResponse {
  return { output: { generic: [{ response_type: 'connect_to_agent', message_to_human_agent: messageToHumanAgent }] } } as unknown as MessageResponse;
}

/** The one chat waiting at the desk with this topic. */
export function waitingChat(desk: ExampleDesk, topic: string) {
  const chat = desk.allChats().find((candidate) => candidate.topic === topic && candidate.status === 'queued');
  if (!chat) throw new Error(`No waiting chat "${topic}" at the desk`);
  return chat;
}
