import { connectMessageSchema, formatZodIssues, intakeQuestionsSchema, safeParseWithMessages } from '@byosd/core';
import * as z from 'zod/mini';

/** One backend of the demo, as the demo page and the agent console see it (no adapter option is in here). */
export const demoBackendSchema = z.object({
  /** The simulator's name in the registry. */
  name: z.string().check(z.minLength(1)),
  description: z.string(),
  /** The adapter the gateway offers for it. */
  adapter: z.string().check(z.minLength(1)),
  /** Whether the adapter can also run in the page (its public options at `inPageOptionsPath`). */
  inPage: z.boolean(),
  intake: z.optional(intakeQuestionsSchema),
  /** Whether the conversation starts with the backend's bot (at `demoBotPath`), which decides the handover. */
  bot: z.boolean(),
  /** The base path of the simulator's control API on the demo server, for the agent console. */
  controlApi: z.string().check(z.minLength(1)),
});
export type DemoBackend = z.infer<typeof demoBackendSchema>;

export const demoCatalogSchema = z.object({ backends: z.array(demoBackendSchema) });
export type DemoCatalog = z.infer<typeof demoCatalogSchema>;

/** Where the demo server lists its backends. */
export const DEMO_CATALOG_PATH = '/demo/backends';

/** Where the demo server gives an in-page adapter's public options. */
export function inPageOptionsPath(backend: string): string {
  return `${DEMO_CATALOG_PATH}/${encodeURIComponent(backend)}/in-page-options`;
}

/** Where the demo page asks a backend's bot, on the demo server: POST a `DemoBotQuestion`, get a `DemoBotAnswer`. */
export function demoBotPath(backend: string): string {
  return `${DEMO_CATALOG_PATH}/${encodeURIComponent(backend)}/bot`;
}

/** A question to a backend's bot; `session` is the previous answer's, to go on with the same conversation. */
export const demoBotQuestionSchema = z.object({
  question: z.string().check(z.trim(), z.minLength(1), z.maxLength(4096)),
  session: z.optional(z.string().check(z.minLength(1))),
});
export type DemoBotQuestion = z.infer<typeof demoBotQuestionSchema>;

/** The bot's answer (`DemoBotAnswer` of the simulators kit), as the page reads it. */
export const demoBotAnswerSchema = z.object({
  session: z.string().check(z.minLength(1)),
  text: z.string(),
  handover: z.optional(connectMessageSchema),
});

/** Where the demo server mounts a backend's simulator control API. */
export function controlApiPath(backend: string): string {
  return `/backends/${encodeURIComponent(backend)}/control`;
}

/** Fetches a JSON document and parses it; an answer of the wrong shape fails naming the field. */
export async function fetchJson<S extends z.core.$ZodType>(url: string, schema: S, init?: RequestInit): Promise<z.output<S>> {
  const response = await fetch(url, init);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : response.statusText;
    throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${message}`);
  }
  const parsed = safeParseWithMessages(schema, body);
  if (!parsed.success) throw new Error(`${url} answered something unexpected: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}
