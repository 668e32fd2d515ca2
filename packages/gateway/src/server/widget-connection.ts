import { describeZodIssues, ErrorCode, formatZodIssues, isServiceDeskError, type JsonObject, type Logger, safeParseWithMessages, ServiceDeskError } from '@byosd/core';
import type { RawData, WebSocket } from 'ws';
import { type ClientFrame, type ClientFrameOf, clientFrameSchema } from '../protocol/client-frames.js';
import type { CobrowseResult, FileResult, HelloResult, ServerFrame, WireError, WireEvent } from '../protocol/server-frames.js';
import { PROTOCOL_VERSION } from '../protocol/version.js';
import { toWireError } from '../protocol/wire-error.js';
import type { GatewayMetrics } from '../ops/metrics.js';
import { TokenBucket } from '../security/token-bucket.js';
import type { ShortCodeService } from '../short-codes/short-code-service.js';
import type { ChatHost } from './chat-host.js';
import type { ChatConnection } from './hosted-chat.js';

export interface ConnectionLimits {
  maxFrameBytes: number;
  framesPerSecond: number;
  frameBurst: number;
}

export interface WidgetConnectionOptions {
  host: ChatHost;
  shortCodes: ShortCodeService;
  metrics: GatewayMetrics;
  logger: Logger;
  limits: ConnectionLimits;
}

/** A handler's answer: the ack's result, or ACKED when the handler acknowledged already (before a replay). */
const ACKED = Symbol('acked');
type Answer = JsonObject | typeof ACKED;

/**
 * One widget's WebSocket: parses each frame (size, rate and shape checked first; a bad frame gets an `error`
 * frame and the connection goes on), handles frames one at a time in arrival order, and answers each with `ack`
 * or `nack`. After `start` or a resuming `hello` it is bound to one chat, whose events it carries.
 */
