import { randomBytes } from 'node:crypto';
import {
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
import { type ActionRule, actionRuleSchema, CHATVISOR_REST_BASE, type WebhookEvent } from '../protocol/index.js';
import { ChatvisorBackend, conversationUrl, type StoredConversation } from './chatvisor-backend.js';
import { createChatvisorAgentDriver } from './chatvisor-agent-driver.js';
import { PublicAgentLinks } from './public-agent-links.js';
import { registerRestRoutes } from './rest-routes.js';
import { WebhookDispatcher, type WebhookSettings } from './webhook-dispatcher.js';

export interface ChatvisorSimulatorOptions extends SimulatorOptions {
  /** The API token (Settings > API > Keys). Default: a fresh random one. */
  apiToken?: string;
  /** The simulator's clock (opening hours, report times). Default: the system clock. */
  now?: () => Date;
}

/**
 * Chatvisor (TeamViewer Engage) on one loopback port: the REST API under `/rest/v1` (paths from the protocol's
 * table), webhooks to the URLs set with `configureWebhooks` (the stand-in for Settings > API > WebHooks), the
 * public agent chat URLs under `/public/chat`, the agent app page under `/app/chat`, and the kit's control API
 * under `/control`.
 */
export class ChatvisorSimulator implements Simulator {
  readonly agent: AgentDriver;
  readonly faults: FaultControl;
  readonly apiToken: string;
  readonly backend: ChatvisorBackend;
  readonly links: PublicAgentLinks;
  private readonly injector: FaultInjector;
  private readonly server: SimulatorServer;
  private readonly webhooks: WebhookDispatcher;

  constructor(options: ChatvisorSimulatorOptions = {}) {
    this.apiToken = options.apiToken ?? randomBytes(24).toString('base64url');
    this.injector = new FaultInjector(options.seed ?? newSeed());
    this.server = new SimulatorServer(options);
    this.webhooks = new WebhookDispatcher(this.injector, this.server.recorder);
    this.backend = new ChatvisorBackend((event, conversation) => this.announce(event, conversation), options.now);
    this.links = new PublicAgentLinks(this.backend, () => this.baseUrl);
    this.agent = createChatvisorAgentDriver(this.backend);
    this.faults = createFaultControl(this.injector, {
      // Chatvisor holds no connection to its clients: there is nothing to drop.
      dropConnections: () => undefined,
      sendMalformed: () => {
        // A status-change delivery whose status is not one of Chatvisor's, for every open conversation.
        for (const conversation of this.backend.chats()) {
          if (conversation.status === 'DONE') continue;
          this.webhooks.dispatch(conversation.customerId, 'status-change', { customerId: conversation.customerId, status: 42, lastMessage: null, url: '' });
        }
      },
    });
    registerControlApi(this.server.app, this);
    registerRestRoutes(this.server.app, {
      backend: this.backend,
      faults: this.injector,
      links: this.links,
      apiToken: this.apiToken,
      appBaseUrl: () => this.baseUrl,
    });
    this.links.register(this.server.app);
  }

  get recorder(): RequestRecorder {
    return this.server.recorder;
  }

  /** e.g. http://127.0.0.1:41234 (the API is under `${baseUrl}/rest/v1`). */
  get baseUrl(): string {
    return this.server.urls.http;
  }

  /** What an adapter takes as its `apiUrl`: the host that serves `/rest/v1`. */
  get apiUrl(): string {
    return this.baseUrl;
  }

  /** Settings > API > WebHooks: the URL of each event (and, for tests, a signing relay's secret). */
  configureWebhooks(settings: WebhookSettings): void {
    this.webhooks.configure(settings);
  }

  /** The share of webhook deliveries that fail and are lost (Chatvisor documents no retry); 1 is an outage. */
  setWebhookFailureRate(rate: number): void {
    this.webhooks.setFailureRate(rate);
  }

  /** How many webhook deliveries were lost so far. */
  get lostWebhooks(): number {
    return this.webhooks.lost;
  }

  /** The action rules configured in the product (Webchat > Action rules). */
  setActionRules(rules: readonly ActionRule[]): void {
    this.backend.actionRules = rules.map((rule) => actionRuleSchema.parse(rule));
  }

  /** Whether the Co-Browsing plugin is enabled for the account. */
  setCobrowsePlugin(enabled: boolean): void {
    this.backend.cobrowsePluginEnabled = enabled;
  }

  async start(): Promise<SimulatorUrls> {
    return this.server.start();
  }

  async stop(): Promise<void> {
    this.webhooks.stop();
    await this.server.stop();
  }

  reset(): void {
    this.backend.clear();
    this.links.clear();
    this.webhooks.reset();
    this.injector.reset();
    this.recorder.clear();
  }

  endpoints(): Record<string, string> {
    return {
      'REST API (apiUrl)': `${this.baseUrl}${CHATVISOR_REST_BASE}`,
      'API token (apiToken)': this.apiToken,
      'public agent chat URLs': `${this.baseUrl}/public/chat/...`,
      'control API': `${this.baseUrl}/control`,
    };
  }

  private announce(event: WebhookEvent, conversation: StoredConversation): void {
    const last = conversation.entries.findLast((entry) => entry.type === 'MESSAGE');
    const body = this.webhooks.body({
      customerId: conversation.customerId,
      status: conversation.status,
      lastMessage: last?.type === 'MESSAGE' ? last.text : null,
      url: conversationUrl(this.server.urls.http, conversation.customerId),
    });
    this.webhooks.dispatch(conversation.customerId, event, body);
  }
}
