import type { IntakeQuestion, JsonObject } from '@byosd/core';

/** An answer to every pre-chat question, as a user who fills in the form gives them (the chaos, soak and bench runs' chats). */
export function intakeAnswers(questions: readonly IntakeQuestion[]): JsonObject {
  return Object.fromEntries(
    questions.map((question) => [
      question.id,
      question.type === 'email' ? 'chaos@example.com' : question.type === 'select' ? (question.choices?.[0] ?? 'Chaos') : 'Chaos',
    ]),
  );
}
