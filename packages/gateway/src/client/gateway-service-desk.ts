import {
  type AdapterContext,
  type ConnectMessage,
  defaultWebSocket,
  dispatchToCallback,
  type EndChatInfo,
  ErrorCode,
  type FileUpload,
  isServiceDeskError,
  type JsonObject,
  parseOrThrow,
  type MessageRequest,
  type PersistedChat,
  retry,
  type SendMessageExtra,
  type ServiceDesk,
  type ServiceDeskCallback,
  ServiceDeskError,
  type ServiceDeskState,
  type StartChatOptions,
} from '@byosd/core';
import type * as z from 'zod/mini';
import {
  availabilityResultSchema,
  CloseCode,
  fileResultSchema,
  type HelloResult,
  helloResultSchema,
  startResultSchema,
  type WireEvent,
} from '../protocol/server-frames.js';
import { PROTOCOL_VERSION } from '../protocol/version.js';
import { DEFAULT_MAX_FRAME_BYTES, isFileNotHeld, pieceBytes, toBase64 } from './file-pieces.js';
import { type GatewayOptions, type GatewayResumeState, gatewayResumeStateSchema } from './gateway-options.js';
import { GatewaySocket, type GatewaySocketEvents, type OutgoingFrame } from './gateway-socket.js';

/** How often a frame refused for the connection's rate is sent again, each after the wait the gateway asked for. */
const RATE_LIMIT_RETRIES = 5;

/** Errors after which the gateway no longer knows the chat, so a resume answers "not resumed". */
const GONE = [ErrorCode.UNAUTHORIZED, ErrorCode.CHAT_ENDED, ErrorCode.REPLAY_UNAVAILABLE] as const;

/**
 * The proxy desk: a `ServiceDesk` whose adapter runs on the gateway. Every call becomes a frame of the widget
 * protocol; every event the gateway sends is replayed into the callback, once each (by the gateway's seq), so
 * the chat session around this desk behaves exactly as around a local adapter. A dropped connection is reported
 * (DISCONNECTED), then resumed with the session token and the last seq. Isomorphic: browsers and Node.
 */
export class GatewayServiceDesk implements ServiceDesk {
  private readonly options: GatewayOptions;
  private readonly callback: ServiceDeskCallback;
  private socket: GatewaySocket | undefined;
  private resume: GatewayResumeState | undefined;
  /** The seq of the last event received, before the gateway has told the chat id (during start). */
  private lastSeq = 0;
  private agentEnded = false;
  private ended = false;
  private reconnecting: Promise<void> | undefined;
  /**
   * Events held while `reconnect` waits for the gateway's answer: they are the chat's missed events when it is
   * resumed, and the final events of a chat that ended meanwhile, which the user must not be told about twice.
   */
  private held: WireEvent[] | undefined;
  /** Settles when the frame sent last has its answer. */
  private outbox: Promise<unknown> = Promise.resolve();
  /** The largest frame the gateway accepts (it says so in its answer to hello). */
  private maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
  /** The files uploaded to the gateway, by id: the gateway holds them until it says otherwise. */
  private readonly uploaded = new Map<string, Blob>();

  constructor(private readonly context: AdapterContext<GatewayOptions>) {
    this.options = context.options;
    this.callback = context.callback;
  }

  getName(): string {
    return `${this.options.adapter} via gateway`;
  }

  async startChat(connectMessage: ConnectMessage, options: StartChatOptions): Promise<void> {
    this.socket = await this.connect();
    try {
      this.greeted(gatewayAnswer(helloResultSchema, await this.socket.request({ type: 'hello', protocol: PROTOCOL_VERSION })));
      const start = {
        type: 'start',
        adapter: this.options.adapter,
        connectMessage,
        ...(options.preStartChatPayload ? { preStartChatPayload: options.preStartChatPayload } : {}),
      } as const;
      const result = gatewayAnswer(startResultSchema, await this.socket.request(start));
      this.resume = { gatewayChatId: result.chatId, token: result.token, lastSeq: this.lastSeq };
      this.persist();
    } catch (error) {
      this.disconnect();
      throw error;
    }
  }

