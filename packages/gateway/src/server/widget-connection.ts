import {
  describeZodIssues,
  ErrorCode,
  formatZodIssues,
  isServiceDeskError,
  type JsonObject,
  jsonDepth,
  type Logger,
  safeParseWithMessages,
  ServiceDeskError,
} from '@byosd/core';
import type { RawData, WebSocket } from 'ws';
import { type ClientFrame, type ClientFrameOf, clientFrameSchema, MAX_FRAME_ID_LENGTH } from '../protocol/client-frames.js';
import {
  CloseCode,
  type CobrowseResult,
  type FileResult,
  type HelloResult,
  type ServerFrame,
  type WireError,
  type WireEvent,
} from '../protocol/server-frames.js';
import { PROTOCOL_VERSION } from '../protocol/version.js';
import { toWireError } from '../protocol/wire-error.js';
import type { GatewayMetrics } from '../ops/metrics.js';
import { TokenBucket } from '../security/token-bucket.js';
import type { ShortCodeService } from '../short-codes/short-code-service.js';
import type { ChatHost } from './chat-host.js';
import type { ChatConnection } from './hosted-chat.js';

/** How many refused frames may wait for their answer at once, per connection. */
const MAX_REFUSALS_DUE = 256;

export interface ConnectionLimits {
  maxFrameBytes: number;
  maxJsonDepth: number;
  framesPerSecond: number;
  frameBurst: number;
  /** A connection that has not said hello this long after it opened is closed with HELLO_TIMEOUT. */
  helloTimeoutMs: number;
  /** Chats one connection may start over its life. */
  maxChatsPerConnection: number;
  /** Bytes of replies and events that may wait for a client to read them; past it the client is cut off. */
  maxBufferedBytes: number;
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
 * or `nack`. Every answer, `error` frames included, leaves in the order the frames arrived. After `start` or a
 * resuming `hello` it is bound to one chat, whose events it carries. Its socket's events reach it through the
 * widget socket server's listeners, which all sockets share (an idle connection holds no closures).
 */
export class WidgetConnection implements ChatConnection {
  private readonly options: WidgetConnectionOptions;
  private readonly bucket: TokenBucket;
  private greeted = false;
  private chatId: string | undefined;
  /** The adapter of the chat bound to this connection, kept after the chat ends (for `availability`). */
  private chatAdapter: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private chatsStarted = 0;
  /** Until hello: then dropped, so that an idle chat's connection holds no spent timer. */
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  /** Refused frames whose answer waits in the queue behind earlier replies. */
  private refusalsDue = 0;
  /** Set by a binary frame: the connection closes once the answers due are sent, and reads nothing more. */
  private refusedBinary = false;

  constructor(
    private readonly socket: WebSocket,
    options: WidgetConnectionOptions,
    /** Told before each frame is sent: the frames of one tick leave in one write (see frame-coalescer.ts). */
    private readonly frames?: { hold(): void; flush(): void },
  ) {
    this.options = options;
    this.bucket = new TokenBucket(options.limits.framesPerSecond, options.limits.frameBurst);
    this.helloTimer = setTimeout(() => {
      if (!this.greeted) this.close(CloseCode.HELLO_TIMEOUT, `No hello within ${options.limits.helloTimeoutMs} ms`);
    }, options.limits.helloTimeoutMs);
    this.helloTimer.unref();
  }

  /** A frame from the widget (its socket's `message`). */
  received(data: RawData, isBinary: boolean): void {
    if (isBinary) return this.refuseBinary();
    try {
      this.receive(data);
    } catch (error) {
      // A frame must never take the process down: whatever slipped past the checks is this frame's failure only.
      this.options.logger.error({ chatId: this.chatId, err: error }, 'Reading a widget frame failed');
      this.refuse(undefined, { code: ErrorCode.INVALID_INPUT, message: 'The frame could not be read' });
    }
  }

  /** Its socket failed (`error`): how ws reports a broken frame (too large, invalid UTF-8) before it closes. */
  failed(error: Error): void {
    this.options.logger.warn({ chatId: this.chatId, err: error }, 'A widget connection failed');
  }

  /** Its socket closed (`close`): the chat waits for its client to come back. */
  closed(): void {
    clearTimeout(this.helloTimer);
    if (this.chatId) this.options.host.detach(this.chatId, this);
  }

