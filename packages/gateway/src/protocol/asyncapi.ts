import { connectMessageSchema, ERROR_CODES, jsonObjectSchema, jsonValueSchema, type JsonObject } from '@byosd/core';
import * as z from 'zod/mini';
import { clientFrameSchema, MAX_FILES_PER_FRAME, MAX_FRAME_ID_LENGTH } from './client-frames.js';
import {
  availabilityResultSchema,
  CloseCode,
  cobrowseResultSchema,
  fileResultSchema,
  helloResultSchema,
  serverFrameSchema,
  startResultSchema,
  wireErrorSchema,
  wireEventSchema,
} from './server-frames.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * The widget protocol as machine-readable documents, generated from the frame schemas: an AsyncAPI 3 document
 * (served at `/v1/asyncapi.json`, checked in as docs/widget-protocol.asyncapi.json) and a JSON Schema with every
 * frame (docs/widget-protocol.schema.json). `npm run docs:asyncapi` rewrites the checked-in files.
 */

type ClientType = z.infer<typeof clientFrameSchema>['type'];
type ServerType = z.infer<typeof serverFrameSchema>['type'];
type EventType = z.infer<typeof wireEventSchema>['type'];

const CLIENT_FRAMES: Record<ClientType, string> = {
  hello: 'Opens the conversation; must come first. With `resume` it binds the connection to an existing chat, whose missed events follow the ack.',
  start: 'Starts a chat with an adapter the gateway offers. Acked (with the chat id and its resume token) once the backend accepted the request.',
  send: 'A user message. `messageId` is the idempotency key: a resent frame with the same one reaches the agent once.',
  file: 'One piece of a file the user picked, in order, base64-encoded. The ack says how much of the file the gateway holds.',
  files: 'The user picked these files (uploaded whole with `file` frames); each gets a setFileUploadStatus event.',
  typing: 'The user started or stopped typing.',
  read: 'The user has read every agent message so far.',
  end: 'The user ends the chat. After it every frame but hello and availability gets CHAT_ENDED.',
  availability: 'Are agents online? `adapter` is needed only before the connection has had a chat.',
  state: "The user's state changed (session, user id, locale).",
  cobrowse: 'The user asks to co-browse: the gateway sends the agent a short code and acks with the co-browse session.',
};

const SERVER_FRAMES: Record<ServerType, string> = {
  ack: 'The frame `id` was handled; `result` carries what it answers (see each operation), absent when there is nothing to say.',
  nack: 'The frame `id` failed; the chat goes on.',
  event: 'Something happened in the chat. Seqs increase and are never repeated, but may skip numbers; remember the last one as `lastSeq`.',
  error: `A frame refused before anything was done (not JSON, too large, malformed, rate-limited). \`id\` is the frame's id, cut to ${MAX_FRAME_ID_LENGTH} characters, when it had a non-empty string one.`,
};

const EVENTS: Record<EventType, string> = {
  chatStateChanged: 'The chat moved from `previous` to `state`.',
  updateAgentAvailability: 'Queue position and estimated wait (minutes) while waiting for an agent.',
  agentJoined: 'An agent joined the chat.',
  agentTyping: 'The agent started or stopped typing.',
  sendMessageToUser: 'A message from the agent.',
  agentReadMessages: 'The agent read every user message so far.',
  userMessageSent: 'The backend accepted a user message.',
  beginTransferToAnotherAgent: 'The chat is being transferred; `profile` is the next agent when known.',
  agentLeftChat: 'The agent left; the chat waits for another.',
  agentEndedChat: 'The agent ended the chat.',
  setErrorStatus: 'Something went wrong (connecting, disconnected, a user message failed, a protocol error).',
  setFileUploadStatus: 'The adapter accepted or refused a file.',
  updateCapabilities: 'What the chat allows now (file uploads and their types).',
};

/** What each client frame's ack carries in `result`; frames not named here are acked without one. */
const ACK_RESULTS: Partial<Record<ClientType, string>> = {
  hello: 'HelloResult',
  start: 'StartResult',
  file: 'FileResult',
  availability: 'AvailabilityResult',
  cobrowse: 'CobrowseResult',
};

