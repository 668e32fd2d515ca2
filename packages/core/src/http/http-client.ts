import axios, { type AxiosError, type AxiosInstance, type CreateAxiosDefaults, isAxiosError } from 'axios';
import { type ErrorCode, ErrorCode as Codes } from '../errors/error-codes.js';
import { ServiceDeskError } from '../errors/service-desk-error.js';
import { parseRetryAfter } from './retry-after.js';

export interface HttpClientOptions extends Omit<CreateAxiosDefaults, 'timeout'> {
  /** Per-request timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Names the backend in error messages ("Twilio Conversations returned 404 ..."). */
  backendName?: string;
}

/**
 * An axios instance for talking to a backend: with a timeout, and with every failure turned into a
 * `ServiceDeskError` with a stable code: 401/403 UNAUTHORIZED, 408 and timeouts TIMEOUT, 429 RATE_LIMITED (with
 * the Retry-After delay), 5xx and network errors BACKEND_UNAVAILABLE, other 4xx BACKEND_REJECTED.
 */
export function createHttpClient(options: HttpClientOptions = {}): AxiosInstance {
  const { timeoutMs = 10_000, backendName = 'The backend', ...axiosOptions } = options;
  const client = axios.create({ ...axiosOptions, timeout: timeoutMs });
  client.interceptors.response.use(undefined, (error: unknown) => Promise.reject(toServiceDeskError(error, backendName)));
  return client;
}

/** Maps an axios (or any) error onto a `ServiceDeskError`; see `createHttpClient`. */
export function toServiceDeskError(error: unknown, backendName = 'The backend'): ServiceDeskError {
  if (error instanceof ServiceDeskError) return error;
  if (!isAxiosError(error)) {
    return new ServiceDeskError(Codes.BACKEND_UNAVAILABLE, `${backendName} could not be reached: ${String(error)}`, { cause: error });
  }
  const request = `${(error.config?.method ?? 'get').toUpperCase()} ${error.config?.url ?? ''}`.trim();
  const response = error.response;
  if (!response) {
    const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
    return new ServiceDeskError(
      timedOut ? Codes.TIMEOUT : Codes.BACKEND_UNAVAILABLE,
      `${backendName} ${timedOut ? 'did not answer in time' : 'could not be reached'} (${request}: ${error.code ?? error.message})`,
      { cause: error },
    );
  }
  const status = response.status;
  const code = codeForStatus(status);
  const retryAfterMs = parseRetryAfter(headerValue(error, 'retry-after'));
  return new ServiceDeskError(code, `${backendName} answered ${status} to ${request}${describeBody(response.data)}`, {
    cause: error,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(status === 409 ? { isRetryable: true } : {}),
  });
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return Codes.UNAUTHORIZED;
  if (status === 408) return Codes.TIMEOUT;
  if (status === 429) return Codes.RATE_LIMITED;
  if (status >= 500) return Codes.BACKEND_UNAVAILABLE;
  return Codes.BACKEND_REJECTED;
}

function headerValue(error: AxiosError, name: string): string | undefined {
  const value: unknown = error.response?.headers?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** A short excerpt of an error body; vendor bodies explain the refusal ("Conversation is closed"). */
function describeBody(data: unknown): string {
  if (data === undefined || data === null || data === '') return '';
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return `: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}
