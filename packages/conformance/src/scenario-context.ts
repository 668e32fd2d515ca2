import { randomId } from '@byosd/core';
import type { ConformanceHarness } from './harness/conformance-target.js';
import type { FaultControl } from './harness/fault-control.js';
import { type ChatUnderTest, createChatUnderTest } from './chat-under-test.js';
import type { PlannedRun } from './plan.js';
import type { ScenarioContext } from './scenario.js';

export interface OwnedScenarioContext {
  context: ScenarioContext;
  /** Every chat the scenario created, to end afterwards. */
  chats: ChatUnderTest[];
}

/** The context one run's scenario gets, over a fresh harness. */
export function createScenarioContext(run: PlannedRun, harness: ConformanceHarness, timeoutMs: number): OwnedScenarioContext {
  const chats: ChatUnderTest[] = [];
  const context: ScenarioContext = {
    mode: run.mode,
    capabilities: run.target.plugin.capabilities,
    agent: harness.agent,
    get faults(): FaultControl {
      if (!harness.faults) throw new TypeError(`The harness of "${run.adapter}" declares injectsFaults but has no faults`);
      return harness.faults;
    },
    timeoutMs,
    newChat(options = {}) {
      const chat = createChatUnderTest({
        mode: run.mode,
        plugin: run.target.plugin,
        harness,
        chatId: options.chatId ?? randomId(),
        timeoutMs: options.timeoutMs ?? timeoutMs,
      });
      chats.push(chat);
      return chat;
    },
    topic: (label = 'chat') => `${label} (${randomId().slice(0, 8)})`,
  };
  return { context, chats };
}
