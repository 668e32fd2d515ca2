import { randomBytes, randomUUID } from 'node:crypto';
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
import { z } from 'zod';
import { twoWayPath } from '../protocol/index.js';
import { registerBotRoutes } from './bot-routes.js';
import { ConversationalBot } from './conversational-bot.js';
import { parseOr400 } from './http-answers.js';
import { createMscAgentDriver } from './msc-agent-driver.js';
import { MscBackend } from './msc-backend.js';
import { partyFaultBodySchema, PartyFaults } from './party-faults.js';
import { PRESENCE_PREFIX, registerPresenceRoutes } from './presence-routes.js';
import { RouterDelivery } from './router-delivery.js';
import { type EndUsers, registerRouterRoutes, type RouterAccount } from './router-routes.js';

/** The bot project the simulator serves: `/ai/v1/{customerKey}/{projectKey}/{culture}`. */
export const SIMULATOR_BOT_PROJECT = { customerKey: 'byosd', projectKey: 'msc-demo', culture: 'en' } as const;

/** Every identifier and secret an operator copies from CM.com into the adapter's options. */
export interface MobileServiceCloudAccount extends RouterAccount {
  presenceApiKey: string;
  botApiKey: string;
  channel: string;
}

export interface MobileServiceCloudSimulatorOptions extends SimulatorOptions {
  /** Default: fresh random ids and secrets. */
  account?: Partial<MobileServiceCloudAccount>;
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Every party of the CM.com live chat handover on one loopback port: the Conversational AI Cloud bot
 * (`/ai/v1/...`), MSC's presence service (`/presence/api/v1`), the router's control API (routing mutation
 * requests) and TwoWay endpoint (`/conversational/...`), and MSC's agent side (the agent driver, the control API
 * under `/control`). The router delivers MSC's messages to the channel's message webhook set with
 * `configureChannelWebhook` (or `PUT /control/msc/webhook`).
 */
export class MobileServiceCloudSimulator implements Simulator {
  readonly agent: AgentDriver;
  readonly faults: FaultControl;
  readonly account: MobileServiceCloudAccount;
  readonly bot = new ConversationalBot();
  readonly partyFaults = new PartyFaults();
  private readonly injector: FaultInjector;
  private readonly server: SimulatorServer;
  private readonly msc: MscBackend;
  private readonly delivery: RouterDelivery;
  private readonly endUsers: EndUsers = new Map();

  constructor(options: MobileServiceCloudSimulatorOptions = {}) {
    this.account = {
      technicalLinkId: randomUUID(),
      botRouterAccountId: randomUUID(),
      productToken: randomUUID(),
      botAdapterId: 'conversational-ai-cloud',
      mscAdapterId: 'msc-live-chat',
      channelAdapterId: 'web-conversations',
      presenceApiKey: secret(),
      botApiKey: secret(),
      channel: 'WebConversations',
      ...options.account,
    };
    this.injector = new FaultInjector(options.seed ?? newSeed());
    this.server = new SimulatorServer(options);
    const { channelAdapterId: adapterId, mscAdapterId, channel, productToken } = this.account;
    this.delivery = new RouterDelivery({ adapterId, mscAdapterId, channel, productToken }, this.injector, this.server.recorder);
    this.msc = new MscBackend((conversation, message) => this.delivery.deliver(conversation, message, this.endUsers.get(conversation.chatId) ?? 'unknown'));
    this.agent = createMscAgentDriver(this.msc);
    this.faults = createFaultControl(this.injector, {
      // The router reaches the channel by webhook: there is no connection to drop.
      dropConnections: () => undefined,
      sendMalformed: () => {
        for (const conversation of this.msc.all()) if (conversation.status !== 'ended') this.delivery.deliverMalformed(conversation.chatId);
      },
    });
    const app = this.server.app;
    registerBotRoutes(app, this.bot, this.account.botApiKey, this.partyFaults);
    registerPresenceRoutes(app, this.msc, this.account.presenceApiKey, this.injector, this.partyFaults);
    registerRouterRoutes(app, this.account, this.msc, this.injector, this.partyFaults, this.endUsers);
    registerControlApi(app, this);
    app.post('/control/msc/faults', async (request, reply) => {
      const body = parseOr400(reply, partyFaultBodySchema, request.body, 'body');
      if (!body) return reply;
      this.partyFaults.failNext(body.point, body.fault, body.times);
      return { ok: true };
    });
    app.put('/control/msc/webhook', async (request, reply) => {
      const body = parseOr400(reply, z.object({ url: z.url() }), request.body, 'body');
      if (!body) return reply;
      this.configureChannelWebhook(body.url);
      return { ok: true };
    });
  }

  get recorder(): RequestRecorder {
    return this.server.recorder;
  }

  /** Points the router's deliveries for the channel adapter at its message webhook. */
  configureChannelWebhook(url: string): void {
    this.delivery.configure(url);
  }

  /** The base URLs of each party. */
  get urls() {
    const http = this.server.urls.http;
    const { customerKey, projectKey, culture } = SIMULATOR_BOT_PROJECT;
    return {
      bot: `${http}/ai/v1/${customerKey}/${projectKey}/${culture}`,
      presence: `${http}${PRESENCE_PREFIX}`,
      router: http,
      control: `${http}/control`,
    };
  }

  /** MSC conversations that are not ended, including one opened by a mutation and not yet handed over. */
  openConversations(): number {
    return this.msc.all().filter((conversation) => conversation.status !== 'ended').length;
  }

  /** Whether the router routes `chatId` to MSC (its rule is enabled). */
  isRoutedToMsc(chatId: string): boolean {
    return this.msc.isRouted(chatId);
  }

  start(): Promise<SimulatorUrls> {
    return this.server.start();
  }

  async stop(): Promise<void> {
    this.delivery.stop();
    await this.server.stop();
  }

  reset(): void {
    this.msc.clear();
    this.bot.reset();
    this.partyFaults.reset();
    this.delivery.reset();
    this.endUsers.clear();
    this.injector.reset();
    this.recorder.clear();
  }

  endpoints(): Record<string, string> {
    const urls = this.urls;
    const account = this.account;
    return {
      'Conversational AI Cloud bot (botUrl)': urls.bot,
      'presence (presenceUrl)': urls.presence,
      'router (routerUrl)': urls.router,
      'TwoWay endpoint of the channel': `${urls.router}${twoWayPath(account.botRouterAccountId, account.channelAdapterId)}`,
      'control API': urls.control,
      'productToken / presenceApiKey / botApiKey': `${account.productToken} / ${account.presenceApiKey} / ${account.botApiKey}`,
      'technicalLinkId / botRouterAccountId': `${account.technicalLinkId} / ${account.botRouterAccountId}`,
    };
  }
}
