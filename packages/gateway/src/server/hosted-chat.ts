import type { ChatEvent, ChatSession, ChatState, Logger } from '@byosd/core';
import { CloseCode, type WireEvent } from '../protocol/server-frames.js';
import type { GatewayMetrics } from '../ops/metrics.js';
import type { ChatRecord } from '../stores/chat-record-store.js';
import { LeaseLostError } from '../stores/lease-store.js';
import type { GatewayStores } from '../stores/stores.js';
import { FileUploads } from './file-uploads.js';

/** Where a hosted chat sends the events its client has not had yet. */
export interface ChatConnection {
  /** Sends `event`; `json`, when given, is its JSON text as written for the event log (not written again). */
  sendEvent(event: WireEvent, json?: string): void;
  close(code: number, reason: string): void;
}

/** How long the gateway keeps records and event logs. */
export interface Retention {
  /** While the chat lives. Refreshed with every change. */
  liveMs: number;
  /** After the chat ended, so that a client coming back late still gets the final events. */
  endedMs: number;
  /** Events kept per chat. */
  eventLogLimit: number;
}

/** What every chat an instance hosts shares: one object for all of them. */
export interface ChatHosting {
  stores: GatewayStores;
  retention: Retention;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Bytes of uploaded files a chat may hold at once. */
  maxUploadBytes: number;
  /** This instance's id: the event log refuses its writes once another instance holds the chat's lease. */
  owner: string;
  /** The event log refused a write: another instance holds the chat's lease (it took this one for dead). */
  onLeaseLost(chat: HostedChat): void;
  /** Called once the end of the chat is recorded. */
  onEnded(chat: HostedChat): void;
}

/** What one hosted chat is made of. */
export interface HostedChatOptions {
  session: ChatSession;
  /** The chat's record as stored when this instance began hosting it; kept up to date here too. */
  record: ChatRecord;
  /** The events of the chat's log so far (a chat taken over), oldest first. */
  heldEvents?: readonly WireEvent[];
  /** Added to the session's seqs: a chat taken over by a new session continues its numbering. */
  seqOffset: number;
  /**
   * The ids of agent messages the chat's clients were sent before this instance took the chat over. A backend
   * may send them again when the adapter resumes from state saved just before they arrived: they are dropped.
   */
  deliveredMessageIds?: ReadonlySet<string>;
}

/** An event recorded while the log could not be written. */
interface UnloggedEvent {
  event: WireEvent;
  json: string;
  ttlMs: number;
}

/**
 * One chat hosted by this instance: its chat session (adapter and backend connection), and the client attached
 * to it, if any. Every event is recorded (event log, persisted state) and then sent to the client, one at a time
 * in seq order on a queue; attaching a client is queued the same way, so a resumed client gets each missed event
 * exactly once: those in the log before it attached by replay, the later ones live.
 */
export class HostedChat {
  readonly chatId: string;
  readonly session: ChatSession;
  /** Files its client uploaded and has not sent yet (this instance's memory). */
  readonly uploads: FileUploads;
  private readonly hosting: ChatHosting;
  private readonly seqOffset: number;
  private readonly deliveredMessageIds: ReadonlySet<string> | undefined;
  /** The client attached, if any, and the last seq it was sent. */
  private client: ChatConnection | undefined;
  private sentSeq = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Records each event of the session, on the chat's queue. */
  private readonly recordEvent = (event: ChatEvent) => this.enqueue(() => this.record(event));
  /** The record as it should be stored: what `restore` writes back should Redis lose it. */
  private storedRecord: ChatRecord;
  /**
   * The newest events (at most the log's limit), as the log should hold them: what `restore` writes back. Kept
   * with shared stores only (Redis can restart empty under a live instance; memory stores cannot).
   */
  private readonly recentEvents: WireEvent[] | undefined;
  /**
   * Events recorded and not logged yet, oldest first: written, in order, as soon as the log can be. None between
   * events (an idle chat holds no array).
   */
  private unlogged: UnloggedEvent[] | undefined;
  /** Whether the stored record misses a change (the store failed): written with the unlogged events. */
  private recordBehind = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;
  /** Set once another instance owns the chat: nothing more is written from here. */
  private abandoned = false;

