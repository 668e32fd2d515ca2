import type { IntakeQuestion } from '@byosd/core';

/**
 * The intake questions for the widget that match the bot's prechat dialog: one per dialog step, keyed by the
 * step's `intakeId` output addition. The widget asks them before the chat and sends the answers in
 * `preStartChatPayload`; the adapter answers each dialog step from them, and the answers reach the agent in the
 * routing Context (`intake.<id>`). Give the labels your bot's dialog asks.
 */
export function prechatIntake(steps: ReadonlyArray<{ intakeId: string; question: string; type?: IntakeQuestion['type'] }>): IntakeQuestion[] {
  return steps.map((step) => ({ id: step.intakeId, label: step.question, required: true, ...(step.type ? { type: step.type } : {}) }));
}

/** Keys of `preStartChatPayload` that the adapter reads besides the intake answers. */
export const PAYLOAD_KEYS = {
  /** The end user's stable id on this channel (the router's `From`); a new random one per chat when absent. */
  endUserId: 'endUserId',
  /** The page the user is on: the referrer when the bot gives no `mscWebstore`. */
  pageUrl: 'pageUrl',
} as const;