  async endChat(info: EndChatInfo = {}): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      if (!info.endedByAgent && !this.agentEnded) {
        // Another page took the connection over: take it back to end the chat, as the user asked.
        if (!this.socket && !this.reconnecting && this.resume) await this.resumeOnGateway();
        await this.request({ type: 'end', ...(Object.keys(info).length > 0 ? { info } : {}) });
      }
    } catch (error) {
      if (!isServiceDeskError(error, ErrorCode.CHAT_ENDED)) throw error;
    } finally {
      this.disconnect();
    }
  }

  async sendMessageToAgent(message: MessageRequest, messageId: string, extra: SendMessageExtra = {}): Promise<void> {
    this.assertNotEnded('sendMessageToAgent');
    const files = extra.filesToUpload ?? [];
    if (files.length === 0) {
      await this.request({ type: 'send', messageId, message });
      return;
    }
    for (const upload of files) await this.upload(upload);
    await this.withFilesHeld(files, () => this.request({ type: 'send', messageId, message, fileIds: files.map((upload) => upload.id) }));
  }

  /**
   * Uploads each file to the gateway (in pieces that fit its frames), then has the adapter there check them: it
   * reports each file's status (`setFileUploadStatus`). A file the gateway refuses itself (more than it holds for a
   * chat) is reported refused here, as an adapter would.
   */
  async filesSelectedForUpload(uploads: FileUpload[]): Promise<void> {
    this.assertNotEnded('filesSelectedForUpload');
    const accepted: FileUpload[] = [];
    for (const upload of uploads) {
      try {
        await this.upload(upload);
        accepted.push(upload);
      } catch (error) {
        if (!isServiceDeskError(error, ErrorCode.INVALID_INPUT)) throw error;
        this.callback.setFileUploadStatus(upload.id, true, error.message);
      }
    }
    if (accepted.length === 0) return;
    await this.withFilesHeld(accepted, () => this.request({ type: 'files', fileIds: accepted.map((upload) => upload.id) }));
  }

  async userTyping(isTyping: boolean): Promise<void> {
    this.assertNotEnded('userTyping');
    await this.request({ type: 'typing', isTyping });
  }

  async userReadMessages(): Promise<void> {
    this.assertNotEnded('userReadMessages');
    await this.request({ type: 'read' });
  }

  async updateState(state: ServiceDeskState): Promise<void> {
    this.assertNotEnded('updateState');
    if (!this.socket) return; // Before the chat starts there is nobody to tell.
    await this.request({ type: 'state', state });
  }

  async areAnyAgentsOnline(connectMessage: ConnectMessage): Promise<boolean | null> {
    this.assertNotEnded('areAnyAgentsOnline');
    if (this.socket && this.resume) {
      return gatewayAnswer(availabilityResultSchema, await this.request({ type: 'availability', connectMessage })).online;
    }
    const socket = await this.connect(false);
    try {
      await socket.request({ type: 'hello', protocol: PROTOCOL_VERSION });
      return gatewayAnswer(availabilityResultSchema, await socket.request({ type: 'availability', adapter: this.options.adapter, connectMessage })).online;
    } finally {
      socket.close();
    }
  }

  /**
   * Resumes the chat on the gateway; its missed events follow. False when the gateway no longer has it, or has
   * it only as a chat that ended meanwhile (its final events are then not replayed: the chat is simply over).
   */
  async reconnect(persisted: PersistedChat): Promise<boolean> {
    const saved = gatewayResumeStateSchema.safeParse(persisted.desk);
    if (!saved.success) return false;
    this.resume = saved.data;
    // The missed events may arrive in the same turn as the answer to hello: hold them until it is read.
    this.held = [];
    let result: HelloResult;
    try {
      // A retryable refusal is passing: the chat's instance died and is not known dead yet, or the gateway
      // is restarting. Ask again with the reconnect backoff, as after a dropped connection.
      result = await retry(() => this.resumeOnGateway(), {
        retries: this.options.reconnectAttempts,
        minDelayMs: this.options.reconnectDelayMs,
        shouldRetry: (error) => isServiceDeskError(error) && error.isRetryable,
      });
    } catch (error) {
      this.held = undefined;
      this.disconnect();
      if (isServiceDeskError(error) && (GONE as readonly string[]).includes(error.code)) return false;
      throw error;
    }
    const held = this.held;
    this.held = undefined;
    if (result.state === 'ended') {
      this.ended = true;
      this.disconnect();
      return false;
    }
    for (const event of held) this.onEvent(event);
    return true;
  }

  // ---- Events ----

  private onEvent(event: WireEvent): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    const lastSeq = this.resume?.lastSeq ?? this.lastSeq;
    if (event.seq <= lastSeq || this.ended) return;
    this.lastSeq = event.seq;
    if (this.resume) this.resume.lastSeq = event.seq;
    if (event.type === 'agentEndedChat') this.agentEnded = true;
    if (event.type === 'chatStateChanged' && event.state === 'ended' && !this.agentEnded) {
      // The gateway ended the chat without the agent (the client stayed away too long): the chat is over here too.
      this.agentEnded = true;
      this.callback.agentEndedChat();
    }
    dispatchToCallback(event, this.callback);
    this.persist();
  }

  private persist(): void {
    if (this.resume && !this.ended) this.callback.updatePersistedState({ ...this.resume });
  }

  // ---- Connection ----

  private async connect(reportDrops = true): Promise<GatewaySocket> {
    const WebSocketImpl = this.options.WebSocket ?? (await defaultWebSocket());
    const handlers: GatewaySocketEvents = {
      event: (event) => this.onEvent(event),
      closed: (code) => {
        if (reportDrops) this.onConnectionLost(code);
      },
      protocolError: (detail) => this.callback.setErrorStatus({ type: 'PROTOCOL_ERROR', logInfo: detail }),
    };
    return GatewaySocket.connect(WebSocketImpl, this.options.url, handlers, this.options.requestTimeoutMs);
  }

  private async resumeOnGateway(): Promise<HelloResult> {
    const resume = this.resume;
    if (!resume) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'The chat has not started');
    this.socket?.close();
    this.socket = await this.connect();
    const hello = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      resume: { chatId: resume.gatewayChatId, token: resume.token, lastSeq: resume.lastSeq },
    } as const;
    const result = gatewayAnswer(helloResultSchema, await this.socket.request(hello));
    if (!result.resumed) throw new ServiceDeskError(ErrorCode.PROTOCOL_ERROR, 'The gateway did not resume the chat');
    this.greeted(result);
    return result;
  }

  private greeted(result: HelloResult): void {
    if (result.maxFrameBytes !== undefined) this.maxFrameBytes = result.maxFrameBytes;
  }

  // ---- Files ----

  /**
   * Uploads a file in pieces, unless the gateway holds it already. Each piece is a frame that is safe to send again;
   * the gateway answers how much of the file it holds, which is where the next piece starts. When the gateway lost
   * the file halfway (the chat moved to another instance), the upload starts again from the beginning, once.
   */
  private async upload(upload: FileUpload): Promise<void> {
    if (this.uploaded.get(upload.id) === upload.file) return;
    const bytes = new Uint8Array(await upload.file.arrayBuffer());
    const meta = { fileId: upload.id, name: upload.file.name, mimeType: upload.file.type, size: bytes.length };
    const step = pieceBytes(this.maxFrameBytes, meta);
    let offset = 0;
    let restarted = false;
    do {
      const piece = bytes.subarray(offset, offset + step);
      try {
        const { received } = gatewayAnswer(fileResultSchema, await this.request({ type: 'file', ...meta, offset, data: toBase64(piece) }));
        if (received < offset + piece.length)
          throw new ServiceDeskError(
            ErrorCode.PROTOCOL_ERROR,
            `The gateway holds ${received} bytes of a file after a piece that ends at ${offset + piece.length}`,
          );
        offset = received;
      } catch (error) {
        if (restarted || offset === 0 || !isFileNotHeld(error)) throw error;
        restarted = true;
        offset = 0;
      }
    } while (offset < bytes.length);
    this.uploaded.set(upload.id, upload.file);
  }

  /** Runs `request`; when the gateway no longer holds some of `files`, uploads them again and runs it once more. */
  private async withFilesHeld(files: readonly FileUpload[], request: () => Promise<unknown>): Promise<void> {
    try {
      await request();
    } catch (error) {
      if (!isFileNotHeld(error)) throw error;
      for (const upload of files) this.uploaded.delete(upload.id);
      for (const upload of files) await this.upload(upload);
      await request();
    }
  }

  private onConnectionLost(code: number): void {
    this.socket = undefined;
    if (this.ended || this.agentEnded || !this.resume || this.reconnecting) return;
    if (code === CloseCode.REPLACED) {
      this.context.logger.warn({ chatId: this.context.chatId }, 'Another connection resumed this chat on the gateway');
      return;
    }
    this.callback.setErrorStatus({ type: 'DISCONNECTED', isDisconnected: true, logInfo: `The connection to the gateway closed (${code})` });
    this.reconnecting = this.resumeAfterDrop().finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async resumeAfterDrop(): Promise<void> {
    try {
      await retry(() => this.resumeOnGateway(), {
        retries: this.options.reconnectAttempts,
        minDelayMs: this.options.reconnectDelayMs,
        shouldRetry: (error) => !this.ended && !(isServiceDeskError(error) && (GONE as readonly string[]).includes(error.code)),
      });
      if (!this.ended) this.callback.setErrorStatus({ type: 'DISCONNECTED', isDisconnected: false });
    } catch (error) {
      if (this.ended) return;
      if (isServiceDeskError(error) && (GONE as readonly string[]).includes(error.code)) {
        this.callback.agentEndedChat(); // The gateway no longer has the chat.
        return;
      }
      this.context.logger.error({ chatId: this.context.chatId, err: error }, 'Gave up reconnecting to the gateway');
    }
  }

  /**
   * Sends a frame on the chat's connection, after a reconnect in progress has finished. A frame cut off by a
   * dropped connection is sent again once the chat is resumed: every frame sent here is safe to repeat (a send
   * is deduplicated by its messageId, an end is idempotent, the others only restate the user's state).
   */
  private request(frame: OutgoingFrame): Promise<JsonObject> {
    // One frame at a time, as the gateway handles them anyway; the gateway rate-limits each connection and says
    // how long to wait, and a well-behaved client waits and sends again.
    const answer = this.outbox.then(() =>
      retry(() => this.requestOnce(frame), { retries: RATE_LIMIT_RETRIES, shouldRetry: (error) => isServiceDeskError(error, ErrorCode.RATE_LIMITED) }),
    );
    this.outbox = answer.catch(() => undefined);
    return answer;
  }

  private async requestOnce(frame: OutgoingFrame): Promise<JsonObject> {
    if (this.reconnecting) await this.reconnecting;
    if (!this.socket) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'Not connected to the gateway', { isRetryable: true });
    try {
      return await this.socket.request(frame);
    } catch (error) {
      const reconnecting = this.reconnecting;
      if (!reconnecting || !isServiceDeskError(error, ErrorCode.BACKEND_UNAVAILABLE)) throw error;
      await reconnecting;
      if (!this.socket) throw error;
      return this.socket.request(frame);
    }
  }

  private disconnect(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  /** After the end every call fails with CHAT_ENDED, as the contract says; the proxy desk keeps to it on its own. */
  private assertNotEnded(method: string): void {
    if (this.ended || this.agentEnded) throw new ServiceDeskError(ErrorCode.CHAT_ENDED, `Cannot ${method}: the chat has ended`, { state: 'ended' });
  }
}

/** Reads the gateway's answer to a frame; one that does not fit the protocol fails with PROTOCOL_ERROR naming the field. */
function gatewayAnswer<S extends z.core.$ZodType>(schema: S, result: JsonObject): z.output<S> {
  return parseOrThrow(schema, result, ErrorCode.PROTOCOL_ERROR, 'The gateway answered outside the widget protocol');
}
