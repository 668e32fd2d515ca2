import { GenesysEngageSimulator, GWS_FAULTS_PREFIX } from '../simulator/index.js';
import { CONTACT_CENTER_ID_HEADER, chatResourceAnswerSchema, messagesAnswerSchema, requestChatAnswerSchema } from '../protocol/index.js';

const ADA = { id: 'agent-ada', name: 'Ada' };
const GRACE = { id: 'agent-grace', name: 'Grace' };

let simulator: GenesysEngageSimulator;
let base: string;

beforeEach(async () => {
  simulator = new GenesysEngageSimulator({ seed: 7 });
  await simulator.start();
  base = simulator.baseUrl;
});

afterEach(() => simulator.stop());

function gws(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${base}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      [CONTACT_CENTER_ID_HEADER]: simulator.contactCenterId,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

async function requestChat(subject = 'Question', prefix = '/api/v2/chats'): Promise<string> {
  const response = await gws(prefix, { body: { operationName: 'RequestChat', nickname: 'Chris', subject, userData: { orderId: '42' } } });
  expect(response.status).toBe(200);
  return requestChatAnswerSchema.parse(await response.json()).id;
}

async function messages(chatId: string, index?: number) {
  const response = await gws(`/api/v2/chats/${chatId}/messages${index === undefined ? '' : `?index=${index}`}`);
  expect(response.status).toBe(200);
  return messagesAnswerSchema.parse(await response.json()).messages;
}

describe('identity: anonymous customers of a known contact centre', () => {
  test('a request without ContactCenterId is refused and opens no chat', async () => {
    const response = await fetch(`${base}/api/v2/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operationName: 'RequestChat', nickname: 'Chris' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 2, statusMessage: expect.stringContaining('ContactCenterId') });
    expect(await simulator.agent.chats()).toEqual([]);
  });

  test('an unknown contact centre is refused', async () => {
    const response = await gws('/api/v2/chats', {
      body: { operationName: 'RequestChat', nickname: 'Chris' },
      headers: { [CONTACT_CENTER_ID_HEADER]: 'not-ours' },
    });
    expect(response.status).toBe(403);
    expect(await simulator.agent.chats()).toEqual([]);
  });

  test('a request with Authorization is refused, as the customer API refuses user requests', async () => {
    const response = await gws('/api/v2/chats', {
      body: { operationName: 'RequestChat', nickname: 'Chris' },
      headers: { authorization: 'Basic YWdlbnQ6c2VjcmV0' },
    });
    expect(response.status).toBe(403);
    expect(await simulator.agent.chats()).toEqual([]);
  });

  test('a bad body names the field', async () => {
    const response = await gws('/api/v2/chats', { body: { operationName: 'RequestChat' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { statusMessage: string }).statusMessage).toContain('nickname');
  });

  test('CORS: a preflight is answered and answers name the origin with credentials', async () => {
    const preflight = await fetch(`${base}/api/v2/chats/x/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'contactcenterid,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain(CONTACT_CENTER_ID_HEADER);
    const answer = await gws(`/api/v2/chats/${await requestChat()}`, { headers: { origin: 'https://shop.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(answer.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });
});

describe('a chat', () => {
  test('goes WaitingForAgent, Chatting, Idle, and the agent console sees what the customer sent', async () => {
    const chatId = await requestChat('Where is my order?');
    const state = async () => chatResourceAnswerSchema.parse(await (await gws(`/api/v2/chats/${chatId}`)).json()).chat.state;
    expect(await state()).toBe('WaitingForAgent');
    expect((await simulator.agent.waitForChat('Where is my order?')).preChat).toEqual({ nickname: 'Chris', orderId: '42' });
    await simulator.agent.accept(chatId, ADA);
    expect(await state()).toBe('Chatting');
    expect((await gws(`/api/v2/chats/${chatId}`, { body: { operationName: 'SendMessage', text: 'Hello?' } })).status).toBe(200);
    expect((await gws(`/api/v2/chats/${chatId}`, { body: { operationName: 'SendStartTypingNotification' } })).status).toBe(200);
    expect((await simulator.agent.chat(chatId)).userTyping).toBe(true);
    expect((await gws(`/api/v2/chats/${chatId}`, { body: { operationName: 'Complete' } })).status).toBe(200);
    expect(await state()).toBe('Idle');
    const seen = await simulator.agent.chat(chatId);
    expect(seen).toMatchObject({ status: 'ended', endedBy: 'user', messages: [{ text: 'Hello?' }] });
    expect((await gws(`/api/v2/chats/${chatId}`, { body: { operationName: 'SendMessage', text: 'late' } })).status).toBe(400);
  });

  test('the /api/v2/me/chat spelling reaches the same resources', async () => {
    const chatId = await requestChat('alias', '/api/v2/me/chat');
    await simulator.agent.accept(chatId, ADA);
    const resource = chatResourceAnswerSchema.parse(await (await gws(`/api/v2/me/chat/${chatId}`)).json());
    expect(resource.chat.participants.map((participant) => participant.type)).toEqual(['Customer', 'Agent']);
    const page = messagesAnswerSchema.parse(await (await gws(`/api/v2/me/chat/${chatId}/messages?index=0`)).json());
    expect(page.messages.map((message) => message.type)).toEqual(['ParticipantJoined', 'ParticipantJoined']);
  });

  test('every message type: join, text, typing, transfer (join before leave), leave, rejoin', async () => {
    const chatId = await requestChat();
    await simulator.agent.accept(chatId, ADA);
    await simulator.agent.type(chatId, true);
    await simulator.agent.say(chatId, 'Hi, Ada here');
    await simulator.agent.type(chatId, false);
    await simulator.agent.transfer(chatId, GRACE);
    await simulator.agent.leave(chatId);
    await simulator.agent.accept(chatId, GRACE);
    const all = await messages(chatId, 0);
    expect(all.map((message) => `${message.type}:${message.from.nickname}`)).toEqual([
      'ParticipantJoined:Chris',
      'ParticipantJoined:Ada',
      'TypingStarted:Ada',
      'Text:Ada',
      'TypingStopped:Ada',
      'ParticipantJoined:Grace',
      'ParticipantLeft:Ada',
      'ParticipantLeft:Grace',
      'ParticipantRejoined:Grace',
    ]);
    expect(all.map((message) => message.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('the agent ends the chat: the agent leaves and the chat is Idle', async () => {
    const chatId = await requestChat();
    await simulator.agent.accept(chatId, ADA);
    await simulator.agent.end(chatId);
    expect((await messages(chatId, 0)).at(-1)).toMatchObject({ type: 'ParticipantLeft', from: { type: 'Agent' } });
    expect(chatResourceAnswerSchema.parse(await (await gws(`/api/v2/chats/${chatId}`)).json()).chat.state).toBe('Idle');
    await expect(simulator.agent.say(chatId, 'too late')).rejects.toMatchObject({ code: 'CHAT_ENDED' });
  });

  test('an unknown chat is 404', async () => {
    expect((await gws('/api/v2/chats/nope/messages')).status).toBe(404);
  });
});

describe('the message cursor', () => {
  test('without index: only what this client has not received; index=N: from N on, cursor untouched', async () => {
    const chatId = await requestChat();
    await simulator.agent.accept(chatId, ADA);
    expect((await messages(chatId)).map((message) => message.index)).toEqual([1, 2]);
    expect(await messages(chatId)).toEqual([]);
    await simulator.agent.say(chatId, 'one');
    await simulator.agent.say(chatId, 'two');
    expect((await messages(chatId, 3)).map((message) => message.text)).toEqual(['one', 'two']);
    expect((await messages(chatId, 4)).map((message) => message.text)).toEqual(['two']);
    expect((await messages(chatId)).map((message) => message.text)).toEqual(['one', 'two']);
  });

  test('the repeated-page fault gives the previous cursor page again', async () => {
    const chatId = await requestChat();
    await simulator.agent.accept(chatId, ADA);
    await simulator.agent.say(chatId, 'one');
    const first = await messages(chatId);
    await fetch(`${base}${GWS_FAULTS_PREFIX}/repeat-page`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ times: 1 }),
    });
    await simulator.agent.say(chatId, 'two');
    expect(await messages(chatId)).toEqual(first);
    expect((await messages(chatId)).map((message) => message.text)).toEqual(['two']);
  });
});

describe('faults', () => {
  test('429 and 503 carry Retry-After; 5xx without; then the poll works', async () => {
    const chatId = await requestChat();
    simulator.failNextPoll({ type: 'rate-limited', retryAfterMs: 2000 });
    simulator.failNextPoll({ type: 'unavailable-retry-after', retryAfterMs: 1000 });
    simulator.failNextPoll({ type: 'unavailable', status: 502 });
    const limited = await gws(`/api/v2/chats/${chatId}/messages`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    const unavailable = await gws(`/api/v2/chats/${chatId}/messages`);
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '1']);
    expect((await gws(`/api/v2/chats/${chatId}/messages`)).status).toBe(502);
    expect((await messages(chatId)).map((message) => message.index)).toEqual([1]);
  });

  test('a start that fails after creating the chat names it, so that it can be completed', async () => {
    simulator.faults.failNext('start', { type: 'fail-after-processing' });
    const response = await gws('/api/v2/chats', { body: { operationName: 'RequestChat', nickname: 'Chris', subject: 'half' } });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { id: string };
    expect((await simulator.agent.chat(body.id)).status).toBe('queued');
  });

  test('slow responses: the delivery latency delays every customer answer', async () => {
    const chatId = await requestChat();
    simulator.faults.setDelivery({ latencyMs: 150 });
    const startedAt = Date.now();
    await messages(chatId);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
  });

  test('a network cut drops the next poll of every live chat; a malformed page breaks the schema once', async () => {
    const chatId = await requestChat();
    simulator.faults.dropConnections();
    await expect(gws(`/api/v2/chats/${chatId}/messages`)).rejects.toThrow();
    simulator.faults.sendMalformed();
    const malformed = await (await gws(`/api/v2/chats/${chatId}/messages`)).json();
    expect(messagesAnswerSchema.safeParse(malformed).success).toBe(false);
    expect((await messages(chatId)).map((message) => message.index)).toEqual([1]);
  });

  test('the control API drives the agent over HTTP', async () => {
    const chatId = await requestChat();
    const post = (path: string, body: unknown) =>
      fetch(`${base}/control/chats/${chatId}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('accept', { agent: ADA })).status).toBe(200);
    expect((await post('messages', { text: 'Hello from the console' })).status).toBe(200);
    expect((await post('transfer', { to: GRACE })).status).toBe(200);
    expect((await post('end', {})).status).toBe(200);
    expect((await messages(chatId, 0)).map((message) => message.type)).toEqual([
      'ParticipantJoined',
      'ParticipantJoined',
      'Text',
      'ParticipantJoined',
      'ParticipantLeft',
      'ParticipantLeft',
    ]);
  });
});
