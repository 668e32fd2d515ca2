import { randomUUID } from 'node:crypto';
import type { BotReply, OutputAdditions } from '../protocol/index.js';

/** An answer of the bot's knowledge base: given when the question contains `when` (case-insensitive). */
export interface BotAnswer {
  when: string;
  text: string;
  outputAdditions?: OutputAdditions;
}

/** A step of the transactional dialog that the `prechat` event starts: one intake question. */
export interface PrechatQuestion {
  /** The intake answer it asks for, carried as the output addition `intakeId`. */
  intakeId: string;
  question: string;
}

/** How the simulated bot answers; every part can be changed by a test or over the control API. */
export interface BotContent {
  answers: BotAnswer[];
  /** The answer to anything else: by default it offers the live chat (`livechat: true`). */
  fallback: Omit<BotAnswer, 'when'>;
  prechat: PrechatQuestion[];
  /** What the prechat event answers when `agentStatus` is offline: no dialog, and `livechat: false`. */
  offlineText: string;
  /** The last output of the prechat dialog. */
  handoverText: string;
}

export const DEFAULT_BOT_CONTENT: BotContent = {
  answers: [{ when: 'opening hours', text: 'We are open from 9:00 to 17:00 on weekdays.' }],
  fallback: {
    text: 'Let me connect you with one of our colleagues.',
    outputAdditions: { livechat: true, skill: 'support', mscWebstore: 'shop-nl', mscChannel: 'WebChat' },
  },
  prechat: [
    { intakeId: 'name', question: 'What is your name?' },
    { intakeId: 'email', question: 'What is your e-mail address?' },
  ],
  offlineText: 'Our colleagues are offline right now, but I am happy to keep helping you.',
  handoverText: 'Thank you! A colleague will be with you shortly.',
};

interface BotSession {
  id: string;
  context: Record<string, string>;
  /** The index of the prechat question waiting for an answer, when the dialog runs. */
  prechatStep?: number;
  intakeAnswers: Record<string, string>;
  requests: number;
}

/**
 * The Conversational AI Cloud bot: sessions, answers with output additions, and the transactional dialog that the
 * `prechat` event starts. Every answer is a `BotReply`.
 */
export class ConversationalBot {
  content: BotContent = structuredClone(DEFAULT_BOT_CONTENT);
  private readonly sessions = new Map<string, BotSession>();

  /** The session `id`, or a new one (an unknown id starts a new session, as the engine does). */
  session(id: string | undefined, context: Record<string, string>): BotSession {
    const existing = id === undefined ? undefined : this.sessions.get(id);
    const session = existing ?? { id: id ?? randomUUID(), context: {}, intakeAnswers: {}, requests: 0 };
    this.sessions.set(session.id, session);
    Object.assign(session.context, context);
    session.requests += 1;
    return session;
  }

  /** How many engine requests a session has had. */
  requestsOf(sessionId: string): number {
    return this.sessions.get(sessionId)?.requests ?? 0;
  }

  intakeAnswersOf(sessionId: string): Record<string, string> {
    return { ...this.sessions.get(sessionId)?.intakeAnswers };
  }

  ask(session: BotSession, question: string): BotReply {
    const lower = question.toLowerCase();
    const answer = this.content.answers.find((candidate) => lower.includes(candidate.when.toLowerCase())) ?? this.content.fallback;
    return this.reply(session, { text: answer.text, outputAdditions: answer.outputAdditions ?? {} });
  }

  /** Fires an event; `prechat` starts the intake dialog, or says no colleague is online. */
  event(session: BotSession, name: string): BotReply | undefined {
    if (name !== 'prechat') return undefined;
    if (session.context.agentStatus === 'offline') return this.reply(session, { text: this.content.offlineText, outputAdditions: { livechat: false } });
    session.intakeAnswers = {};
    return this.prechatStep(session, 0);
  }

  /** Answers the dialog step `dialogPath`; undefined when it is not the step the dialog waits for. */
  dialogStep(session: BotSession, dialogPath: string, answer: string): BotReply | undefined {
    const step = session.prechatStep;
    if (step === undefined || dialogPath !== prechatPath(step)) return undefined;
    const question = this.content.prechat[step];
    if (question) session.intakeAnswers[question.intakeId] = answer;
    return this.prechatStep(session, step + 1);
  }

  private prechatStep(session: BotSession, step: number): BotReply {
    const question = this.content.prechat[step];
    if (!question) {
      delete session.prechatStep;
      return this.reply(session, { text: this.content.handoverText, outputAdditions: {} });
    }
    session.prechatStep = step;
    return this.reply(session, { text: question.question, outputAdditions: { intakeId: question.intakeId }, dialogPath: prechatPath(step) });
  }

  private reply(session: BotSession, output: { text: string; outputAdditions: OutputAdditions; dialogPath?: string }): BotReply {
    return { sessionId: session.id, outputs: [{ outputId: 1, ...output }], contextVariables: { ...session.context } };
  }

  reset(): void {
    this.sessions.clear();
    this.content = structuredClone(DEFAULT_BOT_CONTENT);
  }
}

function prechatPath(step: number): string {
  return `prechat/${step}`;
}
