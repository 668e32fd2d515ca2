import type { IntakeQuestion } from '@byosd/core';

/** What the bot does with one user turn: ask (the next intake question, or the same one again), or escalate. */
export type IntakeTurn = { ask: string } | { escalate: string; answers: Record<string, string> };

/** A loose e-mail check, the one a browser's `type="email"` input makes: something@something. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The pre-chat questions a backend requires, asked by the bot in the conversation, for a chat UI with no pre-chat
 * form (Carbon AI Chat). The user's first question is kept; each required question is asked in turn and its answer
 * checked as the widget's form would; once all are answered the bot escalates the first question with the answers,
 * which the page hands to the adapter as `preStartChatPayload`. Optional questions are not asked, and a later
 * escalation in the same page reuses the answers.
 */
export class IntakeDialog {
  private readonly questions: IntakeQuestion[];
  private question: string | undefined;
  private answers: Record<string, string>;

  /** `answers`: those given earlier (before a reload), not asked again. */
  constructor(questions: readonly IntakeQuestion[] = [], answers: Record<string, string> = {}) {
    this.questions = questions.filter((candidate) => candidate.required);
    this.answers = { ...answers };
  }

  /** The answers given so far: what the next chat starts with. */
  get lastAnswers(): Record<string, string> {
    return { ...this.answers };
  }

  /** The bot's move for the user's `text`. */
  turn(text: string): IntakeTurn {
    if (this.question === undefined) {
      this.question = text;
    } else {
      const asked = this.pending();
      if (asked) {
        const problem = invalidAnswer(asked, text);
        if (problem) return { ask: `${problem} ${asQuestion(asked.label)}` };
        this.answers[asked.id] = text;
      }
    }
    const next = this.pending();
    if (next) return { ask: next.choices ? `${asQuestion(next.label)} (${next.choices.join(', ')})` : asQuestion(next.label) };
    const escalate = this.question;
    this.question = undefined;
    return { escalate, answers: { ...this.answers } };
  }

  private pending(): IntakeQuestion | undefined {
    return this.questions.find((question) => !(question.id in this.answers));
  }
}

/** A label as the bot asks it: "Your name" becomes "Your name?"; "What is your name?" stays as it is. */
function asQuestion(label: string): string {
  return /[?:.]$/.test(label) ? label : `${label}?`;
}

/** Why `text` does not answer `question`, as the widget's intake form would say; undefined when it does. */
function invalidAnswer(question: IntakeQuestion, text: string): string | undefined {
  if (text === '') return 'I need an answer to go on.';
  if (question.type === 'email' && !EMAIL.test(text)) return 'That does not look like an e-mail address.';
  if (question.choices && !question.choices.includes(text)) return `Please answer with one of: ${question.choices.join(', ')}.`;
  return undefined;
}
