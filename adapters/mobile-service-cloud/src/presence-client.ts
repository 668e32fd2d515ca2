import { ErrorCode, isServiceDeskError, type Logger, retry } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import { type AgentStatus, PRESENCE_PATH, presenceBodySchema } from '../protocol/index.js';
import type { MobileServiceCloudOptions } from './mobile-service-cloud-options.js';
import type { SlidingWindowRateLimiter } from './rate-limiter.js';

/**
 * MSC's presence check. The seed's rule: when the call fails (an error status, no answer in time, a body that is
 * neither `Online` nor `Offline`) the agent status is offline. It never throws. Calls wait for the client-side
 * rate limiter; a 429 that slips through anyway (latency bunching requests up) is waited out as Retry-After says.
 */
export class PresenceClient {
  private readonly http;

  constructor(
    private readonly options: MobileServiceCloudOptions,
    private readonly limiter: SlidingWindowRateLimiter,
    private readonly logger: Logger,
  ) {
    this.http = createHttpClient({
      baseURL: options.presenceUrl.replace(/\/+$/, ''),
      timeoutMs: options.presenceTimeoutMs,
      backendName: 'MSC presence',
      responseType: 'text',
    });
  }

  async agentStatus(channel: string, referrer: string): Promise<AgentStatus> {
    try {
      // A 429 is MSC asking to wait, not a failed check: wait as told (twice at most), then it counts as offline.
      const response = await retry(
        async () => {
          await this.limiter.acquire();
          return this.http.get<unknown>(PRESENCE_PATH, {
            params: { apikey: this.options.presenceApiKey, Channel: channel, referrer },
            transformResponse: (data: unknown) => data,
          });
        },
        { retries: 2, maxRetryAfterMs: 5_000, shouldRetry: (error) => isServiceDeskError(error, ErrorCode.RATE_LIMITED) },
      );
      const status = presenceBodySchema.safeParse(response.data);
      if (status.success) return status.data === 'Online' ? 'online' : 'offline';
      this.logger.warn({ channel }, 'MSC presence answered neither Online nor Offline: counted as offline');
    } catch (error) {
      this.logger.warn({ channel, err: error }, 'The MSC presence check failed: counted as offline');
    }
    return 'offline';
  }
}
