import { parseFormParams } from '../protocol/form-params.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** A refusal in Twilio's words: HTTP status, Twilio error code, message (and headers such as Retry-After). */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Twilio's error body: `{ code, message, more_info, status }`. */
export function twilioErrorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

/**
 * Twilio's REST conventions for one API host served under `prefix` (`/conversations`, `/flex-api`,
 * `/taskrouter`): HTTP Basic auth with the account's SID and Auth Token (401, error 20003, otherwise), form-encoded
 * bodies (a repeated field becomes an array), errors as Twilio's error JSON. `routes` adds the host's routes.
 */
export async function registerTwilioHost(
  app: FastifyInstance,
  prefix: string,
  credentials: TwilioCredentials,
  routes: (scope: FastifyInstance) => void,
): Promise<void> {
  const expected = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
  await app.register(
    async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
        done(null, parseFormParams(String(body))),
      );
      scope.addHook('onRequest', async (request) => {
        if (request.headers.authorization !== expected) throw new TwilioApiError(401, 20003, 'Authenticate');
      });
      scope.setErrorHandler((error, _request, reply) => {
        if (error instanceof TwilioApiError)
          return reply
            .code(error.status)
            .headers(error.headers)
            .send(twilioErrorBody(error.status, error.code, error.message));
        const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
        return reply.code(status).send(twilioErrorBody(status, status < 500 ? 20001 : 20500, error instanceof Error ? error.message : String(error)));
      });
      scope.setNotFoundHandler((request, reply) => reply.code(404).send(twilioErrorBody(404, 20404, `The requested resource ${request.url} was not found`)));
      routes(scope);
    },
    { prefix },
  );
}

/** Parses a request part with `schema`; a bad field answers 400 naming it, as Twilio's "Invalid parameter" does. */
export function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(body)';
  throw new TwilioApiError(400, 20001, `Invalid parameter ${field}: ${issue?.message ?? 'invalid'}`);
}

/** One form field's single value (the last, when it was repeated). */
export const formValue = z.union([z.string(), z.array(z.string()).transform((values) => values.at(-1) ?? '')]);
/** A form field that may be repeated: always an array. */
export const formList = z.union([z.string().transform((value) => [value]), z.array(z.string())]);
/** A whole number given as form text. */
export const formInteger = formValue.pipe(z.string().regex(/^\d+$/, 'must be a whole number').transform(Number));
/** A JSON object given as form text (`Attributes`). */
export const formJson = formValue.refine((text) => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}, 'must be a JSON object');

const pageQuerySchema = z.looseObject({
  PageSize: formInteger.pipe(z.number().int().min(1).max(1000)).optional(),
  Page: formInteger.optional(),
});

/** One Twilio API: served here under `prefix`, named in answers on its public `origin`, as Twilio names it. */
export interface TwilioHost {
  prefix: string;
  origin: string;
}

/** The public URL of a path on `host` (`/v1/...`, query included), as Twilio writes it in resources and pages. */
export function publicUrl(host: TwilioHost, path: string): string {
  return `${host.origin}${path}`;
}

/** The public URL of the request being answered: its path without the simulator's prefix, on Twilio's host. */
export function publicRequestUrl(host: TwilioHost, request: FastifyRequest): string {
  return publicUrl(host, request.url.startsWith(host.prefix) ? request.url.slice(host.prefix.length) : request.url);
}

/**
 * A page of a list as Twilio answers it: `{ [key]: items, meta: { page, page_size, first_page_url,
 * previous_page_url, next_page_url, url, key } }`, with absolute URLs on the API's public host
 * (`https://conversations.twilio.com/v1/...`) that keep the request's other query fields. A client reaching the
 * API somewhere else (a proxy, this simulator) maps them back onto its own base URL, as it must with Twilio.
 */
export function pageOf<T>(request: FastifyRequest, host: TwilioHost, key: string, items: readonly T[], defaultPageSize = 50) {
  const { PageSize: pageSize = defaultPageSize, Page: page = 0 } = parseParams(pageQuerySchema, request.query);
  const url = new URL(publicRequestUrl(host, request));
  const pageUrl = (number: number) => {
    const copy = new URL(url);
    copy.searchParams.set('PageSize', String(pageSize));
    copy.searchParams.set('Page', String(number));
    return copy.toString();
  };
  const start = page * pageSize;
  return {
    [key]: items.slice(start, start + pageSize),
    meta: {
      page,
      page_size: pageSize,
      first_page_url: pageUrl(0),
      previous_page_url: page > 0 ? pageUrl(page - 1) : null,
      url: pageUrl(page),
      next_page_url: start + pageSize < items.length ? pageUrl(page + 1) : null,
      key,
    },
  };
}

/** Answers nothing, ever (the `no-reply` fault); the socket closes when the simulator stops. */
export function neverReply(reply: FastifyReply): FastifyReply {
  reply.hijack();
  return reply;
}
