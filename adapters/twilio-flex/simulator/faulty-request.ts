import type { FastifyReply } from 'fastify';
import { type BackendOperation } from '@byosd/conformance';
import { type FaultInjector, httpFaultResponse } from '@byosd/simulators';
import { neverReply, TwilioApiError } from './twilio-rest.js';

/**
 * Runs one REST request of `operation` under the injector's queued fault: refused before processing (5xx, or
 * 429 with Retry-After, in Twilio's error JSON), never answered, or processed and then failed (5xx) or cut off
 * (the socket drops before the answer). Otherwise answers the result with `status`.
 */
export async function underFault<T>(
  injector: FaultInjector,
  operation: BackendOperation,
  reply: FastifyReply,
  process: () => T | Promise<T>,
  status = 200,
): Promise<FastifyReply> {
  const fault = injector.take(operation);
  if (fault) {
    const refusal = httpFaultResponse(fault);
    if (refusal)
      throw new TwilioApiError(refusal.status, refusal.status === 429 ? 20429 : 20500 + (refusal.status - 500), refusal.body.message, refusal.headers);
    if (fault.type === 'no-reply') return neverReply(reply);
  }
  const result = await process();
  if (fault?.type === 'fail-after-processing') throw new TwilioApiError(500, 20500, 'Internal server error (injected fault, after processing)');
  if (fault?.type === 'drop-after-processing') {
    reply.hijack();
    reply.raw.socket?.destroy();
    return reply;
  }
  return reply.code(status).send(result);
}
