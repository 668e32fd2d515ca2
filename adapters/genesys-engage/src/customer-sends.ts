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
 * client's resend of what the previous host posted just before it died is recognised too. The announcement reaches
 * the store a moment after the post may have: the previous host can have posted messages after the last one the
 * resuming desk was told of. So after a resume, each next message is first looked for at the next place in the
 * transcript (one customer text further), until one is not there: the first message not found is new.
 */
export class CustomerSends {
  private queue: Promise<void> = Promise.resolve();
  private confirmed: number | undefined;
  /** The message whose last send gave up with its fate open (or was under way on the previous host), and the count before it. */
  private openFate: PendingSend | undefined;
  /** After a resume: how many customer texts come before the next message, if the previous host posted it. */
  private resumeChain: number | undefined;

  constructor(
    private readonly transcript: () => Promise<readonly ChatMessage[]>,
    private readonly announce: (pending: PendingSend) => void = () => undefined,
  ) {}

  /** A fresh chat has no customer texts. After a resume the count is read from the transcript when first needed. */
  startFresh(): void {
    this.confirmed = 0;
    this.openFate = undefined;
    this.resumeChain = undefined;
  }

  /** After a resume: the count is read again when first needed; `pending`, if given, was under way on the previous host. */
  resume(pending: PendingSend | undefined): void {
    this.confirmed = undefined;
    this.openFate = pending;
    this.resumeChain = pending ? pending.before + 1 : undefined;
  }

  /** Runs `send` of `messageId` after the sends before it; `landed(attempt)` tells whether an earlier attempt landed. */
  enqueue(messageId: string, send: (helpers: SendHelpers) => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      const open = this.openFate?.messageId === messageId ? this.openFate : undefined;
      const chain = this.resumeChain;
      // Any other message first: a resend of the open one can no longer be told from it, so it may go twice, never be lost.
      this.openFate = undefined;
      this.resumeChain = undefined;
      // Where this message would be, had it landed already; else how many customer texts GWS holds (read when not known).
      const mayHaveLanded = open ?? (chain === undefined ? undefined : { messageId, before: chain });
      let before = mayHaveLanded?.before ?? this.confirmed;
      try {
        await send({
          landed: async (attempt) => {
            if (before !== undefined && attempt === 0 && !mayHaveLanded) {
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
            const landed = count > before;
            if (attempt === 0 && mayHaveLanded) {
              // Found after a resume: the next message may have been posted by the previous host too. Not found: it is new.
              if (landed && chain !== undefined) this.resumeChain = before + 1;
              if (!landed) this.announce({ messageId, before });
            }
            return landed;
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
