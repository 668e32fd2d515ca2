import { connectMessage, ServiceDeskRegistry, silentLogger, waitForEvent } from '@byosd/core';
import { gatewayAdapter, startGateway } from '@byosd/gateway';
import { WebSocket } from 'ws';
import { type ChatvisorSimulator, testbed } from '../testbed/index.js';

/**
 * The demo wiring as `npm start` uses it: the simulator from the test bed, the adapter on a real gateway with the
 * demo's options, and the simulator's webhooks pointed at the gateway's own ingress (not a test host).
 */
describe('the demo wiring', () => {
  it('carries a chat through the gateway, with the webhooks arriving at its ingress under the secret path', async () => {
    const demo = testbed.demo;
    if (!demo?.deliverWebhooksTo) throw new Error('the test bed has no webhook demo wiring');
    const simulator = testbed.create({ seed: 9 }) as ChatvisorSimulator;
    await simulator.start();
    const gateway = await startGateway(
      { host: '127.0.0.1', port: 0, adapters: { chatvisor: demo.gatewayOptions(simulator) }, logLevel: 'silent' },
      { plugins: [demo.adapter], logger: silentLogger },
    );
    try {
      await demo.deliverWebhooksTo(simulator, `${gateway.httpUrl}/webhooks/chatvisor`);
      const session = await new ServiceDeskRegistry().register(gatewayAdapter).load('gateway', { url: gateway.url, adapter: 'chatvisor', WebSocket });
      await session.startChat(connectMessage('Through the demo'), {});
      const chat = await simulator.agent.waitForChat('Through the demo');
      await simulator.agent.accept(chat.chatId, { id: 'ada@example.com', name: 'Ada Lovelace' });
      await simulator.agent.say(chat.chatId, 'Hello from the console');
      await waitForEvent(session.events, (event) => event.type === 'sendMessageToUser', 'the agent message', { timeoutMs: 5000, afterSeq: 0 });
      expect(simulator.lostWebhooks).toBe(0);
      // Every webhook went to the gateway's ingress, under the secret path.
      const deliveries = simulator.recorder.all().filter((entry) => entry.direction === 'out');
      expect(deliveries.length).toBeGreaterThanOrEqual(3);
      for (const delivery of deliveries)
        expect(delivery.path).toMatch(new RegExp(`^${gateway.httpUrl}/webhooks/chatvisor/[A-Za-z0-9_-]{24,}/(new-conversation|status-change|new-message)$`));
      await session.endChat();
      expect((await simulator.agent.chat(chat.chatId)).status).toBe('ended');
    } finally {
      await gateway.close();
      await simulator.stop();
    }
  });
});