const CLOSE_CODES = [
  { code: CloseCode.SERVICE_RESTART, meaning: 'the gateway instance is restarting or handed the chat to another', client: 'reconnect and hello with resume' },
  { code: CloseCode.REPLACED, meaning: 'another connection resumed this chat', client: 'stop (another tab has it)' },
  { code: CloseCode.CHAT_ENDED, meaning: 'the chat has ended (the gateway shut down with in-memory stores)', client: 'stop' },
  { code: CloseCode.UNSUPPORTED_DATA, meaning: 'the client sent a binary frame (after an error frame saying so)', client: 'send JSON as text' },
  { code: CloseCode.INVALID_PAYLOAD, meaning: 'the client sent a text frame that is not valid UTF-8', client: 'fix the client' },
  { code: CloseCode.MESSAGE_TOO_BIG, meaning: 'the client sent a frame over 4x maxFrameBytes', client: 'cut files into pieces' },
  { code: CloseCode.POLICY_VIOLATION, meaning: 'more than 256 refused frames waited for their answer at once', client: 'wait for answers before sending more' },
  { code: CloseCode.HELLO_TIMEOUT, meaning: 'no hello within helloTimeoutMs of opening', client: 'reconnect and send hello at once' },
] as const;

const ORDERING =
  'Frames are handled one at a time, in the order they arrive, and their answers (ack, nack, error) leave in that order: ' +
  'the answer to a frame never overtakes the answer to an earlier one. Events are not answers: they leave as they happen, so they may come between a frame and its answer.';

const CONNECT_MESSAGE = { output: { generic: [{ response_type: 'connect_to_agent', message_to_human_agent: 'Billing question' }] } };

/** The smallest connect message, and one with every field the adapters read. */
const CONNECT_MESSAGE_EXAMPLES: JsonObject[] = [
  CONNECT_MESSAGE,
  {
    output: {
      generic: [
        { response_type: 'text', text: 'Let me get you a person.' },
        {
          response_type: 'connect_to_agent',
          message_to_human_agent: 'Refund for order A-1',
          agent_available: { message: 'An agent will be with you shortly.' },
          agent_unavailable: { message: 'Nobody is online; leave a message.' },
          transfer_info: { target: { 'genesys-cloud': { queue: 'billing' } } },
        },
      ],
    },
    session_history_key: 'history-42',
  },
];

/** One example of each frame, valid by its schema (a test checks). */
const EXAMPLES: Record<ClientType | ServerType, JsonObject[]> = {
  hello: [
    { type: 'hello', id: '1', protocol: PROTOCOL_VERSION },
    { type: 'hello', id: '1', protocol: PROTOCOL_VERSION, resume: { chatId: 'c-7f3a', token: 'secret-token', lastSeq: 7 } },
  ],
  start: [
    { type: 'start', id: '2', adapter: 'example', connectMessage: CONNECT_MESSAGE, preStartChatPayload: { orderId: 'A-1' } },
    {
      type: 'start',
      id: '2',
      adapter: 'genesys-cloud',
      connectMessage: CONNECT_MESSAGE_EXAMPLES[1]!,
    },
  ],
  send: [{ type: 'send', id: '3', messageId: 'm-1', message: { input: { text: 'Hello' } } }],
  file: [{ type: 'file', id: '4', fileId: 'f-1', name: 'receipt.txt', mimeType: 'text/plain', size: 5, offset: 0, data: 'aGVsbG8=' }],
  files: [{ type: 'files', id: '5', fileIds: ['f-1'] }],
  typing: [{ type: 'typing', id: '6', isTyping: true }],
  read: [{ type: 'read', id: '7' }],
  end: [{ type: 'end', id: '8', info: { preEndChatPayload: { rating: 5 } } }],
  availability: [{ type: 'availability', id: '9', adapter: 'example', connectMessage: CONNECT_MESSAGE }],
  state: [{ type: 'state', id: '10', state: { locale: 'en-GB' } }],
  cobrowse: [{ type: 'cobrowse', id: '11' }],
  ack: [
    { type: 'ack', id: '1', result: { protocol: PROTOCOL_VERSION, resumed: false, maxFrameBytes: 65536 } },
    { type: 'ack', id: '2', result: { chatId: 'c-7f3a', token: 'secret-token' } },
    { type: 'ack', id: '3' },
  ],
  nack: [{ type: 'nack', id: '3', error: { code: 'CHAT_ENDED', message: 'The chat has ended', isRetryable: false } }],
  event: [
    { type: 'event', event: { chatId: 'c-7f3a', seq: 5, at: 1764403200000, type: 'agentJoined', profile: { id: 'agent-1', nickname: 'Sam' } } },
    {
      type: 'event',
      event: {
        chatId: 'c-7f3a',
        seq: 9,
        at: 1764403201000,
        type: 'sendMessageToUser',
        agentId: 'agent-1',
        message: { id: 'desk-m1', output: { generic: [{ response_type: 'text', text: 'Hi, how can I help?' }] } },
      },
    },
  ],
  error: [
    {
      type: 'error',
      id: '2',
      error: {
        code: 'INVALID_INPUT',
        message: 'Invalid frame: connectMessage: expected object',
        issues: [{ path: 'connectMessage', message: 'expected object' }],
      },
    },
  ],
};

