import { type AdapterPlugin } from '@byosd/core';
import { ALL_SCENARIOS, runSuite } from '@byosd/conformance';
import { createExampleConformanceTarget } from '../testbed/index.js';
import * as broken from './broken-adapters.js';

/** The label of the scenario whose name contains `fragment`, as results name it. */
function scenario(fragment: string): string {
  const found = ALL_SCENARIOS.find((candidate) => candidate.name.includes(fragment));
  if (!found) throw new TypeError(`No scenario named like "${fragment}"`);
  return `${found.group}: ${found.name}`;
}
const inBothModes = (fragments: string[]) => fragments.flatMap((fragment) => [`${scenario(fragment)} [session]`, `${scenario(fragment)} [raw]`]);
const inRawMode = (fragments: string[]) => fragments.map((fragment) => `${scenario(fragment)} [raw]`);

/** The scenarios that compare the agent messages a user received with what the agent sent, one by one. */
const AGENT_MESSAGE_LISTS = [
  '200 agent messages',
  'unicode, emoji',
  'markup and line breaks',
  'the connection drops mid-chat',
  'duplicated and reordered deliveries',
  'resumes from the persisted state',
  'every message reaches its own chat only',
];

/** The scenarios where the agent acts as the chat starts: they compare what the user saw of one agent message too. */
const INSTANT_AGENT = ['joins and speaks in the tick', 'joins, speaks and ends in the tick', 'joins and speaks before startChat resolves'];

/**
 * Each broken adapter, and exactly what the whole suite must fail for it. Bugs the chat session masks (a repeated
 * message id, reports after the end, a retried send under a new id) show in raw mode only; the others in both.
 */
const CASES: Array<{ plugin: AdapterPlugin; bug: string; failures: string[] }> = [
  { plugin: broken.duplicatesMessages, bug: 'reports each agent message twice', failures: inRawMode([...AGENT_MESSAGE_LISTS, ...INSTANT_AGENT]) },
  { plugin: broken.reordersMessages, bug: 'swaps two agent messages with distinct ids', failures: inBothModes(AGENT_MESSAGE_LISTS) },
  { plugin: broken.losesMessage, bug: 'loses an agent message', failures: inBothModes(AGENT_MESSAGE_LISTS) },
  {
    plugin: broken.emitsAfterEnd,
    bug: 'reports after the agent ended the chat',
    failures: inRawMode(['nothing reaches the user after agentEndedChat', 'joins, speaks and ends in the tick']),
  },
  { plugin: broken.ignoresMessageId, bug: 'sends under a fresh id', failures: inRawMode(['a send repeated with the same messageId']) },
  { plugin: broken.leavesChatOpen, bug: 'leaves a half-started chat open', failures: inBothModes(['the backend fails after creating the chat']) },
  { plugin: broken.swallowsDisconnect, bug: 'never reports DISCONNECTED', failures: inBothModes(['the connection drops mid-chat']) },
  {
    plugin: broken.transferAsNewChat,
    bug: 'reports a transfer as a new chat',
    failures: inBothModes(['a transfer: beginTransferToAnotherAgent', 'after a transfer']),
  },
];

describe('the suite catches broken adapters', () => {
  it.concurrent.each(CASES)(
    '$plugin.name ($bug) fails exactly the scenarios that check it',
    async ({ plugin, failures }) => {
      // A short wait per expected event: the scenarios that must fail wait in vain, and correct ones take milliseconds.
      const report = await runSuite([createExampleConformanceTarget(plugin)], { seed: 1, eventTimeoutMs: 400 });
      const failed = report.results.filter((result) => result.status === 'failed').map((result) => `${result.group}: ${result.scenario} [${result.mode}]`);
      expect(failed.sort()).toEqual([...failures].sort());
    },
    60_000,
  );
});
