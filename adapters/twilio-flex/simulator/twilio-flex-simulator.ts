import { newSeed } from '@byosd/conformance';
import type { AgentDriver, FaultControl } from '@byosd/conformance';
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
import { CLIENT_EVENTS_PATH, ClientEventChannel } from './client-event-channel.js';
import { CONVERSATIONS_PREFIX, conversationsRoutes } from './conversations-routes.js';
import { createFlexAgentDriver } from './flex-agent-driver.js';
import { FlexBackend } from './flex-backend.js';
import { FLEX_PREFIX, flexRoutes } from './flex-routes.js';
import { TASKROUTER_PREFIX, taskRouterRoutes } from './taskrouter-routes.js';
import { newSid } from './twilio-ids.js';
import { registerTwilioHost, type TwilioCredentials } from './twilio-rest.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

export interface TwilioFlexSimulatorOptions extends SimulatorOptions {
  /** Default: a fresh AC... SID. */
  accountSid?: string;
  /** Default: a fresh random token. */
  authToken?: string;
}

/** The base URLs to give an adapter or the twilio helper library in place of Twilio's hosts. */
export interface TwilioBaseUrls {
  conversations: string;
  flexApi: string;
  taskRouter: string;
}

/**
 * Twilio Flex on Conversations, on one loopback port. Each Twilio host is served under a path prefix:
 * `https://conversations.twilio.com` -> `/conversations`, `https://flex-api.twilio.com` -> `/flex-api`,
 * `https://taskrouter.twilio.com` -> `/taskrouter` (so `/conversations/v1/Conversations`,
 * `/flex-api/v2/WebChats`, `/taskrouter/v1/Workspaces/...`). Webhooks go to the Post-Event URL set with
 * `POST /conversations/v1/Configuration/Webhooks`; typing travels on the client event channel
 * (`/client-events`), the stand-in for the SDK connection.
 */
export class TwilioFlexSimulator implements Simulator {
  readonly agent: AgentDriver;
  readonly faults: FaultControl;
  readonly credentials: TwilioCredentials;
  private readonly injector: FaultInjector;
  private readonly server: SimulatorServer;
  private readonly webhooks: WebhookDispatcher;
  private readonly backend: FlexBackend;
  private readonly clients: ClientEventChannel;
  private readonly routesReady: Promise<void>;

  constructor(options: TwilioFlexSimulatorOptions = {}) {
    this.credentials = { accountSid: options.accountSid ?? newSid('AC'), authToken: options.authToken ?? newSid('') };
    this.injector = new FaultInjector(options.seed ?? newSeed());
    this.server = new SimulatorServer(options);
    this.webhooks = new WebhookDispatcher(this.credentials.authToken, this.injector, this.server.recorder);
    this.backend = new FlexBackend(this.credentials.accountSid, (conversation, fields) => this.webhooks.dispatch(conversation.sid, fields));
    this.clients = new ClientEventChannel(this.backend, this.credentials);
    this.agent = createFlexAgentDriver(this.backend, this.clients);
    const injector = this.injector;
    this.faults = createFaultControl(injector, {
      dropConnections: () => this.clients.dropAll(),
      sendMalformed: () => {
        // A signed delivery whose Index is not a number, for every open chat.
        for (const conversation of this.backend.chats()) {
          if (conversation.state === 'closed') continue;
          this.webhooks.dispatch(conversation.sid, {
            AccountSid: this.credentials.accountSid,
            EventType: 'onMessageAdded',
            ConversationSid: conversation.sid,
            MessageSid: newSid('IM'),
            Index: 'not-a-number',
            Source: 'SDK',
          });
        }
      },
    });
    this.server.webSocket(CLIENT_EVENTS_PATH, (socket, request) => this.clients.accept(socket, request));
    registerControlApi(this.server.app, this);
    const app = this.server.app;
    this.routesReady = Promise.all([
      registerTwilioHost(app, CONVERSATIONS_PREFIX, this.credentials, conversationsRoutes(this.backend, injector, this.webhooks)),
      registerTwilioHost(app, FLEX_PREFIX, this.credentials, flexRoutes(this.backend, injector)),
      registerTwilioHost(app, TASKROUTER_PREFIX, this.credentials, taskRouterRoutes(this.backend, injector)),
    ]).then(() => undefined);
  }

  get recorder(): RequestRecorder {
    return this.server.recorder;
  }

  /** The Flex address (IG...), workspace (WS...), workflow (WW...) and queue (WQ...) the simulator has. */
  get resources() {
    const { addressSid, workspaceSid, workflowSid, taskQueueSid } = this.backend;
    return { addressSid, workspaceSid, workflowSid, taskQueueSid };
  }

  get baseUrls(): TwilioBaseUrls {
    const http = this.server.urls.http;
    return { conversations: `${http}${CONVERSATIONS_PREFIX}`, flexApi: `${http}${FLEX_PREFIX}`, taskRouter: `${http}${TASKROUTER_PREFIX}` };
  }

  async start(): Promise<SimulatorUrls> {
    await this.routesReady;
    return this.server.start();
  }

  async stop(): Promise<void> {
    this.webhooks.stop();
    await this.server.stop();
  }

  reset(): void {
    this.clients.dropAll();
    this.backend.clear();
    this.webhooks.reset();
    this.injector.reset();
    this.recorder.clear();
  }

  endpoints(): Record<string, string> {
    const urls = this.baseUrls;
    const { addressSid, workspaceSid, workflowSid, taskQueueSid } = this.resources;
    return {
      'Conversations (conversationsBaseUrl)': urls.conversations,
      'Flex API (flexBaseUrl)': urls.flexApi,
      'TaskRouter (taskRouterBaseUrl)': urls.taskRouter,
      'client event channel (typing)': `${this.server.urls.ws}${CLIENT_EVENTS_PATH}`,
      'control API': `${this.server.urls.http}/control`,
      'accountSid / authToken': `${this.credentials.accountSid} / ${this.credentials.authToken}`,
      'addressSid / workspaceSid / workflowSid / taskQueueSid': `${addressSid} / ${workspaceSid} / ${workflowSid} / ${taskQueueSid}`,
    };
  }
}
