import { randomUUID } from 'node:crypto';
import {
  CONTROL_API_PREFIX,
  createFaultControl,
  FaultInjector,
  registerControlApi,
  type RequestRecorder,
  type Simulator,
  type SimulatorOptions,
  SimulatorServer,
  type SimulatorUrls,
} from '@byosd/simulators';
import { type AgentDriver, type FaultControl, newSeed } from '@byosd/conformance';
import { z } from 'zod';
import { CHATS_PATH, CONTACT_CENTER_ID_HEADER, ME_CHAT_PATH } from '../protocol/index.js';
import { registerCustomerRoutes } from './customer-routes.js';
import { type AgentRoomState, createGwsAgentDriver } from './gws-agent-driver.js';
import { GwsChatStore } from './gws-chat-store.js';
import { type PollFault, PollFaults, pollFaultSchema } from './poll-faults.js';

export interface GenesysEngageSimulatorOptions extends SimulatorOptions {
  /** The contact centre this GWS serves. Default: a fresh UUID. */
  contactCenterId?: string;
}

/** A messages poll as the simulator received it. */
export interface ObservedPoll {
  chatId: string;
  /** The `index` it named; undefined for a cursor poll. */
  index: number | undefined;
  at: number;
}

/** Routes of this simulator's own faults, beside the kit's control API. */
export const GWS_FAULTS_PREFIX = `${CONTROL_API_PREFIX}/gws/faults`;

const pollFaultBodySchema = z.object({ fault: pollFaultSchema, times: z.number().int().positive().max(1000).default(1) });
const repeatBodySchema = z.object({ times: z.number().int().positive().max(1000).default(1) });

/**
 * Genesys Engage Web Services (GWS) customer chat, on one loopback port: the customer API at `/api/v2/chats`
 * (and `/api/v2/me/chat`), the kit's control API at `/control`, and the faults the kit's operations do not name at
 * `/control/gws/faults` (`poll`: the next messages polls fail; `repeat-page`: the cursor repeats a page).
 *
 * Fault operations: `start` RequestChat, `send` SendMessage, `typing` the typing notifications, `end` Complete,
 * `state` GET of the chat resource. Delivery faults act on message pages: `latencyMs` slows every customer
 * answer, `duplicateRate` repeats the message before a page, `reorderRate` swaps two messages in it.
 * `dropConnections` cuts every connection and the next poll of every live chat; `sendMalformed` gives the next
 * poll of every live chat a page that breaks the protocol.
 */
export class GenesysEngageSimulator implements Simulator {
  readonly agent: AgentDriver;
  readonly faults: FaultControl;
  readonly contactCenterId: string;
  readonly pollFaults = new PollFaults();
  private readonly injector: FaultInjector;
  private readonly server: SimulatorServer;
  private readonly store = new GwsChatStore();
  private readonly room: AgentRoomState = { online: null };
  private readonly pollListeners = new Set<(poll: ObservedPoll) => void>();

  constructor(options: GenesysEngageSimulatorOptions = {}) {
    this.contactCenterId = options.contactCenterId ?? randomUUID();
    this.injector = new FaultInjector(options.seed ?? newSeed());
    this.server = new SimulatorServer(options);
    this.agent = createGwsAgentDriver(this.store, this.room);
    const liveChats = () => this.store.all().filter((chat) => chat.state !== 'Idle');
    this.faults = createFaultControl(this.injector, {
      dropConnections: () => {
        for (const chat of liveChats()) this.pollFaults.cutChats.add(chat.id);
        this.server.app.server.closeAllConnections();
      },
      sendMalformed: () => {
        for (const chat of liveChats()) this.pollFaults.malformedChats.add(chat.id);
      },
    });
    const app = this.server.app;
    registerCustomerRoutes(app, {
      store: this.store,
      contactCenterIds: new Set([this.contactCenterId]),
      injector: this.injector,
      pollFaults: this.pollFaults,
      polled: (chatId, index) => {
        const poll: ObservedPoll = { chatId, index, at: Date.now() };
        for (const listener of this.pollListeners) listener(poll);
      },
    });
    registerControlApi(app, this);
    app.post(`${GWS_FAULTS_PREFIX}/poll`, async (request, reply) => {
      const parsed = pollFaultBodySchema.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: 'INVALID_INPUT', message: parsed.error.message });
      this.failNextPoll(parsed.data.fault, parsed.data.times);
      return { ok: true };
    });
    app.post(`${GWS_FAULTS_PREFIX}/repeat-page`, async (request, reply) => {
      const parsed = repeatBodySchema.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: 'INVALID_INPUT', message: parsed.error.message });
      this.pollFaults.repeatNextPage(parsed.data.times);
      return { ok: true };
    });
  }

  get recorder(): RequestRecorder {
    return this.server.recorder;
  }

  /** The GWS base URL an adapter is given (the paths start with /api/v2). */
  get baseUrl(): string {
    return this.server.urls.http;
  }

  /** Calls `listener` with every messages poll as it arrives; returns the unsubscribe. For tests of a client's pacing. */
  onPoll(listener: (poll: ObservedPoll) => void): () => void {
    this.pollListeners.add(listener);
    return () => this.pollListeners.delete(listener);
  }

  /** The next `times` messages polls fail with `fault`. */
  failNextPoll(fault: PollFault, times = 1): void {
    this.pollFaults.failNext(fault, times);
  }

  /** The next `times` cursor polls (without `index`) get the previous page again. */
  repeatNextPage(times = 1): void {
    this.pollFaults.repeatNextPage(times);
  }

  start(): Promise<SimulatorUrls> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  reset(): void {
    this.store.clear();
    this.injector.reset();
    this.pollFaults.reset();
    this.room.online = null;
    this.recorder.clear();
  }

  endpoints(): Record<string, string> {
    const http = this.server.urls.http;
    return {
      'GWS base URL (baseUrl)': http,
      'customer chat API': `${http}${CHATS_PATH} (also ${http}${ME_CHAT_PATH})`,
      [`${CONTACT_CENTER_ID_HEADER} (contactCenterId)`]: this.contactCenterId,
      'control API': `${http}${CONTROL_API_PREFIX}`,
      'GWS faults': `${http}${GWS_FAULTS_PREFIX}/poll, ${http}${GWS_FAULTS_PREFIX}/repeat-page`,
    };
  }
}
