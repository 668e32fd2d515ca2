import { mobileServiceCloudOptionsSchema } from '../src/index.js';
import { MobileServiceCloudSimulator, testbed } from '../testbed/index.js';

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

  it('gives the demo a bot to talk to before the handover, which hands over with the bot session when it offers the live chat', async () => {
    const simulator = new MobileServiceCloudSimulator();
    await simulator.start();
    try {
      const bot = testbed.demo?.bot?.(simulator);
      if (!bot) throw new Error('The demo wiring has no bot');
      const hours = await bot.answer('What are your opening hours?', undefined);
      expect(hours.text).toContain('9:00');
      expect(hours.handover).toBeUndefined();
      const human = await bot.answer('I want to talk to someone', hours.session);
      expect(human.session).toBe(hours.session);
      expect(human.text).toBe('Let me connect you with one of our colleagues.');
      expect(human.handover).toEqual({
        session_history_key: hours.session,
        output: { generic: [{ response_type: 'connect_to_agent', message_to_human_agent: 'I want to talk to someone' }] },
      });
      // The same session at the bot: the adapter, asking again with the key, continues the conversation.
      expect(simulator.bot.requestsOf(hours.session)).toBe(2);
    } finally {
      await simulator.stop();
    }
  });

  it('rejects when the bot cannot be reached (the demo server answers the page 502)', async () => {
    const simulator = new MobileServiceCloudSimulator();
    await simulator.start();
    const bot = testbed.demo?.bot?.(simulator);
    await simulator.stop();
    await expect(bot?.answer('Hello', undefined)).rejects.toThrow();
  });
});
