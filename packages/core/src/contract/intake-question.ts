import * as z from 'zod/mini';

/**
 * A question the widget asks before a chat starts (a pre-chat form), because the backend needs the answer to
 * route or open the chat: a CM.com handover asks for the customer's name and e-mail address, for example.
 * The widget sends the answers in `StartChatOptions.preStartChatPayload`, keyed by `id`; the adapter documents
 * which ids it reads. Whoever declares the questions writes the labels: `label`, and `labels` for other languages.
 */
export interface IntakeQuestion {
  /** The key of the answer in `preStartChatPayload`. */
  id: string;
  /** What the widget shows as the field's label, when `labels` has none in the widget's language. */
  label: string;
  /** The label in other languages, by language code: `{ nl: 'Uw naam' }`. */
  labels?: Record<string, string>;
  /** The kind of input. Default `text`. */
  type?: 'text' | 'email' | 'tel' | 'textarea' | 'select';
  /** Whether the chat cannot start without an answer. Default false. */
  required?: boolean;
  /** The choices of a `select`. */
  choices?: string[];
}

/** Parses an {@link IntakeQuestion}. */
export const intakeQuestionSchema = z
  .object({
    id: z.string().check(z.regex(/^[A-Za-z][\w-]{0,63}$/, 'must be a letter followed by up to 63 letters, digits, _ or -')),
    label: z.string().check(z.minLength(1)),
    labels: z.optional(z.record(z.string().check(z.regex(/^[a-z]{2,3}$/, 'must be a language code such as nl')), z.string().check(z.minLength(1)))),
    type: z.optional(z.enum(['text', 'email', 'tel', 'textarea', 'select'])),
    required: z.optional(z.boolean()),
    choices: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  })
  .check(z.refine((question) => question.type !== 'select' || question.choices !== undefined, { message: 'a select needs choices', path: ['choices'] }));

/** Parses a list of {@link IntakeQuestion}s. */
export const intakeQuestionsSchema = z.array(intakeQuestionSchema);