  constructor(hosting: ChatHosting, options: HostedChatOptions) {
    this.hosting = hosting;
    this.session = options.session;
    this.chatId = options.session.chatId;
    this.seqOffset = options.seqOffset;
    this.deliveredMessageIds = options.deliveredMessageIds;
    this.storedRecord = { ...options.record };
    if (hosting.stores.shared) this.recentEvents = (options.heldEvents ?? []).slice(-hosting.retention.eventLogLimit);
    this.uploads = new FileUploads(hosting.maxUploadBytes);
    this.session.events.subscribe(this.recordEvent);
  }

  get adapter(): string {
    return this.session.plugin.name;
  }

  get state(): ChatState {
    return this.session.state;
  }

  get connection(): ChatConnection | undefined {
    return this.client;
  }

  /** The chat's record as this instance knows it (the store may have lost it: see `restore`). */
  get chatRecord(): ChatRecord {
    return this.storedRecord;
  }

  /**
   * Resolves once every event published so far is recorded, true when each is in the event log as well; false
   * when the log cannot be written now (its store is unreachable). The events not logged yet are written, in
   * order, as soon as the store answers again.
   */
  async logged(): Promise<boolean> {
    await this.flush();
    if (this.unlogged === undefined && !this.recordBehind) return true;
    let caughtUp = false;
    await this.enqueue(async () => {
      caughtUp = await this.writeBehind();
    });
    return caughtUp;
  }

  /**
   * Writes the chat's record and event log back when the store lost them (Redis restarted empty), from what this
   * instance holds: the record and the newest events (up to the log's limit). Resolves whether it had to.
   */
  restore(): Promise<boolean> {
    let restored = false;
    return this.enqueue(async () => {
      const { stores, retention, owner } = this.hosting;
      if (this.abandoned) return;
      const ttlMs = this.storedRecord.endedAt === undefined ? retention.liveMs : retention.endedMs;
      if (!(await stores.chats.create(this.storedRecord, ttlMs))) return;
      restored = true;
      this.recordBehind = false;
      await stores.events.delete(this.chatId);
      this.unlogged = undefined;
      for (const event of this.recentEvents ?? []) await stores.events.append(event, retention.eventLogLimit, ttlMs, { owner });
      this.hosting.logger.warn(
        { chatId: this.chatId, events: this.recentEvents?.length ?? 0 },
        'The store had lost the chat: its record and event log are written back',
      );
    }).then(() => restored);
  }

  /**
   * Attaches a client that has had every event up to `afterSeq`: `accepted` runs first (to acknowledge), then
   * the missed events follow, then live ones. A client attached before is closed.
   * @throws REPLAY_UNAVAILABLE when some missed events are no longer held.
   */
  attach(connection: ChatConnection, afterSeq: number, accepted: () => void): Promise<void> {
    return this.enqueue(async () => {
      const missed = await this.hosting.stores.events.readAfter(this.chatId, afterSeq);
      const previous = this.client;
      this.client = connection;
      this.sentSeq = afterSeq;
      if (previous && previous !== connection) previous.close(CloseCode.REPLACED, 'Another connection resumed this chat');
      accepted();
      for (const event of missed) this.deliver(event);
    });
  }

  /** Detaches `connection` if it is the attached one; resolves whether it was. */
  detach(connection: ChatConnection): boolean {
    if (this.client !== connection) return false;
    this.client = undefined;
    // Its uploads go with it: a client that resumes is told FILE_NOT_HELD and uploads again, as after a takeover.
    this.uploads.clear();
    return true;
  }

