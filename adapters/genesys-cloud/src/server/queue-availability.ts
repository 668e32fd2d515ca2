import { ErrorCode, parseOrThrow } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import { type AvailabilityAnswer, estimatedWaitTimeSchema, type QueueObservationQuery, queueObservationResultSchema } from '../../protocol/rest-api.js';
import { createAccessTokenSource } from './oauth-client-credentials.js';

export interface QueueAvailabilityOptions {
  /** e.g. https://api.mypurecloud.com */
  apiBaseUrl: string;
  /** e.g. https://login.mypurecloud.com */
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
  queueId: string;
  timeoutMs: number;
}

/**
 * Whether agents are on a Genesys Cloud queue, and its estimated wait, from the platform API with an OAuth client
 * (routing and analytics read permissions). Guests cannot call these APIs, so a host runs this for them.
 */
export function createQueueAvailability(options: QueueAvailabilityOptions): () => Promise<AvailabilityAnswer> {
  const accessToken = createAccessTokenSource({
    loginBaseUrl: options.loginBaseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    timeoutMs: options.timeoutMs,
  });
  const http = createHttpClient({ baseURL: options.apiBaseUrl, timeoutMs: options.timeoutMs, backendName: 'Genesys Cloud' });
  const queuePath = `/api/v2/routing/queues/${encodeURIComponent(options.queueId)}/estimatedwaittime`;
  const query: QueueObservationQuery = {
    filter: { type: 'or', predicates: [{ type: 'dimension', dimension: 'queueId', operator: 'matches', value: options.queueId }] },
    metrics: ['oOnQueueUsers', 'oWaiting'],
  };

  const agentsOnQueue = async (token: string): Promise<boolean | null> => {
    const response = await http.post<unknown>('/api/v2/analytics/queues/observations/query', query, { headers: { Authorization: `Bearer ${token}` } });
    const body = parseOrThrow(queueObservationResultSchema, response.data, ErrorCode.PROTOCOL_ERROR, 'Genesys Cloud answered the queue observations query');
    // oOnQueueUsers comes once per routing status (IDLE, INTERACTING...); no such metric at all means "cannot tell".
    const counts = body.results.flatMap((result) => result.data ?? []).filter((datum) => datum.metric === 'oOnQueueUsers');
    if (counts.length === 0) return null;
    return counts.reduce((sum, datum) => sum + (datum.stats?.count ?? 0), 0) > 0;
  };

  const estimatedWait = async (token: string): Promise<number | null> => {
    const response = await http.get<unknown>(queuePath, { headers: { Authorization: `Bearer ${token}` } });
    const body = parseOrThrow(estimatedWaitTimeSchema, response.data, ErrorCode.PROTOCOL_ERROR, 'Genesys Cloud answered estimatedwaittime');
    return body.results.find((result) => typeof result.estimatedWaitTimeSeconds === 'number')?.estimatedWaitTimeSeconds ?? null;
  };

  return async () => {
    const token = await accessToken();
    const [agentsOnline, estimatedWaitSeconds] = await Promise.all([agentsOnQueue(token), estimatedWait(token)]);
    return { agentsOnline, estimatedWaitSeconds };
  };
}
