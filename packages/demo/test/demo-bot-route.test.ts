import type { DemoBot } from '@byosd/simulators';
import { fastify, type FastifyInstance } from 'fastify';
import { demoBotPath } from '../src/page/demo-catalog.js';
import { mountDemoBotRoute } from '../src/server/demo-bot-route.js';

/** A bot that hands over when asked for a person, as a backend's bot would, and keeps the session it was given. */
const echoBot: DemoBot = {
  answer: async (question, session) => ({
    session: session ?? 'session-1',
    text: `You said: ${question}`,
    ...(question.includes('person') ? { handover: { output: { generic: [{ response_type: 'connect_to_agent', message_to_human_agent: question }] } } } : {}),
  }),
};

const brokenBot: DemoBot = {
  answer: async () => {
    throw new Error('bot down, secret-key-123 rejected');
  },
};

describe('the demo server bot route', () => {
  let app: FastifyInstance;
  let base: string;

  beforeEach(async () => {
    app = fastify();
    mountDemoBotRoute(app, 'chatty', echoBot);
    mountDemoBotRoute(app, 'broken', brokenBot);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    await app.close();
  });

  const ask = async (backend: string, payload: unknown) => {
    const response = await fetch(`${base}${demoBotPath(backend)}`, {
      method: 'POST',
      ...(payload === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
    });
    return { statusCode: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("passes the bot's answer on, with the session the page sent back", async () => {
    const first = await ask('chatty', { question: 'Hello' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toEqual({ session: 'session-1', text: 'You said: Hello' });
    const second = await ask('chatty', { question: 'A person, please', session: 'session-7' });
    expect(second.body).toMatchObject({ session: 'session-7', handover: { output: { generic: [{ message_to_human_agent: 'A person, please' }] } } });
  });

  it('answers a bad question 400 naming the field', async () => {
    const empty = await ask('chatty', { question: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatchObject({ error: 'INVALID_INPUT', issues: [{ path: 'body.question' }] });
    const noBody = await ask('chatty', undefined);
    expect(noBody.statusCode).toBe(400);
    expect(noBody.body.issues).toEqual([expect.objectContaining({ path: 'body.question' })]);
  });

  it('answers 502 when the bot fails, without passing on what it said', async () => {
    const failed = await ask('broken', { question: 'Hello' });
    expect(failed.statusCode).toBe(502);
    expect(failed.body).toEqual({ error: 'BACKEND_UNAVAILABLE', message: 'The broken bot did not answer' });
  });
});
