/**
 * The conversation each chat of the polling benchmark's active minute holds, the same for the adapter's chats and
 * the fixed poller's. Times are drawn uniformly from the ranges below.
 *
 * - Who opens: in half the chats the user comes back first; in the other half the agent writes first, after the
 *   idle minute, with nothing from the user before it (types for a second, then writes: the "opening after idle"
 *   message, the case no sign from the user can announce). Each chat opens at a random moment of its first 10 s.
 * - Then, turn after turn until the minute is over (nothing new starts after it): the user types for 2 to 5 s and sends; the agent reads for 1
 *   to 3 s, types for 2 to 4 s and answers (a "reply"); in half the turns the agent then writes again without a
 *   user message in between, 3 to 10 s later, after typing for 2 to 4 s (a "follow-up"); the user reads and
 *   thinks for 5 to 15 s before the next turn.
 */

export type AgentMessageKind = 'openingAfterIdle' | 'reply' | 'followUp';

export interface ConversationSides {
  /** The user starts typing (a typing notification to GWS). */
  userTypes(): Promise<void>;
  /** The user sends a message. */
  userSends(text: string): Promise<void>;
  /** The agent types for `typingMs`, then writes `text`. */
  agentWrites(text: string, kind: AgentMessageKind, typingMs: number): Promise<void>;
}

export interface ConversationPlan {
  opensWith: 'user' | 'agent';
  /** Nothing new is typed or written after this moment (Date.now()). */
  endsAt: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.random() * (high - low);

export async function converse(sides: ConversationSides, plan: ConversationPlan): Promise<void> {
  /** Waits, then says whether the conversation goes on. */
  const wait = async (ms: number) => {
    await sleep(ms);
    return Date.now() < plan.endsAt;
  };
  if (!(await wait(between(0, 10_000)))) return;
  if (plan.opensWith === 'agent') {
    await sides.agentWrites('opening', 'openingAfterIdle', 1000);
    if (!(await wait(between(3000, 8000)))) return;
  }
  for (let turn = 1; ; turn += 1) {
    await sides.userTypes();
    if (!(await wait(between(2000, 5000)))) return;
    await sides.userSends(`question ${turn}`);
    if (!(await wait(between(1000, 3000)))) return;
    await sides.agentWrites(`reply ${turn}`, 'reply', between(2000, 4000));
    if (Math.random() < 0.5) {
      if (!(await wait(between(3000, 10_000)))) return;
      await sides.agentWrites(`follow-up ${turn}`, 'followUp', between(2000, 4000));
    }
    if (!(await wait(between(5000, 15_000)))) return;
  }
}
