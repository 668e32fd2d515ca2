import { type ConnectMessage, type ConnectToAgentItem, type JsonObject, jsonObjectSchema, type StartChatOptions } from '@byosd/core';
import type { MessageResponse as CarbonMessageResponse } from '@carbon/ai-chat';
import * as z from 'zod/mini';
import { optionalJsonPayload } from './json-payload.js';

/** Carbon's connect item, as far as the bridge reads it; whatever else it carries is left behind. */
const carbonConnectItemSchema = z.object({
  response_type: z.literal('connect_to_agent'),
  message_to_human_agent: z.optional(z.string()),
  agent_available: z.optional(z.object({ message: z.string() })),
  agent_unavailable: z.optional(z.object({ message: z.string() })),
  transfer_info: z.optional(
    z.object({
      /** watsonx Assistant's routing, by service desk: byosd's shape already. */
      target: z.optional(z.record(z.string(), jsonObjectSchema)),
      /** Carbon's service-desk specific properties. */
      additional_data: z.optional(z.record(z.string(), z.string())),
      /** Carbon's first message items for the agent. */
      summary_message_to_agent: z.optional(z.array(z.object({ text: z.optional(z.string()) }))),
    }),
  ),
});

/**
 * Carbon's `connect_to_agent` response as byosd's connect message:
 * - `transfer_info.additional_data` (Carbon's bucket of service-desk properties) becomes the routing data for the
 *   adapter, `transfer_info.target[<adapter>]`, beside any `target` the response already had;
 * - `transfer_info.summary_message_to_agent` (text items for the agent) follows `message_to_human_agent`, after a
 *   blank line, because byosd hands the agent one first message;
 * - every other item (the bot's own text around the connect item) stays behind: the agent's side reads the bot
 *   transcript by `session_history_key`, and the gateway carries only JSON it understands.
 */
export function toByosdConnectMessage(message: CarbonMessageResponse, adapter: string): ConnectMessage {
  const loose = message as CarbonMessageResponse & { session_history_key?: unknown };
  const items = (message.output?.generic ?? []).flatMap((item) => {
    const parsed = carbonConnectItemSchema.safeParse(item);
    return parsed.success ? [toByosdConnectItem(parsed.data, adapter)] : [];
  });
  return {
    output: { generic: items.length > 0 ? items : [{ response_type: 'connect_to_agent' }] },
    ...(typeof loose.session_history_key === 'string' ? { session_history_key: loose.session_history_key } : {}),
  };
}

function toByosdConnectItem(item: z.infer<typeof carbonConnectItemSchema>, adapter: string): ConnectToAgentItem {
  const { transfer_info: transfer, ...rest } = item;
  const summary = (transfer?.summary_message_to_agent ?? []).flatMap((part) => (part.text ? [part.text] : []));
  const firstMessage = [rest.message_to_human_agent, ...summary].filter((text): text is string => text !== undefined && text.length > 0).join('\n\n');
  const target: Record<string, JsonObject> = { ...transfer?.target };
  if (transfer?.additional_data) target[adapter] = { ...target[adapter], ...transfer.additional_data };
  return {
    ...rest,
    ...(firstMessage ? { message_to_human_agent: firstMessage } : {}),
    ...(Object.keys(target).length > 0 ? { transfer_info: { target } } : {}),
  };
}

/** Carbon's start options (`preStartChatPayload` is whatever a `human_agent:pre:startChat` listener set, if any). */
export function toByosdStartOptions(options: { preStartChatPayload?: unknown } | undefined): StartChatOptions {
  const payload = optionalJsonPayload('preStartChatPayload', options?.preStartChatPayload);
  return payload ? { preStartChatPayload: payload } : {};
}