  /** Writes the frames held for the end of this tick now (before the socket is destroyed, which would drop them). */
  flushFrames(): void {
    this.frames?.flush();
  }

  /** Resolves once every frame received so far has been handled and answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  sendEvent(event: WireEvent, json = JSON.stringify(event)): void {
    // The frame `{ type: 'event', event }`, around the event's text as written for the log: not serialized twice.
    this.sendText(`{"type":"event","event":${json}}`);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  private receive(data: RawData): void {
    if (this.refusedBinary) return;
    // Every frame counts against the rate, whatever it holds: junk must not be cheaper to send than a real frame.
    const allowed = this.bucket.take();
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const { maxFrameBytes } = this.options.limits;
    let raw: unknown;
    try {
      // ws has capped the frame at a few times the limit, so even an oversized one is cheap to read for its id.
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      if (!allowed) return this.rateLimited(undefined);
      return this.refuse(undefined, { code: ErrorCode.INVALID_INPUT, message: 'The frame is not JSON' });
    }
    const id = readFrameId(raw);
    if (!allowed) return this.rateLimited(id);
    if (bytes.length > maxFrameBytes) {
      return this.refuse(id, { code: ErrorCode.INVALID_INPUT, message: `The frame is ${bytes.length} bytes long; the limit is ${maxFrameBytes}` });
    }
    // Before the schema walks it: nesting is checked without recursion, so no depth can exhaust the stack.
    const depth = jsonDepth(raw);
    const { maxJsonDepth } = this.options.limits;
    if (depth > maxJsonDepth) {
      return this.refuse(id, {
        code: ErrorCode.INVALID_INPUT,
        message: `The frame nests ${depth} levels of arrays and objects deep; the limit is ${maxJsonDepth}`,
      });
    }
    const parsed = safeParseWithMessages(clientFrameSchema, raw);
    if (!parsed.success) {
      return this.refuse(id, {
        code: ErrorCode.INVALID_INPUT,
        message: `Invalid frame: ${formatZodIssues(parsed.error)}`,
        issues: describeZodIssues(parsed.error),
      });
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
        this.options.metrics.adapterError(this.adapterName(frame), error.code);
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
        return this.session()
          .userTyping(frame.isTyping)
          .then(() => ({}));
      case 'read':
        return this.session()
          .userReadMessages()
          .then(() => ({}));
      case 'state':
        return this.session()
          .updateState(frame.state)
          .then(() => ({}));
      case 'end':
        return this.end(frame);
      case 'cobrowse':
        return this.cobrowse();
    }
  }

  private async hello(frame: ClientFrameOf<'hello'>): Promise<Answer> {
    if (this.greeted) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'hello was sent already on this connection');
    this.greeted = true;
    clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    const resume = frame.resume;
    const { maxFrameBytes } = this.options.limits;
    if (!resume) return { protocol: PROTOCOL_VERSION, resumed: false, maxFrameBytes } satisfies HelloResult;
    try {
      await this.options.host.resume(resume.chatId, resume.token, resume.lastSeq, this, (state, adapter) => {
        this.chatId = resume.chatId;
        this.chatAdapter = adapter;
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
    const { maxChatsPerConnection } = this.options.limits;
    if (this.chatsStarted >= maxChatsPerConnection) {
      throw new ServiceDeskError(
        ErrorCode.RATE_LIMITED,
        `This connection started ${this.chatsStarted} chats, the most one connection may; open a new connection`,
        { isRetryable: false },
      );
    }
    this.chatsStarted += 1;
    const options = frame.preStartChatPayload === undefined ? {} : { preStartChatPayload: frame.preStartChatPayload };
    try {
      return await this.options.host.start(frame.adapter, frame.connectMessage, options, this, (chatId) => {
        this.chatId = chatId;
        this.chatAdapter = frame.adapter;
      });
    } catch (error) {
      this.chatId = undefined;
      throw error;
    }
  }

  /**
   * The user ends the chat, and the backend is told, always. `endedByAgent` ("the agent ended it: tidy up without
   * telling the backend") is the gateway's to know, not the client's to claim: it is dropped, and a chat the agent
   * really ended is over already (CHAT_ENDED).
   */
  private async end(frame: ClientFrameOf<'end'>): Promise<Answer> {
    const info = frame.info?.preEndChatPayload === undefined ? {} : { preEndChatPayload: frame.info.preEndChatPayload };
    await this.session().endChat(info);
    return {};
  }

