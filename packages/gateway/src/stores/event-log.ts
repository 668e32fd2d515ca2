import { ErrorCode, ServiceDeskError } from '@byosd/core';
import type { WireEvent } from '../protocol/server-frames.js';

/** The events of each chat as clients receive them, for resume after a reload or the loss of an instance. */
/** How an event is appended: its JSON when the caller has it, and the owner the write is fenced on. */
export interface AppendOptions {
  json?: string;
  owner?: string;
}

export interface EventLog {
  /**
   * Appends an event. Events arrive in seq order; appending a seq that is already there changes nothing (a retry
   * after a lost reply is safe). Keeps at most `limit` events per chat, dropping the oldest. Options:
   * - `json`: `JSON.stringify(event)` written by the caller already: a store that keeps text keeps that one.
   * - `owner`: the write is fenced: while another owner holds the chat's lease (it took the chat over) nothing is
   *   written and it rejects with `LeaseLostError`, so an instance that lost a chat cannot write over its new owner.
   */
  append(event: WireEvent, limit: number, ttlMs: number, options?: AppendOptions): Promise<void>;
  /**
   * The events after `afterSeq`, oldest first.
   * @throws REPLAY_UNAVAILABLE when some of them were dropped already.
   */
  readAfter(chatId: string, afterSeq: number): Promise<WireEvent[]>;
  /** Every event still held for the chat (the newest `limit`), oldest first; none when the chat has no log. */
  readHeld(chatId: string): Promise<WireEvent[]>;
  /** The seq of the newest event ever appended for the chat, 0 when none was. */
  lastSeq(chatId: string): Promise<number>;
  delete(chatId: string): Promise<void>;
}

export function replayUnavailable(afterSeq: number, oldest: number): ServiceDeskError {
  return new ServiceDeskError(ErrorCode.REPLAY_UNAVAILABLE, `Events after seq ${afterSeq} are not held any more (the oldest held is ${oldest})`);
}
