import type { RequestFault } from '@byosd/conformance';

/** How a REST simulator answers a request that a fault refuses. */
export interface HttpFaultResponse {
  status: number;
  headers: Record<string, string>;
  body: { message: string };
}

/**
 * The HTTP answer for a fault that refuses a request before it is processed: a 5xx, or 429 with Retry-After in
 * whole seconds (rounded up, as the header allows no fractions). Undefined for the faults that let the request
 * through (`fail-after-processing`, `drop-after-processing`) or answer nothing (`no-reply`): the simulator
 * handles those around its own processing.
 */
export function httpFaultResponse(fault: RequestFault): HttpFaultResponse | undefined {
  switch (fault.type) {
    case 'unavailable':
      return { status: fault.status ?? 503, headers: {}, body: { message: 'Service unavailable (injected fault)' } };
    case 'rate-limited':
      return { status: 429, headers: { 'retry-after': String(Math.ceil(fault.retryAfterMs / 1000)) }, body: { message: 'Too many requests (injected fault)' } };
    default:
      return undefined;
  }
}
