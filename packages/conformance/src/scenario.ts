import type { CapabilityManifest, CapabilityName } from '@byosd/core';
import type { AgentDriver } from './harness/agent-driver.js';
import type { FaultControl } from './harness/fault-control.js';
import type { ChatUnderTest, NewChatOptions } from './chat-under-test.js';

/** The scenario groups, in the order they run and are reported. */
export const SCENARIO_GROUPS = [
  'lifecycle',
  'messaging',
  'typing-and-receipts',
  'availability',
  'transfer',
  'errors-and-faults',
  'resume',
  'isolation',
] as const;
/** A group of scenarios (one of {@link SCENARIO_GROUPS}). */
export type ScenarioGroup = (typeof SCENARIO_GROUPS)[number];

/**
 * How the adapter is driven. `session`: inside core's chat session, as users load it. `raw`: the desk alone,
 * created with `plugin.create` and a recording callback, so that bugs the session masks (a repeated message id,
 * an event after the end) show.
 */
export type ChatMode = 'session' | 'raw';
/** Every {@link ChatMode}: the modes a scenario runs in unless it names its own. */
export const CHAT_MODES = ['session', 'raw'] as const satisfies readonly ChatMode[];

/** What a scenario works with: a fresh harness, and chats of the adapter under test in the current mode. */
export interface ScenarioContext {
  readonly mode: ChatMode;
  readonly capabilities: CapabilityManifest;
  readonly agent: AgentDriver;
  /** The harness's faults. Only scenarios that declare `needsFaults` may use them. */
  readonly faults: FaultControl;
  /** How long to wait for any one expected event. */
  readonly timeoutMs: number;
  /** A new chat of the adapter under test (not started). The suite ends it after the scenario. */
  newChat(options?: NewChatOptions): ChatUnderTest;
  /** A topic (the user's question) unique to this run, so that the agent can tell parallel chats apart. */
  topic(label?: string): string;
}

/**
 * One behaviour an adapter must have, written once as a plain async function that throws when the behaviour is
 * missing. Its capabilities decide whether it runs for an adapter.
 */
export interface Scenario {
  group: ScenarioGroup;
  /** What a user would notice, e.g. "the agent ends the chat: agentEndedChat reaches the user". Unique per group. */
  name: string;
  /** Runs only when the adapter declares all of these. */
  requires?: readonly CapabilityName[];
  /** Runs only when the harness can inject faults. */
  needsFaults?: boolean;
  /** The modes it runs in. Default: both. */
  modes?: readonly ChatMode[];
  /** Runs the scenario; it fails by throwing. */
  run(context: ScenarioContext): Promise<void>;
}
