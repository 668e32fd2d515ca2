import { z } from 'zod';

/**
 * The Conversational AI Cloud engine API, as far as the handover needs it. CM.com does not publish this part of
 * the flow; the shape follows the engine's REST API (ask, event, dialog step, each answering with outputs that carry
 * output additions) and is a documented assumption (README, "Assumptions"). Paths are relative to the bot base URL:
 * `/{customerKey}/{projectKey}/{culture}/ask`, `/event` and `/dialogstep`.
 */
export const BOT_PATHS = {
  ask: 'ask',
  event: 'event',
  dialogStep: 'dialogstep',
} as const;

/** The event that the seed's flow fires once presence is known: it must start a transactional dialog. */
export const PRECHAT_EVENT = 'prechat';

/** The context variable the flow sets from the presence check. */
export const AGENT_STATUS_VARIABLE = 'agentStatus';
export const agentStatusSchema = z.enum(['online', 'offline']);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

/**
 * The output additions of the seed ("Livechat Channel Integration"): `livechat` triggers the flow, `skill` routes
 * it, `mscWebstore` and `mscChannel` choose the webstore and the channel. Other additions pass through untouched.
 * `intakeId` names the intake answer a step of the prechat dialog asks for (an assumption of this integration).
 */
export const outputAdditionsSchema = z.looseObject({
  livechat: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).optional(),
  skill: z.string().optional(),
  mscWebstore: z.string().optional(),
  mscChannel: z.string().optional(),
  intakeId: z.string().optional(),
});
export type OutputAdditions = z.infer<typeof outputAdditionsSchema>;

/** One output of an answer. `dialogPath` is set while a transactional dialog waits for the next step. */
export const botOutputSchema = z.object({
  outputId: z.number().int(),
  text: z.string(),
  outputAdditions: outputAdditionsSchema.default({}),
  dialogPath: z.string().min(1).optional(),
});
export type BotOutput = z.infer<typeof botOutputSchema>;

export const botReplySchema = z.object({
  sessionId: z.string().min(1),
  outputs: z.array(botOutputSchema).min(1),
  contextVariables: z.record(z.string(), z.string()).default({}),
});
export type BotReply = z.infer<typeof botReplySchema>;

/** Query parameters every engine request carries. Context variables travel as `context.<name>=<value>`. */
export const botQuerySchema = z.looseObject({
  apiKey: z.string().min(1),
  sessionId: z.string().min(1).optional(),
});

export const askQuerySchema = botQuerySchema.extend({ q: z.string().min(1) });
export const eventQuerySchema = botQuerySchema.extend({ name: z.string().min(1) });
export const dialogStepQuerySchema = botQuerySchema.extend({ sessionId: z.string().min(1), dialogPath: z.string().min(1), q: z.string() });

/** The query parameter of a context variable. */
export function contextParameter(name: string): string {
  return `context.${name}`;
}
