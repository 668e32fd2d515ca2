import { textMessage } from '@byosd/core';
import {
  CARBON_ERROR_TYPE,
  carbonDeskName,
  toByosdConnectMessage,
  toByosdEndChatInfo,
  toByosdStartOptions,
  toByosdUserMessage,
  toCarbonAvailability,
  toCarbonErrorInfo,
  toCarbonMessage,
  toCarbonProfile,
} from '../src/index.js';
import type { FileUpload, MessageRequest, MessageResponse } from '@carbon/ai-chat';

/** A Carbon connect response, as a bot sends it (Carbon's enums are plain strings on the wire). */
function carbonConnect(item: Record<string, unknown>, extra: Record<string, unknown> = {}): MessageResponse {
  return {
    output: {
      generic: [
        { response_type: 'text', text: 'Let me get you a human.' },
        { response_type: 'connect_to_agent', ...item },
      ],
    },
    ...extra,
  } as unknown as MessageResponse;
}

function carbonFile(id: string, name: string): FileUpload {
  return { id, file: new File(['x'], name), status: 'edit' } as unknown as FileUpload;
}

describe('getName', () => {
  test('passes a name Carbon accepts through unchanged', () => {
    expect(carbonDeskName('genesys-cloud via gateway')).toBe('genesys-cloud via gateway');
    expect(carbonDeskName('x'.repeat(40))).toBe('x'.repeat(40));
  });

  test('cuts a name longer than 40 characters to 40, so Carbon still loads the desk', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const name = carbonDeskName('a-very-long-adapter-name-from-somewhere via gateway');
    expect(name).toHaveLength(40);
    expect(name.startsWith('a-very-long-adapter-name-from-somewher')).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('longer than Carbon'));
    warn.mockRestore();
  });
});

