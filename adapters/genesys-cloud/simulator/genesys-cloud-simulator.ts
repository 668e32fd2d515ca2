import { newSeed } from '@byosd/conformance';
import { MESSAGES_PER_SECOND } from '../protocol/index.js';
import { type AdapterPlugin, createMemoryWebhookHub, silentLogger } from '@byosd/core';
import type { WebSocket } from 'ws';
import type { AgentDriver, FaultControl } from '@byosd/conformance';
import {
  FaultInjector,
  mountPluginWebhooks,
  registerControlApi,
  type RequestRecorder,
  type Simulator,
  type SimulatorOptions,
  SimulatorServer,
  type SimulatorUrls,
} from '@byosd/simulators';
import { createGenesysCloudAgentDriver } from './genesys-cloud-agent-driver.js';
import { GenesysCloudBackend } from './genesys-cloud-backend.js';
import { serveGuestSocket } from './guest-socket.js';
import { registerPlatformApi } from './platform-api.js';

/** Where the guest WebSocket listens, as on webmessaging.<region>. */
export const GENESYS_GUEST_PATH = '/v1';
/** The Messenger deployment, OAuth client and queue every simulator has unless told otherwise. */
export const GENESYS_SIMULATOR_DEPLOYMENT_ID = '5e3c1c5a-0d6e-4b1f-9a57-3c1b7d2e9f01';
export const GENESYS_SIMULATOR_QUEUE_ID = 'b6f0e6c2-7a1d-4c3e-8f5a-2d9e4a7c1b30';
export const GENESYS_SIMULATOR_OAUTH_CLIENT = { id: 'byosd-simulator-client', secret: 'byosd-simulator-secret' } as const;

/** A frame that breaks the protocol: a StructuredMessage whose direction is not one Genesys has. */
const MALFORMED_FRAME = JSON.stringify({
  type: 'message',
  class: 'StructuredMessage',
  code: 200,
  body: { id: 'malformed', type: 'Text', direction: 'Sideways' },
});

export interface GenesysCloudSimulatorOptions extends SimulatorOptions {
  /** onMessage frames allowed per session per second. Default 2, as Genesys. */
  messagesPerSecond?: number;
  /** Default: GENESYS_SIMULATOR_DEPLOYMENT_ID only. */
  deploymentIds?: readonly string[];
  /** Default: GENESYS_SIMULATOR_QUEUE_ID only. */
  queueIds?: readonly string[];
  /** Default: GENESYS_SIMULATOR_OAUTH_CLIENT only. */
  oauthClients?: ReadonlyArray<{ id: string; secret: string }>;
}

/**
 * A Genesys Cloud org on loopback: the Web Messaging guest WebSocket (`/v1?deploymentId=...`), the REST endpoints
 * byosd uses (OAuth client credentials, estimated wait time, queue observations, message history), an agent
 * driver, the kit's control API, and seeded faults.
 */
export class GenesysCloudSimulator implements Simulator {
  readonly agent: AgentDriver;
  readonly faults: FaultControl;
  private readonly injector: FaultInjector;
  private readonly server: SimulatorServer;
  private readonly sockets = new Set<WebSocket>();
  private backend: GenesysCloudBackend;

  constructor(private readonly options: GenesysCloudSimulatorOptions = {}) {
    this.injector = new FaultInjector(options.seed ?? newSeed());
    this.server = new SimulatorServer(options);
    this.backend = this.newBackend();
    this.agent = createGenesysCloudAgentDriver(() => this.backend);
    const injector = this.injector;
    this.faults = {
      seed: injector.seed,
      failNext: (operation, fault, times) => injector.failNext(operation, fault, times),
      setDelivery: (settings) => injector.setDelivery(settings),
      dropConnections: () => {
        for (const socket of this.sockets) socket.terminate();
      },
      sendMalformed: () => {
        for (const socket of this.sockets) socket.send(MALFORMED_FRAME);
      },
    };
    this.server.webSocket(GENESYS_GUEST_PATH, (socket, request) =>
      this.accept(socket, new URL(request.url ?? '/', 'http://localhost').searchParams.get('deploymentId')),
    );
    registerPlatformApi(this.server.app, {
      backend: () => this.backend,
      injector,
      oauthClients: new Map((options.oauthClients ?? [GENESYS_SIMULATOR_OAUTH_CLIENT]).map((client) => [client.id, client.secret])),
      queueIds: new Set(options.queueIds ?? [GENESYS_SIMULATOR_QUEUE_ID]),
    });
    this.server.app.get('/avatars/:agentId', async (_request, reply) =>
      reply.type('image/svg+xml').send('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="32" fill="#888"/></svg>'),
    );
    registerControlApi(this.server.app, this);
  }

  get recorder(): RequestRecorder {
    return this.server.recorder;
  }

  /** The adapter's `webSocketUrl` option. */
  get guestWebSocketUrl(): string {
    return `${this.server.urls.ws}${GENESYS_GUEST_PATH}`;
  }

  /** The adapter's `apiUrl` and `loginUrl` options: both are served here. */
  get apiUrl(): string {
    return this.server.urls.http;
  }

  start(): Promise<SimulatorUrls> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  reset(): void {
    this.faults.dropConnections();
    this.backend = this.newBackend();
    this.injector.reset();
    this.recorder.clear();
  }

  /**
   * Hosts an adapter's HTTP routes (its availability route) on this server under `/webhooks/<adapter>/`, as the
   * gateway would. Call before `start`; `options` is read at the first request.
   */
  hostAdapterRoutes(plugin: AdapterPlugin, options: () => unknown): void {
    mountPluginWebhooks(this.server.app, plugin, { options, webhookHub: createMemoryWebhookHub(), logger: silentLogger });
  }

  /** Lets a conversation's session time out: SessionExpiredEvent, and its token is refused with 4006 from now on. */
  expireSession(chatId: string): void {
    const conversation = this.backend.conversation(chatId);
    if (conversation) this.backend.expireSession(conversation.session);
  }

  endpoints(): Record<string, string> {
    return {
      'guest WebSocket (the adapter option "webSocketUrl")': this.guestWebSocketUrl,
      'REST API (the options "apiUrl" and "loginUrl")': this.apiUrl,
      deploymentId: (this.options.deploymentIds ?? [GENESYS_SIMULATOR_DEPLOYMENT_ID]).join(', '),
      queueId: (this.options.queueIds ?? [GENESYS_SIMULATOR_QUEUE_ID]).join(', '),
      'OAuth client (id:secret)': (this.options.oauthClients ?? [GENESYS_SIMULATOR_OAUTH_CLIENT]).map((client) => `${client.id}:${client.secret}`).join(', '),
      'control API': `${this.server.urls.http}/control`,
    };
  }

  private newBackend(): GenesysCloudBackend {
    return new GenesysCloudBackend({
      deploymentIds: new Set(this.options.deploymentIds ?? [GENESYS_SIMULATOR_DEPLOYMENT_ID]),
      messagesPerSecond: this.options.messagesPerSecond ?? MESSAGES_PER_SECOND,
      avatarUrl: (agentId) => `${this.server.urls.http}/avatars/${encodeURIComponent(agentId)}`,
    });
  }

  private accept(socket: WebSocket, urlDeploymentId: string | null): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    serveGuestSocket(socket, { backend: this.backend, injector: this.injector, recorder: this.recorder, path: GENESYS_GUEST_PATH, urlDeploymentId });
  }
}
