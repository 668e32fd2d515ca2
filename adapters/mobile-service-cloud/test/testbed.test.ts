import { fastify } from 'fastify';
import { mobileServiceCloudOptionsSchema } from '../src/index.js';
import { DEMO_BOT_PATH, type DemoBotAnswer, MobileServiceCloudSimulator, mountDemoBotRoute, testbed } from '../testbed/index.js';

describe('the testbed', () => {
  it('names the backend, its conformance target and its demo wiring (gateway only: the adapter holds secrets)', () => {
    expect(testbed.name).toBe('mobile-service-cloud');
    expect(testbed.conformanceTargets.map((target) => target.plugin.name)).toEqual(['mobile-service-cloud']);
    expect(testbed.demo?.inPageOptions).toBeUndefined();
    expect(testbed.demo?.intake?.map((question) => question.id)).toEqual(['name', 'email']);
  });

  it('gives the gateway options that point at the running simulator', async () => {
    const simulator = testbed.create() as MobileServiceCloudSimulator;
    await simulator.start();
    try {
      const options = testbed.demo?.gatewayOptions(simulator);
      expect(options).toMatchObject({ botUrl: simulator.urls.bot, productToken: simulator.account.productToken });
      expect(mobileServiceCloudOptionsSchema.safeParse(options).success).toBe(true);
    } finally {
      await simulator.stop();
    }
  });

  it('lets the demo page talk to the bot before the handover, and hands it the connect message when the bot offers the live chat', async () => {
    const simulator = new MobileServiceCloudSimulator();
    await simulator.start();
    const app = fastify();
    mountDemoBotRoute(app, simulator);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const post = (payload: object) =>
      fetch(`${base}${DEMO_BOT_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    try {
      const ask = async (payload: object) => (await (await post(payload)).json()) as DemoBotAnswer;
      const hours = await ask({ question: 'What are your opening hours?' });
      expect(hours).toMatchObject({ livechat: false, text: expect.stringContaining('9:00') });
      expect(hours.connectMessage).toBeUndefined();
      const human = await ask({ question: 'I want to talk to someone', sessionId: hours.sessionId });
      expect(human.livechat).toBe(true);
      expect(human.sessionId).toBe(hours.sessionId);
      expect(human.connectMessage).toMatchObject({
        session_history_key: hours.sessionId,
        output: { generic: [{ response_type: 'connect_to_agent', message_to_human_agent: 'I want to talk to someone' }] },
      });
      expect((await post({})).status).toBe(400);
    } finally {
      await app.close();
      await simulator.stop();
    }
  });
});
