import { randomBytes } from 'node:crypto';
import {
  type AdapterContext,
  type ChatEvent,
  type ChatSession,
  connectMessage,
  defineAdapter,
  type MessageRequest,
  type SendMessageExtra,
  ServiceDeskRegistry,
  waitForEvent,
} from '@byosd/core';
import { exampleAdapter, type ExampleOptions, ExampleServiceDesk } from '@byosd/adapter-example';
import { FILE_NOT_HELD, gatewayAdapter } from '@byosd/gateway';
import { WebSocket } from 'ws';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';

/** What the adapter on the gateway received of each file, by file id: name, type and every byte. */
const received = new Map<string, { name: string; type: string; bytes: Buffer }>();

/** The example adapter, keeping what arrives of each file sent with a message. */
class FileKeepingDesk extends ExampleServiceDesk {
  constructor(context: AdapterContext<ExampleOptions>) {
    super(context);
  }

  override async sendMessageToAgent(message: MessageRequest, messageId: string, extra: SendMessageExtra = {}): Promise<void> {
    for (const upload of extra.filesToUpload ?? []) {
      received.set(upload.id, { name: upload.file.name, type: upload.file.type, bytes: Buffer.from(await upload.file.arrayBuffer()) });
    }
    await super.sendMessageToAgent(message, messageId, extra);
  }
}

const fileKeepingAdapter = defineAdapter({ ...exampleAdapter, name: 'file-keeping', serviceDesk: FileKeepingDesk });

/** A `ws` WebSocket that counts the file pieces the proxy desk sends. */
let piecesSent = 0;
class CountingWebSocket extends WebSocket {
  override send(data: unknown, ...rest: unknown[]): void {
    if (typeof data === 'string' && data.includes('"type":"file"')) piecesSent += 1;
    (super.send as (...args: unknown[]) => void)(data, ...rest);
  }
}

let test_: TestGateway;
const desks: ChatSession[] = [];

/**
 * A gateway with small frames (so files travel in many pieces) and room for 64 KiB of files per chat, offering the
 * example adapter and the file-keeping one on the same desk.
 */
async function start(config: { maxUploadBytes?: number } = {}): Promise<void> {
  test_ = await startTestGateway(
    { maxFrameBytes: 4096, frameBurst: 1000, framesPerSecond: 1000, maxUploadBytes: 64 * 1024, ...config },
    { plugins: [fileKeepingAdapter], shareDeskWith: ['file-keeping'] },
  );
}

afterEach(async () => {
  await Promise.all(
    desks.splice(0).map((desk) => (desk.state === 'ended' || desk.state === 'idle' ? Promise.resolve() : desk.endChat().catch(() => undefined))),
  );
  await test_.close();
  received.clear();
  piecesSent = 0;
});

/** A proxy desk on the gateway's file-keeping adapter, in a chat that an agent has accepted. */
async function connectedProxy(): Promise<{ desk: ChatSession; deskChatId: string }> {
  const registry = new ServiceDeskRegistry().register(gatewayAdapter);
  const desk = await registry.load('gateway', { url: test_.gateway.url, adapter: 'file-keeping', WebSocket: CountingWebSocket });
  desks.push(desk);
  const joined = waitForEvent(desk.events, (event) => event.type === 'agentJoined', 'the agent');
  await desk.startChat(connectMessage('A photo of the damage'), {});
  const deskChatId = test_.desk.allChats().at(-1)?.id ?? '';
  test_.desk.accept(deskChatId, { id: 'agent-1', name: 'Sam' });
  await joined;
  return { desk, deskChatId };
}

const uploadStatus = (desk: ChatSession, fileId: string) =>
  waitForEvent(
    desk.events,
    (event): event is Extract<ChatEvent, { type: 'setFileUploadStatus' }> => event.type === 'setFileUploadStatus' && event.fileId === fileId,
    `the status of ${fileId}`,
    {
      afterSeq: 0,
    },
  ) as Promise<Extract<ChatEvent, { type: 'setFileUploadStatus' }>>;

