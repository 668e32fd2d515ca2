import * as z from 'zod/mini';

/** Things that happened in the chat that the transcript shows as a line of its own, in the widget's language. */
export const NOTICE_KINDS = ['agentJoined', 'agentLeft', 'transfer', 'agentEnded', 'userEnded'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** One line of the transcript, as the widget shows it and keeps it in session storage. */
export type TranscriptEntry =
  | { kind: 'user'; messageId: string; text: string; status: 'sending' | 'sent' | 'failed'; at: number }
  /** `messageId` is the backend's id: the same message replayed after a reload is shown once. */
  | { kind: 'agent'; seq: number; messageId?: string; agentName: string; text: string; isError: boolean; at: number }
  | { kind: 'notice'; seq: number; notice: NoticeKind; agentName?: string; at: number };

export const transcriptEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    messageId: z.string().check(z.minLength(1)),
    text: z.string(),
    status: z.enum(['sending', 'sent', 'failed']),
    at: z.number(),
  }),
  z.object({
    kind: z.literal('agent'),
    seq: z.int(),
    messageId: z.optional(z.string()),
    agentName: z.string(),
    text: z.string(),
    isError: z.boolean(),
    at: z.number(),
  }),
  z.object({ kind: z.literal('notice'), seq: z.int(), notice: z.enum(NOTICE_KINDS), agentName: z.optional(z.string()), at: z.number() }),
]);

/** A stable key per entry: user messages by their id (they exist before the backend numbers them), others by seq. */
export function entryKey(entry: TranscriptEntry): string {
  return entry.kind === 'user' ? `user:${entry.messageId}` : `${entry.kind}:${entry.seq}`;
}
