import { createHttpClient } from '@byosd/core/http';
import { mutationRequestsPath, PRODUCT_TOKEN_HEADER, type MutationRequest, type TwoWayMessage, twoWayPath } from '../protocol/index.js';
import type { MobileServiceCloudOptions } from './mobile-service-cloud-options.js';

/**
 * The router: rule mutations on the control API, and TwoWay messages from this channel. These are CM.com's
 * conversational APIs, not the MSC API, so MSC's rate limits do not apply to them.
 */
export class RouterClient {
  private readonly control;
  private readonly twoWay;

  constructor(private readonly options: MobileServiceCloudOptions) {
    const headers = { [PRODUCT_TOKEN_HEADER]: options.productToken, 'content-type': 'application/json' };
    this.control = createHttpClient({
      baseURL: options.controlUrl.replace(/\/+$/, ''),
      timeoutMs: options.requestTimeoutMs,
      backendName: 'The CM.com routing control API',
      headers,
    });
    this.twoWay = createHttpClient({
      baseURL: options.twoWayUrl.replace(/\/+$/, ''),
      timeoutMs: options.requestTimeoutMs,
      backendName: 'The CM.com router',
      headers,
    });
  }

  /** Enables (hands the chat to MSC) or disables (hands it back to the bot) the bot -> MSC rule of `chatId`. */
  async mutate(chatId: string, action: 'Enable' | 'Disable', context: Record<string, string> = {}): Promise<void> {
    const body: MutationRequest = {
      ChatId: chatId,
      Mutations: [{ $type: 'ruleMutation', action, operator: 'And', sourceAdapterId: this.options.botAdapterId, targetAdapterId: this.options.mscAdapterId }],
      Context: context,
    };
    await this.control.post(mutationRequestsPath(this.options.technicalLinkId, chatId), body);
  }

  /** Posts one TwoWay message as this channel; the router answers 201 Created. */
  async send(message: TwoWayMessage): Promise<void> {
    await this.twoWay.post(twoWayPath(this.options.botRouterAccountId, this.options.channelAdapterId), message);
  }
}