const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const typeOf = (schema: { shape: { type: { def: { values: readonly unknown[] } } } }) => String(schema.shape.type.def.values[0]);

/** Every schema the documents name, by component name, with its description. */
function namedSchemas(): Array<{ id: string; schema: z.core.$ZodType; description: string }> {
  return [
    ...clientFrameSchema.def.options.map((schema) => ({
      id: `${pascal(typeOf(schema))}Frame`,
      schema,
      description: CLIENT_FRAMES[typeOf(schema) as ClientType],
    })),
    ...serverFrameSchema.def.options.map((schema) => ({
      id: `${pascal(typeOf(schema))}Frame`,
      schema,
      description: SERVER_FRAMES[typeOf(schema) as ServerType],
    })),
    ...wireEventSchema.def.options.map((schema) => ({
      id: `${pascal(typeOf(schema))}Event`,
      schema,
      description: `${EVENTS[typeOf(schema) as EventType]} Every event has chatId, seq and at (milliseconds since the epoch).`,
    })),
    { id: 'HelloResult', schema: helloResultSchema, description: "hello's ack result." },
    { id: 'StartResult', schema: startResultSchema, description: "start's ack result. Keep the token like a password: it is the only way to resume." },
    {
      id: 'FileResult',
      schema: fileResultSchema,
      description: "file's ack result: how many bytes of the file the gateway holds (where the next piece starts).",
    },
    { id: 'AvailabilityResult', schema: availabilityResultSchema, description: "availability's ack result: null when unknown." },
    { id: 'CobrowseResult', schema: cobrowseResultSchema, description: "cobrowse's ack result, with Live Assist's field names." },
    {
      id: 'WireError',
      schema: wireErrorSchema,
      description: 'An error: a stable code (docs/errors.md), a message for people, and for INVALID_INPUT each bad field.',
    },
    {
      id: 'ConnectMessage',
      schema: connectMessageSchema,
      description:
        "The bot's answer that asked for a human: output.generic lists items with a response_type. The adapter reads the connect_to_agent item " +
        '(message_to_human_agent, agent_available.message, agent_unavailable.message, transfer_info.target); other items pass unread.',
    },
    { id: 'JsonObject', schema: jsonObjectSchema, description: 'Any JSON object.' },
    { id: 'JsonValue', schema: jsonValueSchema, description: 'Any JSON value.' },
  ];
}

/** The JSON Schemas of every frame, event, result and shared shape, each referring to the others as `${base}${name}`. */
function schemasUnder(base: string): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const descriptions = new Map<string, string>();
  for (const { id, schema, description } of namedSchemas()) {
    registry.add(schema, { id });
    descriptions.set(id, description);
  }
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-7', io: 'input', uri: (id) => `${base}${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema;
      return [
        id,
        { description: descriptions.get(id) ?? '', ...(rest as JsonObject), ...(id === 'ConnectMessage' ? { examples: CONNECT_MESSAGE_EXAMPLES } : {}) },
      ];
    }),
  );
}