describe('endChat', () => {
  test("renames endedByHumanAgent and takes Carbon's null payload as no payload", () => {
    expect(toByosdEndChatInfo({ endedByHumanAgent: false, preEndChatPayload: null })).toEqual({ endedByAgent: false });
    expect(toByosdEndChatInfo({ endedByHumanAgent: true, preEndChatPayload: null })).toEqual({ endedByAgent: true });
    expect(toByosdEndChatInfo(undefined)).toEqual({ endedByAgent: false });
  });

  test('passes an object payload on, and drops one that is not a JSON object with a warning', () => {
    expect(toByosdEndChatInfo({ endedByHumanAgent: false, preEndChatPayload: { rating: 5 } })).toEqual({
      endedByAgent: false,
      preEndChatPayload: { rating: 5 },
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(toByosdEndChatInfo({ endedByHumanAgent: false, preEndChatPayload: 'great' })).toEqual({ endedByAgent: false });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('preEndChatPayload'));
    warn.mockRestore();
  });
});

describe('startChat', () => {
  test('maps transfer_info: additional_data routes to the adapter, the summary follows the first message', () => {
    const message = carbonConnect({
      message_to_human_agent: 'The user asks about an order.',
      agent_available: { message: 'Connecting you' },
      transfer_info: {
        additional_data: { queue: 'billing' },
        summary_message_to_agent: [
          { response_type: 'text', text: 'Order A-1042' },
          { response_type: 'text', text: 'Paid by card' },
        ],
        target: { zendesk: { department: 'sales' } },
      },
    });
    expect(toByosdConnectMessage(message, 'genesys-cloud')).toEqual({
      output: {
        generic: [
          {
            response_type: 'connect_to_agent',
            message_to_human_agent: 'The user asks about an order.\n\nOrder A-1042\n\nPaid by card',
            agent_available: { message: 'Connecting you' },
            transfer_info: { target: { zendesk: { department: 'sales' }, 'genesys-cloud': { queue: 'billing' } } },
          },
        ],
      },
    });
  });

  test('a connect item without transfer_info stays as it is, and the session history key is kept', () => {
    expect(toByosdConnectMessage(carbonConnect({ message_to_human_agent: 'Hi' }, { session_history_key: 'k-1' }), 'example')).toEqual({
      output: { generic: [{ response_type: 'connect_to_agent', message_to_human_agent: 'Hi' }] },
      session_history_key: 'k-1',
    });
  });

  test("the pre-start payload passes when it is a JSON object; Carbon's undefined is none", () => {
    expect(toByosdStartOptions({ preStartChatPayload: { name: 'Ada' } })).toEqual({ preStartChatPayload: { name: 'Ada' } });
    expect(toByosdStartOptions({ preStartChatPayload: undefined })).toEqual({});
    expect(toByosdStartOptions(undefined)).toEqual({});
  });
});

describe('sendMessageToAgent', () => {
  const request = (text: string | undefined) => ({ input: { text, agent_message_type: 'from_user' } }) as unknown as MessageRequest;

  test("sends the text alone, leaving Carbon's own fields behind", () => {
    expect(toByosdUserMessage(request('Hello'), { filesToUpload: [] })).toEqual({ message: { input: { message_type: 'text', text: 'Hello' } }, extra: {} });
  });

  test('files without text: the text names the files, and the files travel as ever', () => {
    const files = [carbonFile('f1', 'invoice.pdf'), carbonFile('f2', 'photo.jpg')];
    const mapped = toByosdUserMessage(request(''), { filesToUpload: files });
    expect(mapped.message.input.text).toBe('invoice.pdf, photo.jpg');
    expect(mapped.extra.filesToUpload?.map((upload) => [upload.id, upload.file.name])).toEqual([
      ['f1', 'invoice.pdf'],
      ['f2', 'photo.jpg'],
    ]);
  });

  test('files with text keep the text', () => {
    expect(toByosdUserMessage(request('See attached'), { filesToUpload: [carbonFile('f1', 'a.pdf')] }).message.input.text).toBe('See attached');
  });
});

describe('agent events', () => {
  test('agentJoined gets user_type human', () => {
    expect(toCarbonProfile({ id: 'a1', nickname: 'Alex' })).toEqual({ id: 'a1', nickname: 'Alex', user_type: 'human' });
    expect(toCarbonProfile({ id: 'a1', nickname: 'Alex', profile_picture_url: 'https://example.com/a.png' }).profile_picture_url).toBe(
      'https://example.com/a.png',
    );
  });

  test('availability goes from snake_case to camelCase, absent fields stay absent', () => {
    expect(toCarbonAvailability({ position_in_queue: 2, estimated_wait_time: 3, message: 'Busy' })).toEqual({
      positionInQueue: 2,
      estimatedWaitTime: 3,
      message: 'Busy',
    });
    expect(toCarbonAvailability({ position_in_queue: 0 })).toEqual({ positionInQueue: 0 });
    expect(toCarbonAvailability({})).toEqual({});
  });

  test('agent messages keep their id, text and inline errors', () => {
    expect(toCarbonMessage(textMessage('Hello', 'm1'))).toEqual({ id: 'm1', output: { generic: [{ response_type: 'text', text: 'Hello' }] } });
    expect(toCarbonMessage({ output: { generic: [{ response_type: 'inline_error', text: 'File refused' }] } })).toEqual({
      output: { generic: [{ response_type: 'inline_error', text: 'File refused' }] },
    });
  });
});

describe('setErrorStatus', () => {
  test("maps each string type to Carbon's number, and messageId to messageID", () => {
    expect(toCarbonErrorInfo({ type: 'CONNECTING', messageToUser: 'No luck', logInfo: 'BACKEND_UNAVAILABLE' })).toEqual({
      type: 1,
      messageToUser: 'No luck',
      logInfo: 'BACKEND_UNAVAILABLE',
    });
    expect(toCarbonErrorInfo({ type: 'DISCONNECTED', isDisconnected: true })).toEqual({ type: 2, isDisconnected: true });
    expect(toCarbonErrorInfo({ type: 'DISCONNECTED', isDisconnected: false })).toEqual({ type: 2, isDisconnected: false });
    expect(toCarbonErrorInfo({ type: 'USER_MESSAGE', messageId: 'u1' })).toEqual({ type: 3, messageID: 'u1' });
    expect(CARBON_ERROR_TYPE).toEqual({ CONNECTING: 1, DISCONNECTED: 2, USER_MESSAGE: 3 });
  });

  test('PROTOCOL_ERROR has no Carbon type: nothing for Carbon to show', () => {
    expect(toCarbonErrorInfo({ type: 'PROTOCOL_ERROR', logInfo: 'bad frame' })).toBeUndefined();
  });
});
