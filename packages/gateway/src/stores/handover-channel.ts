/**
 * What the owner of a chat answers when another instance asks for it:
 * - `released`: the chat's state is stored and its lease and backend connection are let go; take it over now.
 * - `not-hosted`: the owner does not host the chat (any more).
 * - `cannot-move`: the chat's adapter cannot resume a chat in another process (its capabilities say `resume: false`).
 * - `busy`: the chat cannot move now (its event log is behind, its store failing); ask again later.
 */
export type HandoverAnswer = 'released' | 'not-hosted' | 'cannot-move' | 'busy';

export const HANDOVER_ANSWERS: readonly HandoverAnswer[] = ['released', 'not-hosted', 'cannot-move', 'busy'];

/** Answers the requests addressed to one instance: hands `chatId` over to `requester`, or says why not. */
export type HandoverHandler = (chatId: string, requester: string) => Promise<HandoverAnswer>;

/**
 * Requests between gateway instances to hand a chat over (pub/sub with replies), so that a chat resumed on any
 * instance continues there. Instances find one another by the ids they hold leases under.
 */
export interface HandoverChannel {
  /** Answers the requests addressed to `instanceId` with `handler`, from when it resolves until the returned stop. */
  serve(instanceId: string, handler: HandoverHandler): Promise<() => Promise<void>>;
  /**
   * Asks `owner` to hand `chatId` over to `requester`. Resolves its answer, or undefined when `owner` does not
   * listen or did not answer within `timeoutMs`.
   */
  request(owner: string, chatId: string, requester: string, timeoutMs: number): Promise<HandoverAnswer | undefined>;
}