  /** Resolves once every event published so far is recorded and sent. */
  flush(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  /** Stops recording; the session itself is left as it is. */
  dispose(): void {
    this.session.events.unsubscribe(this.recordEvent);
    this.client = undefined;
    this.uploads.clear();
    // Events still to be logged go on being retried for a while: a client coming back late may need them.
  }

  /** Another instance took the chat over: stops writing it (what is not logged yet stays unlogged). */
  abandon(): void {
    this.abandoned = true;
    this.unlogged = undefined;
    this.recordBehind = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    // The queue goes on after a failed task; the failure reaches whoever awaits that task.
    this.queue = run.catch((error: unknown) => {
      this.hosting.logger.error({ chatId: this.chatId, err: error }, 'Recording a chat event failed');
    });
    return run;
  }

  private async record(event: ChatEvent): Promise<void> {
    const { retention } = this.hosting;
    if (event.type === 'updatePersistedState') {
      // The adapter's resume data stays on the gateway: it may hold backend credentials.
      if (event.state.state !== 'ended') {
        this.storedRecord = { ...this.storedRecord, persisted: event.state };
        await this.writeRecord({ persisted: event.state }, retention.liveMs);
      }
      return;
    }
    if (event.type === 'sendMessageToUser' && event.message.id !== undefined && this.deliveredMessageIds?.has(event.message.id)) return;
    const ended = event.type === 'chatStateChanged' && event.state === 'ended';
    const wire = { ...event, seq: event.seq + this.seqOffset } as WireEvent;
    // Kept only where the store can lose the log independently of this process (Redis).
    if (this.recentEvents) {
      this.recentEvents.push(wire);
      if (this.recentEvents.length > retention.eventLogLimit) this.recentEvents.shift();
    }
    // Serialized once: the event log stores this text and the client's frame carries it.
    const json = JSON.stringify(wire);
    (this.unlogged ??= []).push({ event: wire, json, ttlMs: ended ? retention.endedMs : retention.liveMs });
    // The client that is here gets the event now; the log (for a later resume) catches up if its store is down
    // (while a retry is pending the store is known to be failing: the event waits for it, not for a timeout).
    if (!this.retryTimer) await this.writeBehind();
    if (event.type === 'sendMessageToUser') this.hosting.metrics.relayed('to-user', this.adapter);
    this.deliver(wire, json);
    if (ended) {
      this.storedRecord = { ...this.storedRecord, endedAt: event.at };
      await this.writeRecord({ endedAt: event.at }, retention.endedMs);
      this.hosting.onEnded(this);
    }
  }

  private async writeRecord(change: Pick<ChatRecord, 'persisted' | 'endedAt'>, ttlMs: number): Promise<void> {
    if (this.abandoned) return;
    if (this.retryTimer) {
      this.recordBehind = true;
      return;
    }
    try {
      await this.hosting.stores.chats.update(this.chatId, change, ttlMs, this.hosting.owner);
    } catch (error) {
      this.recordBehind = true;
      if (error instanceof LeaseLostError) this.hosting.onLeaseLost(this);
      this.hosting.logger.error({ chatId: this.chatId, err: error }, "Could not store the chat's record; retrying");
      this.scheduleRetry();
    }
  }

  /**
   * Writes the events not logged yet, oldest first (the log takes seqs in order only), and the record if it is
   * behind. Resolves true when nothing is left to write; on a failure schedules a retry and resolves false.
   * Runs on the chat's queue only.
   */
  private async writeBehind(): Promise<boolean> {
    const { stores, retention, owner } = this.hosting;
    if (this.abandoned) return false;
    try {
      if (this.recordBehind) {
        const { persisted, endedAt } = this.storedRecord;
        const ttlMs = endedAt === undefined ? retention.liveMs : retention.endedMs;
        await stores.chats.update(this.chatId, { ...(persisted ? { persisted } : {}), ...(endedAt === undefined ? {} : { endedAt }) }, ttlMs, owner);
        this.recordBehind = false;
      }
      for (let next = this.unlogged?.[0]; next !== undefined; next = this.unlogged?.[0]) {
        await stores.events.append(next.event, retention.eventLogLimit, next.ttlMs, { json: next.json, owner });
        this.unlogged?.shift();
      }
      this.unlogged = undefined;
    } catch (error) {
      if (error instanceof LeaseLostError) this.hosting.onLeaseLost(this);
      if (this.retries === 0)
        this.hosting.logger.error({ chatId: this.chatId, unlogged: this.unlogged?.length ?? 0, err: error }, 'Could not log chat events for resume; retrying');
      this.scheduleRetry();
      return false;
    }
    if (this.retries > 0) this.hosting.logger.info({ chatId: this.chatId }, "The chat's event log caught up");
    this.retries = 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    return true;
  }

  /** Tries again later, backing off to 5 s, for about as long as a client may be away (then gives up, logged). */
  private scheduleRetry(): void {
    if (this.retryTimer || this.abandoned) return;
    this.retries += 1;
    const delayMs = Math.min(5000, 100 * 2 ** Math.min(this.retries, 6));
    if (this.retries * 5000 > Math.max(this.hosting.retention.endedMs, 60_000)) {
      this.hosting.logger.error(
        { chatId: this.chatId, unlogged: this.unlogged?.length ?? 0 },
        'Gave up logging chat events: a client resuming later misses them',
      );
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.enqueue(async () => {
        await this.writeBehind();
      });
    }, delayMs);
    this.retryTimer.unref();
  }

  private deliver(event: WireEvent, json?: string): void {
    if (!this.client || event.seq <= this.sentSeq) return;
    this.sentSeq = event.seq;
    this.client.sendEvent(event, json);
  }
}
