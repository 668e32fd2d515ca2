import { ErrorCode, intakeQuestionsSchema, parseOrThrow } from '@byosd/core';
import * as z from 'zod/mini';
import { deskSourceSchema } from './desk-source.js';

/** How a `<byosd-chat>` is set up (`element.configure(config)`). */
export const widgetConfigSchema = z.object({
  /** Where the adapter runs: `{ gateway: { url, adapter } }` or `{ plugin, options }`. */
  desk: deskSourceSchema,
  /** The widget's language: `en` or `nl` (others fall back to English). Default: the page's `lang`. */
  locale: z.optional(z.string().check(z.minLength(2))),
  /** The heading. Default: "Chat with us", in the widget's language. */
  title: z.optional(z.string().check(z.minLength(1))),
  /** Questions asked before the chat; the answers go to the adapter as `preStartChatPayload`, by question id. */
  intake: z.optional(intakeQuestionsSchema),
  /** Names the chat's session storage entry, when a page has more than one widget. Default `default`. */
  storageKey: z._default(z.string().check(z.minLength(1)), 'default'),
});

export type WidgetConfig = z.output<typeof widgetConfigSchema>;
export type WidgetConfigInput = z.input<typeof widgetConfigSchema>;

/** @throws INVALID_OPTIONS naming each bad field (`desk.gateway.url: ...`). */
export function parseWidgetConfig(input: unknown): WidgetConfig {
  return parseOrThrow(widgetConfigSchema, input, ErrorCode.INVALID_OPTIONS, 'Invalid widget configuration');
}
