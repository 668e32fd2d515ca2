import { z } from 'zod';

/**
 * The routing control API (developers.cm.com, "control routing"):
 * `POST /conversational/control/v1/accounts/{TechnicalLinkId}/chats/{ChatId}/routing/mutationrequests`.
 * An Enable rule mutation from the bot's adapter to MSC's hands the chat over; Disable hands it back.
 */
export function mutationRequestsPath(technicalLinkId: string, chatId: string): string {
  return `/conversational/control/v1/accounts/${encodeURIComponent(technicalLinkId)}/chats/${encodeURIComponent(chatId)}/routing/mutationrequests`;
}

export const MUTATION_ROUTE = '/conversational/control/v1/accounts/:technicalLinkId/chats/:chatId/routing/mutationrequests';

export const ruleMutationSchema = z.object({
  $type: z.literal('ruleMutation'),
  action: z.enum(['Enable', 'Disable']),
  operator: z.enum(['And', 'Or']),
  sourceAdapterId: z.string().min(1),
  targetAdapterId: z.string().min(1),
});
export type RuleMutation = z.infer<typeof ruleMutationSchema>;

/**
 * `Context` carries the routing data. CM.com does not list its keys publicly: this integration uses the names of
 * the output additions (`skill`, `mscWebstore`, `mscChannel`), `referrer` for the webstore referrer (or the page
 * URL), and `intake.<id>` for each prechat answer (documented assumptions).
 */
export const mutationRequestSchema = z.object({
  ChatId: z.string().min(1),
  Mutations: z.array(ruleMutationSchema).min(1),
  Context: z.record(z.string(), z.string()).default({}),
});
export type MutationRequest = z.infer<typeof mutationRequestSchema>;

/** The Context key of an intake answer. */
export function intakeContextKey(id: string): string {
  return `intake.${id}`;
}
