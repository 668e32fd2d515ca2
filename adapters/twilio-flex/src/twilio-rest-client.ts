import { ErrorCode, isServiceDeskError, parseOrThrow, retryWhileLive } from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import { z } from 'zod';
import { toFormBody } from '../protocol/form-params.js';
import { nextPageUrl } from './page-url.js';
import { pageMetaSchema, twilioErrorBodySchema } from './rest-resources.js';

export interface TwilioRestClientOptions {
  accountSid: string;
  authToken: string;
  timeoutMs: number;
  retryDelayMs: number;
}

const listPageSchema = z.looseObject({ meta: pageMetaSchema });
type ListPage = z.output<typeof listPageSchema>;

type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Twilio's error code (20404, 50377, ...) of a failed request, when its body was Twilio's error JSON. */
export function twilioErrorCode(error: unknown): number | undefined {
  if (!isServiceDeskError(error)) return undefined;
  const data = (error.cause as { response?: { data?: unknown } } | undefined)?.response?.data;
  const parsed = twilioErrorBodySchema.safeParse(data);
  return parsed.success ? parsed.data.code : undefined;
}

/**
 * Twilio's REST conventions in one place: HTTP Basic auth with the Account SID and Auth Token, form-encoded
 * PascalCase fields in, snake_case JSON out (parsed with a schema: a body that does not match is PROTOCOL_ERROR),
 * paged lists followed through `meta.next_page_url` (kept on the configured base URL). Failures are core's error codes (`createHttpClient`).
 */
export class TwilioRestClient {
  private readonly http: ReturnType<typeof createHttpClient>;

  constructor(private readonly options: TwilioRestClientOptions) {
    this.http = createHttpClient({
      timeoutMs: options.timeoutMs,
      backendName: 'Twilio',
      auth: { username: options.accountSid, password: options.authToken },
    });
  }

  async get<S extends z.ZodType>(url: string, schema: S, query: Record<string, string> = {}): Promise<z.output<S>> {
    const response = await this.http.get<unknown>(url, { params: query });
    return parseAnswer(schema, response.data, url);
  }

  /** A form POST. Writes made this way fire no webhooks (no `X-Twilio-Webhook-Enabled`): the adapter knows what it did. */
  async post<S extends z.ZodType>(url: string, schema: S, fields: FormFields): Promise<z.output<S>> {
    const response = await this.http.post<unknown>(url, toFormBody(fields));
    return parseAnswer(schema, response.data, url);
  }

  /** Every item of a paged list, following `next_page_url`, up to `limit` items. */
  async list<S extends z.ZodType>(url: string, itemSchema: S, query: Record<string, string> = {}, limit = 1000): Promise<Array<z.output<S>>> {
    const items: Array<z.output<S>> = [];
    let next: string | undefined = url;
    let params: Record<string, string> = query;
    while (next !== undefined && items.length < limit) {
      const page: ListPage = await this.get(next, listPageSchema, params);
      const listed: Array<z.output<S>> = parseAnswer(z.array(itemSchema), page[page.meta.key], next);
      items.push(...listed);
      // An empty page is the end, whatever it names as next: one that names itself would be read forever.
      next = page.meta.next_page_url && listed.length > 0 ? nextPageUrl(page.meta.next_page_url, next) : undefined;
      params = {}; // The next page's URL carries its own query.
    }
    return items.slice(0, limit);
  }

  /** Runs `operation` again while it fails retryably (core's `retryWhileLive`: backoff, Retry-After), until `shouldStop`. */
  withRetry<T>(operation: () => Promise<T>, shouldStop: () => boolean = () => false): Promise<T> {
    return retryWhileLive(operation, shouldStop, { minDelayMs: this.options.retryDelayMs });
  }
}

function parseAnswer<S extends z.ZodType>(schema: S, data: unknown, url: string): z.output<S> {
  return parseOrThrow(schema, data, ErrorCode.PROTOCOL_ERROR, `Twilio answered ${url} with an unexpected body`);
}