  private async availability(frame: ClientFrameOf<'availability'>): Promise<Answer> {
    if (this.chatId && this.isLive(this.chatId)) return { online: await this.session().areAnyAgentsOnline(frame.connectMessage) };
    const adapter = frame.adapter ?? this.chatAdapter;
    if (!adapter) {
      throw new ServiceDeskError(ErrorCode.INVALID_INPUT, 'Invalid frame: adapter: required before a chat has started', {
        issues: [{ path: 'adapter', message: 'required before a chat has started' }],
      });
    }
    return { online: await this.options.host.availability(adapter, frame.connectMessage) };
  }

  private async relayMessage(frame: ClientFrameOf<'send'>): Promise<Answer> {
    const chat = this.options.host.chat(this.requireChatId());
    const fileIds = frame.fileIds ?? [];
    const extra = fileIds.length > 0 ? { filesToUpload: chat.uploads.take(fileIds) } : {};
    await chat.session.sendMessageToAgent(frame.message, frame.messageId, extra);
    chat.uploads.markSent(fileIds);
    this.options.metrics.relayed('to-agent', this.adapterName(frame));
    // An ack means the message is in the chat's event log too, so that a resume anywhere shows it. When the log
    // cannot be written now, the client is told to send again (same messageId: the agent gets it once); the
    // log catches up by itself once its store answers.
    if (!(await chat.logged())) {
      throw new ServiceDeskError(
        ErrorCode.BACKEND_UNAVAILABLE,
        'The message reached the agent, but the gateway could not record it (its store is unreachable): send it again with the same messageId',
        { isRetryable: true, retryAfterMs: 1000 },
      );
    }
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
    if (!this.chatId)
      throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'No chat on this connection: send start (or hello with resume) first', { state: 'idle' });
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

  private rateLimited(id: string | undefined): void {
    const retryAfterMs = this.bucket.retryAfterMs;
    this.refuse(id, { code: ErrorCode.RATE_LIMITED, message: `Too many frames: wait ${retryAfterMs} ms`, isRetryable: true, retryAfterMs });
  }

  /** Answers a frame refused before handling, after the answers to every frame received before it. */
  private refuse(id: string | undefined, error: WireError): void {
    // Refusals wait behind the replies still due, so a flood of bad frames during a slow reply must stay bounded.
    if (this.refusalsDue >= MAX_REFUSALS_DUE) {
      this.close(CloseCode.POLICY_VIOLATION, `More than ${MAX_REFUSALS_DUE} refused frames wait for their answer`);
      return;
    }
    this.refusalsDue += 1;
    this.queue = this.queue.then(() => {
      this.refusalsDue -= 1;
      this.send({ type: 'error', ...(id === undefined ? {} : { id }), error });
    });
  }

  /** Frames are JSON text; a binary one is refused, after the answers still due, and the connection closed. */
  private refuseBinary(): void {
    if (this.refusedBinary) return;
    this.refusedBinary = true;
    this.refuse(undefined, { code: ErrorCode.INVALID_INPUT, message: 'Binary frames are not accepted: send each frame as JSON text' });
    this.queue = this.queue.then(() => this.close(CloseCode.UNSUPPORTED_DATA, 'binary frames are not accepted'));
  }

  private send(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  private sendText(text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const { maxBufferedBytes } = this.options.limits;
    if (this.socket.bufferedAmount > maxBufferedBytes) {
      // The client does not read what it is sent: rather than hold ever more for it (and slow every other chat),
      // cut it off. Its chat waits for it to resume, as after any dropped connection; nothing it missed is lost.
      this.options.logger.warn({ chatId: this.chatId, bufferedBytes: this.socket.bufferedAmount }, 'A widget does not read its frames: closing its connection');
      this.socket.terminate();
      return;
    }
    this.frames?.hold();
    this.socket.send(text);
  }
}

/**
 * The id of a frame that failed to parse, when it is a non-empty string, so the client can match the error. An id
 * over the limit is echoed cut to its first MAX_FRAME_ID_LENGTH characters.
 */
function readFrameId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return undefined;
  const id = (raw as { id: unknown }).id;
  return typeof id === 'string' && id.length > 0 ? id.slice(0, MAX_FRAME_ID_LENGTH) : undefined;
}
