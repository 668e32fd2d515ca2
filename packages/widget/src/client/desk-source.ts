import {
  type AdapterPlugin,
  ChatSession,
  createConsoleLogger,
  createMemoryWebhookHub,
  ErrorCode,
  isAdapterPlugin,
  parseOrThrow,
  randomId,
  safeParseWithMessages,
} from '@byosd/core';
import { gatewayAdapter } from '@byosd/gateway/client';
import * as z from 'zod/mini';

/**
 * Where the chat's adapter runs: on a byosd gateway (any adapter, credentials stay on the server), or in the page
 * (a browser-safe adapter plugin and its public options). The widget treats both alike.
 */
export type DeskSource = { gateway: { url: string; adapter: string } } | { plugin: AdapterPlugin; options?: unknown };

const gatewaySourceSchema = z.strictObject({ gateway: z.strictObject({ url: z.string().check(z.minLength(1)), adapter: z.string().check(z.minLength(1)) }) });
const pluginSourceSchema = z.strictObject({
  plugin: z.custom<AdapterPlugin>(isAdapterPlugin, { message: 'must be an adapter plugin (the default export of an adapter package)' }),
  options: z.optional(z.unknown()),
});

/**
 * Checks a source against the shape it claims (`plugin` present: in the page, else the gateway), so that a
 * mistake is reported at its field (`desk.gateway.adapter`) rather than as "matches neither shape".
 */
export const deskSourceSchema = z.custom<DeskSource>().check(
  z.superRefine((value, context) => {
    const claimsPlugin = typeof value === 'object' && value !== null && 'plugin' in value;
    const result = safeParseWithMessages(claimsPlugin ? pluginSourceSchema : gatewaySourceSchema, value);
    for (const issue of result.error?.issues ?? []) context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }),
);

export interface OpenDeskParams {
  /** The chat's id: a resumed chat keeps its own. Default: a new one. */
  chatId?: string;
  /** The seq of the first event (a resumed chat continues its numbering). Default 1. */
  firstSeq?: number;
}

/** The name of the adapter that a source loads, as it appears in the chat's `PersistedChat.adapter`. */
export function sourceAdapterName(source: DeskSource): string {
  return 'gateway' in source ? gatewayAdapter.name : source.plugin.name;
}

/**
 * Opens a desk from a source: the adapter inside core's chat session, exactly as `loadServiceDesk` gives it,
 * without the plugin registry (which a page does not need, and which would triple the bundle).
 *
 * @throws INVALID_OPTIONS naming every bad option.
 */
export function openDesk(source: DeskSource, params: OpenDeskParams = {}): ChatSession {
  const plugin = 'gateway' in source ? gatewayAdapter : source.plugin;
  const rawOptions = 'gateway' in source ? source.gateway : (source.options ?? {});
  const options: unknown = parseOrThrow(plugin.optionsSchema, rawOptions, ErrorCode.INVALID_OPTIONS, `Invalid options for adapter "${plugin.name}"`);
  return new ChatSession({
    plugin,
    options,
    chatId: params.chatId ?? randomId(),
    logger: createConsoleLogger('warn'),
    webhookHub: createMemoryWebhookHub(),
    ...(params.firstSeq === undefined ? {} : { firstSeq: params.firstSeq }),
  });
}
