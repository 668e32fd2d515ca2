import type { AdapterPlugin, ConnectMessage, IntakeQuestion, JsonObject } from '@byosd/core';
import type { AgentDriver, ConformanceTarget, FaultControl } from '@byosd/conformance';
import type { RequestRecorder } from './request-recorder.js';
import type { SimulatorUrls } from './simulator-server.js';

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Seeds the delivery faults. Default: a random seed (see `faults.seed`). */
  seed?: number;
}

/** A running loopback stand-in for one vendor backend. */
export interface Simulator {
  readonly agent: AgentDriver;
  readonly faults: FaultControl;
  readonly recorder: RequestRecorder;
  start(): Promise<SimulatorUrls>;
  stop(): Promise<void>;
  /** Forgets every chat, fault and recorded request, as if freshly started (the port stays). */
  reset(): void;
  /** What a client configures, by purpose: `{ 'desk WebSocket': 'ws://...', 'control API': 'http://.../control' }`. */
  endpoints(): Record<string, string>;
}

/**
 * How `npm start` (the browser demo) wires a backend: which adapter talks to the running simulator, with which
 * options. The demo starts the simulator, hosts the adapter on its gateway with `gatewayOptions` (server-side:
 * they never reach the browser), mounts the simulator's control API for the agent console, and, when `inPage`
 * is set, also offers the adapter running in the page. The browser end-to-end tests cover every backend that has
 * one, in every mode it offers.
 */
export interface DemoWiring<S extends Simulator = Simulator> {
  /** The adapter that talks to this backend. */
  adapter: AdapterPlugin;
  /** The adapter's options on the gateway, given the running simulator (endpoints, credentials). */
  gatewayOptions(simulator: S): JsonObject;
  /**
   * For a browser-safe adapter (`runtime` 'browser' or 'both'): its options in the page, given the running
   * simulator. They are public (anyone can read a page's options): never put a secret here. The widget build must
   * have an in-page bundle of the adapter (packages/widget/src/adapters/<adapter name>.ts).
   */
  inPageOptions?(simulator: S): JsonObject;
  /** Questions the widget asks before the chat, whose answers the adapter reads from `preStartChatPayload`. */
  intake?: IntakeQuestion[];
  /**
   * For a backend that calls its adapter back (webhooks): points the running simulator at the gateway's routes for
   * this adapter, `webhookBaseUrl` being `<gateway>/webhooks/<adapter name>`, as an operator configures the vendor.
   */
  deliverWebhooksTo?(simulator: S, webhookBaseUrl: string): Promise<void>;
  /**
   * For a backend whose conversation starts with a bot (the handover is the bot's decision): the bot the demo page
   * talks to before the handover, given the running simulator. The demo server asks it on the page's behalf (its
   * credentials stay on the server); when it answers with `handover`, the page runs the intake and starts the chat
   * with that connect message.
   */
  bot?(simulator: S): DemoBot;
}

/** The bot of a backend's demo: it answers the user's questions until it hands the user over. */
export interface DemoBot {
  /** Answers `question`; `session` is the `session` of the previous answer (none for the first question). */
  answer(question: string, session: string | undefined): Promise<DemoBotAnswer>;
}

export interface DemoBotAnswer {
  /** Opaque to the page, which sends it back with the next question: the bot's conversation (its session). */
  session: string;
  /** The bot's words. */
  text: string;
  /** Set when the bot hands the user to a human: the connect message to start the chat with (with what the adapter needs of the bot's conversation). */
  handover?: ConnectMessage;
}

/** One registry entry: a backend's simulator, and the conformance targets of the adapters that talk to it. */
export interface SimulatorDefinition<S extends Simulator = Simulator> {
  /** The backend's name, as `byosd simulate <name>` takes it. */
  name: string;
  description: string;
  create(options?: SimulatorOptions): S;
  /** The adapters of this repository that are tested against this simulator. */
  conformanceTargets: ConformanceTarget[];
  /** How the browser demo wires this backend; without it the demo leaves the backend out. */
  demo?: DemoWiring<S>;
}

/**
 * Declares a registry entry with its simulator's own type, so that the demo wiring can read the simulator's
 * endpoints (`simulator.deskUrl`) without a cast.
 */
export function defineSimulator<S extends Simulator>(definition: SimulatorDefinition<S>): SimulatorDefinition {
  return definition as unknown as SimulatorDefinition;
}
