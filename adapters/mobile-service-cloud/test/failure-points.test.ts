import { type ChatEvent } from '@byosd/core';
import { type HandoverStep, isHandoverFailedError } from '../src/index.js';
import type { MobileServiceCloudSimulator } from '../simulator/index.js';
import { type MobileServiceCloudWorld, openChat, startMobileServiceCloudWorld } from './helpers/msc-chat.js';

/**
 * The seed: "If any part of the live chat handover flow fails, the handover will not be triggered, and the end-user
 * will continue the conversation with Conversational AI Cloud." One test per party that can fail.
 */
describe('a failure at any step of the handover leaves the user with the bot and nothing open', () => {
  let world: MobileServiceCloudWorld;

  beforeEach(async () => {
    world = await startMobileServiceCloudWorld({ seed: 11, options: { presenceTimeoutMs: 300 } });
  });
  afterEach(() => world.close());

  const intake = { name: 'Ada', email: 'ada@example.com' };

  async function expectStaysWithBot(step: HandoverStep, message: string | RegExp): Promise<void> {
    const chat = openChat(world);
    const failure: unknown = await chat.start(intake).catch((error: unknown) => error);
    expect(isHandoverFailedError(failure)).toBe(true);
    if (!isHandoverFailedError(failure)) return;
    expect(failure.step).toBe(step);
    expect(failure.message).toMatch(message);
    // The user stays with the bot: the chat is back to idle, and the widget got a message it can show.
    expect(chat.session.state).toBe('idle');
    const shown = chat.events.find(
      (event): event is Extract<ChatEvent, { type: 'setErrorStatus' }> =>
        event.type === 'setErrorStatus' && event.info.type === 'CONNECTING' && 'messageToUser' in event.info,
    );
    expect(shown?.info).toMatchObject({ messageToUser: failure.message });
    // Nothing is left open at CM.com: no MSC conversation, no rule routing the chat to MSC.
    expectNothingOpen(world.simulator, String(chat.session.persisted.desk?.chatId));
  }

  function expectNothingOpen(simulator: MobileServiceCloudSimulator, chatId: string): void {
    expect(simulator.openConversations()).toBe(0);
    expect(simulator.isRoutedToMsc(chatId)).toBe(false);
  }

  it('presence: a 5xx is offline (not an error), the bot says so, no handover', async () => {
    world.simulator.faults.failNext('availability', { type: 'unavailable', status: 500 });
    await expectStaysWithBot('offline', world.simulator.bot.content.offlineText);
  });

  it('presence: no answer in time is offline', async () => {
    world.simulator.faults.failNext('availability', { type: 'no-reply' });
    await expectStaysWithBot('offline', world.simulator.bot.content.offlineText);
  });

  it('presence: garbage instead of Online/Offline is offline', async () => {
    world.simulator.partyFaults.failNext('presence-garbage');
    await expectStaysWithBot('offline', world.simulator.bot.content.offlineText);
  });

  it('prechat: the event fails at the bot', async () => {
    world.simulator.partyFaults.failNext('prechat', { type: 'unavailable', status: 503 }, 10);
    await expectStaysWithBot('prechat', /intake before the handover failed/);
  });

  it('prechat: the dialog asks a question the intake has no answer to', async () => {
    world.simulator.bot.content.prechat = [{ intakeId: 'customerNumber', question: 'What is your customer number?' }];
    await expectStaysWithBot('prechat', /What is your customer number\?.*customerNumber/);
  });

  it('mutation: the routing control API refuses the Enable', async () => {
    world.simulator.faults.failNext('start', { type: 'unavailable', status: 503 });
    await expectStaysWithBot('mutation', /handover to a colleague failed/);
  });

  it('mutation: the Enable is applied but answered with a 5xx, and is undone', async () => {
    world.simulator.faults.failNext('start', { type: 'fail-after-processing' });
    await expectStaysWithBot('mutation', /handover to a colleague failed/);
  });

  it('router: the TwoWay exchange refuses the handover message, and the Enable is undone', async () => {
    world.simulator.partyFaults.failNext('router', { type: 'unavailable', status: 503 });
    await expectStaysWithBot('router', /handover to a colleague failed/);
  });

  it('agent side: MSC does not accept the conversation, and the Enable is undone', async () => {
    world.simulator.partyFaults.failNext('agent-side');
    await expectStaysWithBot('agent-side', /No colleague could take the conversation/);
  });

  it('after any of these the user can ask again, and the handover then works', async () => {
    world.simulator.partyFaults.failNext('agent-side');
    const first = openChat(world);
    await expect(first.start(intake)).rejects.toThrow();
    const second = openChat(world);
    await second.start(intake);
    expect(second.session.state).toBe('queued');
    expect(world.simulator.openConversations()).toBe(1);
  });
});

describe('a store that cannot say whether the 24-hour lock holds', () => {
  it('starts no handover and sends nothing to the bot', async () => {
    const down = () => Promise.reject(new Error('store down'));
    const broken = { get: down, set: down, delete: () => Promise.resolve(), take: down };
    const world = await startMobileServiceCloudWorld({ seed: 13, store: broken });
    try {
      const chat = openChat(world);
      const failure: unknown = await chat.start({ name: 'Ada', email: 'ada@example.com' }).catch((error: unknown) => error);
      expect(isHandoverFailedError(failure) && failure.step).toBe('lock');
      expect(chat.session.state).toBe('idle');
      expect(world.simulator.recorder.all().filter((request) => request.path.startsWith('/ai/'))).toEqual([]);
      expect(world.simulator.openConversations()).toBe(0);
    } finally {
      await world.close();
    }
  });
});
