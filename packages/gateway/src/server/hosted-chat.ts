import type { ChatEvent, ChatSession, ChatState, Logger } from '@byosd/core';
import { CloseCode, type WireEvent } from '../protocol/server-frames.js';
import type { GatewayMetrics } from '../ops/metrics.js';
import type { GatewayStores } from '../stores/stores.js';
import { FileUploads } from './file-uploads.js';

/** Where a hosted chat sends the events its client has not had yet. */
export interface ChatConnection {
  sendEvent(event: WireEvent): void;
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

export interface HostedChatOptions {
  session: ChatSession;
  /** Added to the session's seqs: a chat taken over by a new session continues its numbering. */
  seqOffset: number;
  stores: GatewayStores;
  retention: Retention;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Bytes of uploaded files the chat may hold at once. */
  maxUploadBytes: number;
  /**
   * The ids of agent messages the chat's clients were sent before this instance took the chat over. A backend
   * may send them again when the adapter resumes from state saved just before they arrived: they are dropped.
   */
  deliveredMessageIds?: ReadonlySet<string>;
  /** Called once the end of the chat is recorded. */
  onEnded(chat: HostedChat): void;
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
  private readonly options: HostedChatOptions;
  private client: { connection: ChatConnection; sentSeq: number } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(options: HostedChatOptions) {
    this.options = options;
    this.session = options.session;
    this.chatId = options.session.chatId;
    this.uploads = new FileUploads(options.maxUploadBytes);
    this.unsubscribe = this.session.events.subscribe((event) => this.enqueue(() => this.record(event)));
  }

  get adapter(): string {
    return this.session.plugin.name;
  }

  get state(): ChatState {
    return this.session.state;
  }

  get connection(): ChatConnection | undefined {
    return this.client?.connection;
  }

  /**
   * Attaches a client that has had every event up to `afterSeq`: `accepted` runs first (to acknowledge), then
   * the missed events follow, then live ones. A client attached before is closed.
   * @throws REPLAY_UNAVAILABLE when some missed events are no longer held.
   */
  attach(connection: ChatConnection, afterSeq: number, accepted: () => void): Promise<void> {
    return this.enqueue(async () => {
      const missed = await this.options.stores.events.readAfter(this.chatId, afterSeq);
      const previous = this.client?.connection;
      this.client = { connection, sentSeq: afterSeq };
      if (previous && previous !== connection) previous.close(CloseCode.REPLACED, 'Another connection resumed this chat');
      accepted();
      for (const event of missed) this.deliver(event);
    });
  }

  /** Detaches `connection` if it is the attached one; resolves whether it was. */
  detach(connection: ChatConnection): boolean {
    if (this.client?.connection !== connection) return false;
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
    this.unsubscribe();
    this.client = undefined;
    this.uploads.clear();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    // The queue goes on after a failed task; the failure reaches whoever awaits that task.
    this.queue = run.catch((error: unknown) => {
      this.options.logger.error({ chatId: this.chatId, err: error }, 'Recording a chat event failed');
    });
    return run;
  }

  private async record(event: ChatEvent): Promise<void> {
    const { stores, retention } = this.options;
    if (event.type === 'updatePersistedState') {
      // The adapter's resume data stays on the gateway: it may hold backend credentials.
      if (event.state.state !== 'ended') await stores.chats.update(this.chatId, { persisted: event.state }, retention.liveMs);
      return;
    }
    if (event.type === 'sendMessageToUser' && event.message.id !== undefined && this.options.deliveredMessageIds?.has(event.message.id)) return;
    const ended = event.type === 'chatStateChanged' && event.state === 'ended';
    const wire = { ...event, seq: event.seq + this.options.seqOffset } as WireEvent;
    try {
      await stores.events.append(wire, retention.eventLogLimit, ended ? retention.endedMs : retention.liveMs);
    } catch (error) {
      // The client that is here still gets the event; only a later resume could miss it.
      this.options.logger.error({ chatId: this.chatId, seq: wire.seq, err: error }, 'Could not log a chat event for resume');
    }
    if (event.type === 'sendMessageToUser') this.options.metrics.relayed('to-user', this.adapter);
    this.deliver(wire);
    if (ended) {
      await stores.chats.update(this.chatId, { endedAt: event.at }, retention.endedMs);
      this.options.onEnded(this);
    }
  }

  private deliver(event: WireEvent): void {
    const client = this.client;
    if (!client || event.seq <= client.sentSeq) return;
    client.sentSeq = event.seq;
    client.connection.sendEvent(event);
  }
}