export class WidgetConnection implements ChatConnection {
  private readonly options: WidgetConnectionOptions;
  private readonly bucket: TokenBucket;
  private greeted = false;
  private chatId: string | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    options: WidgetConnectionOptions,
    /** Called before each frame is sent: the frames of one tick leave in one write (see frame-coalescer.ts). */
    private readonly beforeSend: () => void = () => undefined,
  ) {
    this.options = options;
    this.bucket = new TokenBucket(options.limits.framesPerSecond, options.limits.frameBurst);
    socket.on('message', (data) => this.receive(data));
    // ws reports a broken frame (too large, invalid UTF-8) here, then closes: the chat waits for the client.
    socket.on('error', (error) => options.logger.warn({ chatId: this.chatId, err: error }, 'A widget connection failed'));
    socket.on('close', () => {
      if (this.chatId) options.host.detach(this.chatId, this);
    });
  }

  /** Resolves once every frame received so far has been handled and answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  sendEvent(event: WireEvent): void {
    this.send({ type: 'event', event });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  private receive(data: RawData): void {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    let raw: unknown;
    try {
      // ws has capped the frame at a few times the limit, so even an oversized one is cheap to read for its id.
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      return this.refuse(undefined, { code: ErrorCode.INVALID_INPUT, message: 'The frame is not JSON' });
    }
    const id = readFrameId(raw);
    const { maxFrameBytes } = this.options.limits;
    if (bytes.length > maxFrameBytes) {
      return this.refuse(id, { code: ErrorCode.INVALID_INPUT, message: `The frame is ${bytes.length} bytes long; the limit is ${maxFrameBytes}` });
    }
    if (!this.bucket.take()) {
      const retryAfterMs = this.bucket.retryAfterMs;
      return this.refuse(id, { code: ErrorCode.RATE_LIMITED, message: `Too many frames: wait ${retryAfterMs} ms`, isRetryable: true, retryAfterMs });
    }
    const parsed = safeParseWithMessages(clientFrameSchema, raw);
    if (!parsed.success) {
      return this.refuse(id, { code: ErrorCode.INVALID_INPUT, message: `Invalid frame: ${formatZodIssues(parsed.error)}`, issues: describeZodIssues(parsed.error) });
    }
    const frame = parsed.data;
    this.queue = this.queue.then(() => this.handle(frame));
  }

  private async handle(frame: ClientFrame): Promise<void> {
    try {
      const answer = await this.answer(frame);
      if (answer !== ACKED) this.send({ type: 'ack', id: frame.id, ...(Object.keys(answer).length > 0 ? { result: answer } : {}) });
    } catch (error) {
      if (isServiceDeskError(error)) {
        this.options.metrics.adapterErrors.inc({ adapter: this.adapterName(frame), code: error.code });
      } else {
        this.options.logger.error({ chatId: this.chatId, frame: frame.type, err: error }, 'A frame handler failed');
      }
      this.send({ type: 'nack', id: frame.id, error: toWireError(error) });
    }
  }

  private answer(frame: ClientFrame): Promise<Answer> | Answer {
    if (frame.type === 'hello') return this.hello(frame);
    if (!this.greeted) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'Send hello first');
    switch (frame.type) {
      case 'start':
        return this.start(frame);
      case 'availability':
        return this.availability(frame);
      case 'send':
        return this.relayMessage(frame);
      case 'file':
        return this.file(frame);
      case 'files':
        return this.filesSelected(frame);
      case 'typing':
        return this.session().userTyping(frame.isTyping).then(() => ({}));
      case 'read':
        return this.session().userReadMessages().then(() => ({}));
      case 'state':
        return this.session().updateState(frame.state).then(() => ({}));
      case 'end':
        return this.session().endChat(frame.info).then(() => ({}));
      case 'cobrowse':
        return this.cobrowse();
    }
  }

  private async hello(frame: ClientFrameOf<'hello'>): Promise<Answer> {
    if (this.greeted) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'hello was sent already on this connection');
    this.greeted = true;
    const resume = frame.resume;
    const { maxFrameBytes } = this.options.limits;
    if (!resume) return { protocol: PROTOCOL_VERSION, resumed: false, maxFrameBytes } satisfies HelloResult;
    try {
      await this.options.host.resume(resume.chatId, resume.token, resume.lastSeq, this, (state) => {
        this.chatId = resume.chatId;
        const result: HelloResult = { protocol: PROTOCOL_VERSION, resumed: true, chatId: resume.chatId, state, maxFrameBytes };
        this.send({ type: 'ack', id: frame.id, result });
      });
    } catch (error) {
      this.greeted = false; // The client may say hello again, e.g. to start afresh.
      throw error;
    }
    return ACKED;
  }

  private async start(frame: ClientFrameOf<'start'>): Promise<Answer> {
    if (this.chatId && this.isLive(this.chatId)) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'This connection has a chat already');
    const options = frame.preStartChatPayload === undefined ? {} : { preStartChatPayload: frame.preStartChatPayload };
    try {
      return await this.options.host.start(frame.adapter, frame.connectMessage, options, this, (chatId) => {
        this.chatId = chatId;
      });
    } catch (error) {
      this.chatId = undefined;
      throw error;
    }
  }

  private async availability(frame: ClientFrameOf<'availability'>): Promise<Answer> {
    if (this.chatId && this.isLive(this.chatId)) return { online: await this.session().areAnyAgentsOnline(frame.connectMessage) };
    if (!frame.adapter) {
      throw new ServiceDeskError(ErrorCode.INVALID_INPUT, 'Invalid frame: adapter: required before a chat has started', {
        issues: [{ path: 'adapter', message: 'required before a chat has started' }],
      });
    }
    return { online: await this.options.host.availability(frame.adapter, frame.connectMessage) };
  }

  private async relayMessage(frame: ClientFrameOf<'send'>): Promise<Answer> {
    const chat = this.options.host.chat(this.requireChatId());
    const fileIds = frame.fileIds ?? [];
    const extra = fileIds.length > 0 ? { filesToUpload: chat.uploads.take(fileIds) } : {};
    await chat.session.sendMessageToAgent(frame.message, frame.messageId, extra);
    chat.uploads.markSent(fileIds);
    this.options.metrics.relayed('to-agent', this.adapterName(frame));
    return {};
  }

  private file(frame: ClientFrameOf<'file'>): Answer {
    const chat = this.options.host.chat(this.requireChatId());
    // Files go with messages: only while the chat is live, as the session allows filesSelectedForUpload.
    if (chat.state === 'ended') throw new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat has ended', { state: 'ended' });
    const received = chat.uploads.receive({ ...frame, bytes: Buffer.from(frame.data, 'base64') });
    return { received } satisfies FileResult;
  }

  private async filesSelected(frame: ClientFrameOf<'files'>): Promise<Answer> {
    const chat = this.options.host.chat(this.requireChatId());
    await chat.session.filesSelectedForUpload(chat.uploads.take(frame.fileIds));
    return {};
  }

  private async cobrowse(): Promise<Answer> {
    const chatId = this.requireChatId();
    const session = this.session();
    const { shortCode, record } = await this.options.shortCodes.create(chatId);
    // The page gets the session now, so the customer's side of the code is spent; only the agent may redeem it.
    await this.options.shortCodes.redeem(shortCode, 'consumer');
    await session.sendMessageToAgent({ input: { text: `Co-browse code: ${shortCode}` } }, `cobrowse-${shortCode}`);
    this.options.logger.info({ chatId }, 'Co-browse code created and sent to the agent');
    return { shortCode, 'session-token': record.sessionToken, cid: record.cid, scaleFactor: 1 } satisfies CobrowseResult;
  }

  private requireChatId(): string {
    if (!this.chatId) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'No chat on this connection: send start (or hello with resume) first', { state: 'idle' });
    return this.chatId;
  }

  private session() {
    return this.options.host.chat(this.requireChatId()).session;
  }

  private isLive(chatId: string): boolean {
    try {
      return this.options.host.chat(chatId).state !== 'ended';
    } catch {
      return false;
    }
  }

  private adapterName(frame: ClientFrame): string {
    if (frame.type === 'start') return frame.adapter;
    if (frame.type === 'availability' && frame.adapter) return frame.adapter;
    try {
      return this.session().plugin.name;
    } catch {
      return 'none';
    }
  }

  private refuse(id: string | undefined, error: WireError): void {
    this.send({ type: 'error', ...(id === undefined ? {} : { id }), error });
  }

  private send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.beforeSend();
    this.socket.send(JSON.stringify(frame));
  }
}

/** The id of a frame that failed to parse, when it has a usable one, so the client can match the error. */
function readFrameId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return undefined;
  const id = (raw as { id: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : undefined;
}
