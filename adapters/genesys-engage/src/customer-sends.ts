import type { ChatMessage } from '../protocol/index.js';

/** What a send needs to know before each attempt: whether an earlier attempt of the same message landed. */
export interface SendHelpers {
  landed(attempt: number): Promise<boolean>;
  sent(): void;
}

/** A message about to be posted, and how many customer texts GWS held before it. */
export interface PendingSend {
  messageId: string;
  before: number;
}

/**
 * Makes a retried SendMessage safe although GWS takes no idempotency key: sends go one at a time, and the desk
 * knows how many Text messages of the customer GWS holds (`confirmed`). When a send fails in a way that leaves
 * its fate open (an answer lost, a 5xx after GWS took it), the transcript is counted before resending: one more
 * customer text than confirmed means the failed attempt landed. A send that gave up leaves its fate open too: the
 * count is read again before the next send, and when the user resends that same message first (same messageId),
 * a landed copy is recognised rather than sent twice. One desk sends for a chat at a time.
 *
 * The same holds across hosts: before a message's first post, `announce` hands over the message and its count (the
 * desk persists them with the chat), and a desk that resumes the chat elsewhere starts from them (`resume`), so a
 * client's resend of what the previous host posted just before it died is recognised too.
 */
export class CustomerSends {
  private queue: Promise<void> = Promise.resolve();
  private confirmed: number | undefined;
  /** The message whose last send gave up with its fate open (or was under way on the previous host), and the count before it. */
  private openFate: PendingSend | undefined;

  constructor(
    private readonly transcript: () => Promise<readonly ChatMessage[]>,
    private readonly announce: (pending: PendingSend) => void = () => undefined,
  ) {}

  /** A fresh chat has no customer texts. After a resume the count is read from the transcript when first needed. */
  startFresh(): void {
    this.confirmed = 0;
    this.openFate = undefined;
  }

  /** After a resume: the count is read again when first needed; `pending`, if given, was under way on the previous host. */
  resume(pending: PendingSend | undefined): void {
    this.confirmed = undefined;
    this.openFate = pending;
  }

  /** Runs `send` of `messageId` after the sends before it; `landed(attempt)` tells whether an earlier attempt landed. */
  enqueue(messageId: string, send: (helpers: SendHelpers) => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      const resumed = this.openFate?.messageId === messageId ? this.openFate : undefined;
      // Any other message first: a resend of the open one can no longer be told from it, so it may go twice, never be lost.
      this.openFate = undefined;
      // How many customer texts GWS held before this message; read from the transcript when not known.
      let before = resumed?.before ?? this.confirmed;
      try {
        await send({
          landed: async (attempt) => {
            if (before !== undefined && attempt === 0 && !resumed) {
              this.announce({ messageId, before });
              return false;
            }
            const count = countCustomerTexts(await this.transcript());
            this.confirmed = count;
            if (before === undefined) {
              before = count;
              this.announce({ messageId, before });
              return false;
            }
            return count > before;
          },
          sent: () => {
            this.confirmed = (this.confirmed ?? 0) + 1;
          },
        });
      } catch (error) {
        // It may have landed: count again before the next send, and recognise it if the user sends it again.
        if (before !== undefined) this.openFate = { messageId, before };
        this.confirmed = undefined;
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The customer's texts in a transcript, each index once (a repeated page must not count a message twice). */
function countCustomerTexts(messages: readonly ChatMessage[]): number {
  return new Set(messages.filter((message) => message.type === 'Text' && message.from.type === 'Customer').map((message) => message.index)).size;
}