/** A JSON Schema (draft-07) document holding every frame in `definitions`, and accepting any one client or server frame. */
export function widgetProtocolJsonSchema(): JsonObject {
  const definitions = schemasUnder('#/definitions/');
  const ref = (id: string) => ({ $ref: `#/definitions/${id}` });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `byosd widget protocol, version ${PROTOCOL_VERSION}: every frame`,
    oneOf: [
      { title: 'ClientFrame', oneOf: clientFrameSchema.def.options.map((schema) => ref(`${pascal(typeOf(schema))}Frame`)) },
      { title: 'ServerFrame', oneOf: serverFrameSchema.def.options.map((schema) => ref(`${pascal(typeOf(schema))}Frame`)) },
    ],
    definitions,
  };
}

/** The AsyncAPI 3 document of the widget protocol, from the gateway's point of view. */
export function widgetProtocolAsyncApi(): JsonObject {
  const schemas = schemasUnder('#/components/schemas/');
  const clientTypes = clientFrameSchema.def.options.map(typeOf) as ClientType[];
  const serverTypes = serverFrameSchema.def.options.map(typeOf) as ServerType[];
  const message = (type: ClientType | ServerType, summary: string): JsonObject => ({
    name: type,
    title: `${type} frame`,
    summary,
    payload: { $ref: `#/components/schemas/${pascal(type)}Frame` },
    examples: EXAMPLES[type].map((payload, index) => ({ name: `${type}-${index + 1}`, payload })),
  });
  const channelMessage = (type: string) => ({ $ref: `#/channels/chat/messages/${type}` });
  const answers = ['ack', 'nack', 'error'].map(channelMessage);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'byosd widget protocol',
      version: String(PROTOCOL_VERSION),
      description: [
        'JSON frames over one WebSocket per chat, between a widget and the byosd gateway (docs/gateway-protocol.md).',
        `Every frame is one JSON object in a text message, with a type. Every client frame has an id (1 to ${MAX_FRAME_ID_LENGTH} characters) and is answered with ack or nack (same id) once handled, or error when refused before handling.`,
        ORDERING,
        `A send or files frame names at most ${MAX_FILES_PER_FRAME} files. Frames over the gateway's maxFrameBytes (hello's ack says it) get an error frame.`,
        `Error codes: ${ERROR_CODES.join(', ')}.`,
        `Close codes: ${CLOSE_CODES.map(({ code, meaning, client }) => `${code} ${meaning} (client: ${client})`).join('; ')}; any other: the connection dropped (reconnect and resume).`,
      ].join('\n\n'),
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: { gateway: { host: 'localhost:8080', protocol: 'ws', description: "A gateway; use wss and the gateway's public host in production." } },
    channels: {
      chat: {
        address: '/v1/chat',
        title: 'One chat',
        description: 'One WebSocket per chat; the gateway checks Origin against its allow-list.',
        messages: Object.fromEntries([...clientTypes, ...serverTypes].map((type) => [type, { $ref: `#/components/messages/${type}` }])),
      },
    },
    operations: {
      ...Object.fromEntries(
        clientTypes.map((type) => [
          `receive${pascal(type)}`,
          {
            action: 'receive',
            channel: { $ref: '#/channels/chat' },
            summary: CLIENT_FRAMES[type],
            messages: [channelMessage(type)],
            reply: { channel: { $ref: '#/channels/chat' }, messages: answers },
            ...(ACK_RESULTS[type] ? { 'x-ack-result': { $ref: `#/components/schemas/${ACK_RESULTS[type]}` } } : {}),
          },
        ]),
      ),
      sendEvent: { action: 'send', channel: { $ref: '#/channels/chat' }, summary: SERVER_FRAMES.event, messages: [channelMessage('event')] },
    },
    components: {
      schemas,
      messages: Object.fromEntries([
        ...clientTypes.map((type) => [type, message(type, CLIENT_FRAMES[type])]),
        ...serverTypes.map((type) => [type, message(type, SERVER_FRAMES[type])]),
      ]),
    },
    'x-ordering': ORDERING,
    'x-close-codes': CLOSE_CODES.map((entry) => ({ ...entry })),
    'x-error-codes': [...ERROR_CODES],
  };
}
