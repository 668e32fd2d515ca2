import type { AdapterPlugin, ServiceDesk, ServiceDeskCallback } from '@byosd/core';
import type { AgentDriver } from './agent-driver.js';
import type { FaultControl } from './fault-control.js';

/** What a harness needs to create the adapter's desk for one chat. */
export interface CreateDeskParams {
  /** The user side's id of the chat, passed to the adapter as `context.chatId`. */
  chatId: string;
}

/**
 * One fresh, isolated world for one conformance scenario: a backend (usually a simulator on loopback), a way to
 * create desks of the adapter under test that talk to it, the agent at that backend, and its faults.
 */
export interface ConformanceHarness {
  /**
   * Creates a desk of the adapter under test reporting to `callback`, as `plugin.create(context)` does. The suite
   * calls it directly (raw mode) and from inside a chat session (session mode).
   */
  createDesk(callback: ServiceDeskCallback, params: CreateDeskParams): ServiceDesk;
  agent: AgentDriver;
  /** Absent when the backend cannot inject faults: the fault scenarios are then reported as skipped. */
  faults?: FaultControl;
  /** Stops everything `setup` started. */
  teardown(): Promise<void>;
}

/** What the suite gives a target when it sets up a harness. */
export interface HarnessContext {
  /** Seeds every random choice of the backend's faults. */
  seed: number;
}

/**
 * What the conformance suite runs against: an adapter plugin (whose capability manifest decides which scenarios
 * run) and the factory of its harness. An adapter package that can be tested by path exports one as
 * `conformance`; the adapters of this repository have theirs in their test bed (`<adapter package>/testbed`).
 */
export interface ConformanceTarget {
  /** The name in reports. Default: the plugin's name. */
  name?: string;
  plugin: AdapterPlugin;
  /**
   * Whether its harnesses can inject faults (`faults` is set). Default false: the fault scenarios are then
   * reported as skipped, never passed.
   */
  injectsFaults?: boolean;
  /** Starts the backend (a simulator, a testbed) for one scenario and returns its harness. */
  setup(context: HarnessContext): Promise<ConformanceHarness>;
}

/** Whether a module export looks like a conformance target. */
export function isConformanceTarget(value: unknown): value is ConformanceTarget {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof ConformanceTarget, unknown>>;
  return typeof candidate.setup === 'function' && typeof candidate.plugin === 'object' && candidate.plugin !== null;
}