describe('files through the gateway', () => {
  beforeEach(async () => {
    await start({});
  });

  test('a picked file crosses in pieces, is checked by the adapter, and reaches it whole with the message, uploaded once', async () => {
    const { desk, deskChatId } = await connectedProxy();
    const bytes = randomBytes(20_000);
    const upload = { id: 'photo-1', file: new File([bytes], 'damage.jpg', { type: 'image/jpeg' }) };
    const status = uploadStatus(desk, 'photo-1');
    await desk.filesSelectedForUpload([upload]);
    expect(await status).toMatchObject({ isError: false });
    const pieces = piecesSent;
    expect(pieces).toBeGreaterThan(5);

    await desk.sendMessageToAgent({ input: { text: 'Here it is' } }, 'm1', { filesToUpload: [upload] });
    expect(piecesSent).toBe(pieces);
    expect(test_.desk.chat(deskChatId).received).toEqual([expect.objectContaining({ text: 'Here it is', attachments: ['damage.jpg'] })]);
    expect(received.get('photo-1')).toEqual({ name: 'damage.jpg', type: 'image/jpeg', bytes });
  });

  test('a file sent without being picked first is uploaded then; an empty file crosses too', async () => {
    const { desk, deskChatId } = await connectedProxy();
    const empty = { id: 'empty', file: new File([], 'empty.txt', { type: 'text/plain' }) };
    const note = { id: 'note', file: new File(['ünïcödé notes'], 'notes.txt') };
    await desk.sendMessageToAgent({ input: { text: 'Two files' } }, 'm1', { filesToUpload: [empty, note] });
    expect(test_.desk.chat(deskChatId).received[0]?.attachments).toEqual(['empty.txt', 'notes.txt']);
    expect(received.get('empty')?.bytes.length).toBe(0);
    expect(received.get('note')?.bytes.toString('utf8')).toBe('ünïcödé notes');
  });

  test('a file the gateway no longer holds is uploaded again, and the message goes through', async () => {
    const { desk, deskChatId } = await connectedProxy();
    // Each file takes more than half the room: sending the second makes the gateway drop the first.
    const first = { id: 'first', file: new File([randomBytes(40_000)], 'first.bin') };
    const second = { id: 'second', file: new File([randomBytes(40_000)], 'second.bin') };
    await desk.sendMessageToAgent({ input: { text: 'one' } }, 'm1', { filesToUpload: [first] });
    await desk.sendMessageToAgent({ input: { text: 'two' } }, 'm2', { filesToUpload: [second] });
    await desk.sendMessageToAgent({ input: { text: 'one again' } }, 'm3', { filesToUpload: [first] });
    expect(test_.desk.chat(deskChatId).received.map((message) => [message.text, message.attachments])).toEqual([
      ['one', ['first.bin']],
      ['two', ['second.bin']],
      ['one again', ['first.bin']],
    ]);
  });

  test('a file larger than the gateway holds for a chat is refused to the user, and nothing reaches the agent', async () => {
    const { desk, deskChatId } = await connectedProxy();
    const status = uploadStatus(desk, 'huge');
    await desk.filesSelectedForUpload([{ id: 'huge', file: new File([randomBytes(70_000)], 'huge.bin') }]);
    expect(await status).toMatchObject({ isError: true, errorMessage: expect.stringContaining('more than the gateway holds for a chat (65536)') });
    expect(piecesSent).toBe(1);
    expect(test_.desk.chat(deskChatId).received).toEqual([]);
  });
});

describe('file frames', () => {
  let client: WidgetClient;

  beforeEach(async () => {
    await start({ maxUploadBytes: 100 });
    client = await WidgetClient.connect(test_.gateway.url);
    expect(await client.ok({ type: 'hello', protocol: 1 })).toMatchObject({ maxFrameBytes: 4096 });
    await client.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
    test_.desk.accept(test_.desk.allChats()[0]?.id ?? '', { id: 'agent-1', name: 'Sam' });
    await client.event('agentJoined');
  });

  afterEach(async () => {
    await client.close();
  });

  const piece = (offset: number, text: string, fileId = 'f1') => ({
    type: 'file',
    fileId,
    name: 'a.txt',
    mimeType: 'text/plain',
    size: 10,
    offset,
    data: Buffer.from(text).toString('base64'),
  });

  test('pieces go in order; a resent piece is taken again without change; gaps and overruns are refused by field', async () => {
    expect(await client.ok(piece(0, 'hello'))).toEqual({ received: 5 });
    expect(await client.ok(piece(0, 'hello'))).toEqual({ received: 5 });
    expect(await client.request(piece(7, 'xyz'))).toMatchObject({
      type: 'nack',
      error: { code: 'INVALID_INPUT', issues: [{ path: 'offset', message: 'must be 5, where the file goes on' }] },
    });
    expect(await client.request(piece(5, 'world!'))).toMatchObject({ type: 'nack', error: { code: 'INVALID_INPUT', issues: [{ path: 'data' }] } });
    expect(await client.request(piece(3, 'lo', 'f2'))).toMatchObject({
      type: 'nack',
      error: { issues: [{ path: 'offset', message: expect.stringContaining(FILE_NOT_HELD) }] },
    });
    expect(await client.request({ ...piece(0, 'x'), data: 'not base64!' })).toMatchObject({
      type: 'error',
      error: { code: 'INVALID_INPUT', issues: [{ path: 'data' }] },
    });
    expect(await client.request({ type: 'files', fileIds: ['f1', 'nope'] })).toMatchObject({
      type: 'nack',
      error: {
        code: 'INVALID_INPUT',
        issues: [
          { path: 'fileIds.0', message: 'incomplete: 5 of 10 bytes uploaded' },
          { path: 'fileIds.1', message: FILE_NOT_HELD },
        ],
      },
    });
    expect(await client.ok(piece(5, 'world'))).toEqual({ received: 10 });
    await client.ok({ type: 'files', fileIds: ['f1'] });
    expect(await client.event('setFileUploadStatus')).toMatchObject({ fileId: 'f1', isError: false });
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'see file' } }, fileIds: ['f1'] });
    expect(test_.desk.allChats()[0]?.received[0]?.attachments).toEqual(['a.txt']);
  });

  test('a chat holds no more file bytes than maxUploadBytes, until sent files make room', async () => {
    await client.ok({ ...piece(0, 'x'.repeat(60)), size: 60 });
    expect(await client.request({ ...piece(0, 'y', 'f2'), size: 60 })).toMatchObject({
      type: 'nack',
      error: { code: 'INVALID_INPUT', issues: [{ path: 'size' }] },
    });
    await client.ok({ type: 'send', messageId: 'm1', message: { input: { text: 'first' } }, fileIds: ['f1'] });
    expect(await client.ok({ ...piece(0, 'y', 'f2'), size: 60 })).toEqual({ received: 1 });
    expect(await client.request({ type: 'send', messageId: 'm2', message: { input: { text: 'again' } }, fileIds: ['f1'] })).toMatchObject({
      type: 'nack',
      error: { issues: [{ path: 'fileIds.0', message: FILE_NOT_HELD }] },
    });
  });
});
