import { type JsonObject, type Logger, retryWhileLive } from '@byosd/core';
import { type AgentStatus, type BotReply, intakeContextKey, type OutputAdditions } from '../protocol/index.js';
import type { BotClient } from './bot-client.js';
import { HandoverFailedError } from './handover-error.js';
import type { MobileServiceCloudOptions } from './mobile-service-cloud-options.js';
import type { PresenceClient } from './presence-client.js';

/** More steps than any intake dialog has: a dialog that never finishes is a failure, not a loop. */
const MAX_PRECHAT_STEPS = 50;

/** What the flow learned from the bot, kept in the chat's persisted state. */
export interface BotOutcome {
  botSessionId: string;
  skill?: string;
  mscWebstore?: string;
  mscChannel?: string;
  agentStatus: AgentStatus;
  /** The intake answers the prechat dialog took, by intake id. */
  intake: Record<string, string>;
}

export interface BotPartInput {
  question: string;
  /** The bot session the user talked to before (the connect message's `session_history_key`). */
  botSessionId?: string;
  /** `preStartChatPayload`: the intake answers by id, and `pageUrl`. */
  payload: JsonObject;
  pageUrl?: string;
}

function mergedAdditions(reply: BotReply): OutputAdditions {
  return Object.assign({}, ...reply.outputs.map((output) => output.outputAdditions)) as OutputAdditions;
}

function botText(reply: BotReply): string {
  return reply.outputs.map((output) => output.text).join('\n\n');
}

function intakeAnswer(payload: JsonObject, id: string): string | undefined {
  const value = payload[id];
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Steps 1 to 4 of the seed's flow, at the bot and the presence service: the answer must carry `livechat: true`;
 * presence gives `agentStatus` (a failed check is offline); `mscWebstore` and `mscChannel` are kept; the prechat
 * event's transactional dialog is answered from the intake. Throws `HandoverFailedError` when the handover must not
 * happen; it opens nothing at CM.com, so there is nothing to close.
 */
export async function runBotPart(
  input: BotPartInput,
  deps: {
    bot: BotClient;
    presence: PresenceClient;
    options: MobileServiceCloudOptions;
    logger: Logger;
    isEnded: () => boolean;
    persist: (outcome: Omit<BotOutcome, 'intake'>) => void;
  },
): Promise<BotOutcome> {
  const retryOptions = { retries: 2, minDelayMs: deps.options.retryDelayMs };
  let answer: BotReply;
  try {
    answer = await retryWhileLive(() => deps.bot.ask(input.question, input.botSessionId), deps.isEnded, retryOptions);
  } catch (error) {
    throw new HandoverFailedError('bot', 'The assistant could not be reached to hand you over; please try again.', error);
  }
  const additions = mergedAdditions(answer);
  if (additions.livechat !== true) throw new HandoverFailedError('not-offered', botText(answer));

  const referrer = nonEmpty(additions.mscWebstore) ?? input.pageUrl;
  const channel = nonEmpty(additions.mscChannel) ?? deps.options.defaultMscChannel;
  const agentStatus: AgentStatus = referrer === undefined ? 'offline' : await deps.presence.agentStatus(channel, referrer);
  const kept = {
    botSessionId: answer.sessionId,
    ...optional('skill', nonEmpty(additions.skill)),
    ...optional('mscWebstore', nonEmpty(additions.mscWebstore)),
    ...optional('mscChannel', nonEmpty(additions.mscChannel)),
    agentStatus,
  };
  deps.persist(kept);

  let step: BotReply;
  try {
    step = await retryWhileLive(() => deps.bot.prechat(answer.sessionId, agentStatus), deps.isEnded, retryOptions);
  } catch (error) {
    throw new HandoverFailedError('prechat', 'The intake before the handover failed; you can keep chatting with the assistant.', error);
  }
  if (agentStatus === 'offline' || mergedAdditions(step).livechat === false) {
    const text = botText(step);
    throw new HandoverFailedError('offline', text.trim() === '' ? 'No colleague is online right now; you can keep chatting with the assistant.' : text);
  }
  const intake: Record<string, string> = {};
  for (let steps = 0; ; steps += 1) {
    const waiting = step.outputs.find((output) => output.dialogPath !== undefined);
    if (!waiting?.dialogPath) break;
    if (steps >= MAX_PRECHAT_STEPS) throw new HandoverFailedError('prechat', 'The intake before the handover did not finish.');
    const id = waiting.outputAdditions.intakeId;
    const value = id === undefined ? undefined : intakeAnswer(input.payload, id);
    if (id === undefined || value === undefined) {
      throw new HandoverFailedError(
        'prechat',
        `The intake needs an answer to "${waiting.text}"${id === undefined ? ' (the dialog step names no intakeId)' : ` (intake id "${id}")`}.`,
      );
    }
    intake[id] = value;
    const dialogPath = waiting.dialogPath;
    try {
      step = await retryWhileLive(() => deps.bot.dialogStep(answer.sessionId, dialogPath, value), deps.isEnded, retryOptions);
    } catch (error) {
      throw new HandoverFailedError('prechat', 'The intake before the handover failed; you can keep chatting with the assistant.', error);
    }
  }
  return { ...kept, intake };
}

/** The routing Context of the Enable mutation: the additions, the referrer (webstore or page URL), the question and the intake answers. */
export function routingContext(question: string, outcome: Partial<BotOutcome>, pageUrl: string | undefined): Record<string, string> {
  const referrer = outcome.mscWebstore ?? pageUrl;
  return {
    question,
    ...optional('skill', outcome.skill),
    ...optional('mscWebstore', outcome.mscWebstore),
    ...optional('mscChannel', outcome.mscChannel),
    ...optional('referrer', referrer),
    ...optional('agentStatus', outcome.agentStatus),
    ...Object.fromEntries(Object.entries(outcome.intake ?? {}).map(([id, value]) => [intakeContextKey(id), value])),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
