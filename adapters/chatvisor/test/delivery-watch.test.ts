import { DeliveryWatch } from '../src/index.js';

describe('DeliveryWatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const options = { pollIntervalMs: 100, safetyPollIntervalMs: 1000, webhookTimeoutMs: 300 };

  it('polls slowly while webhooks arrive, falls back to fast polling when an expected one does not come, and returns when one does', async () => {
    let polls = 0;
    const modes: string[] = [];
    const watch = new DeliveryWatch(
      options,
      async () => ((polls += 1), 0),
      (mode) => modes.push(mode),
    );
    watch.start();
    watch.expectWebhook();
    await jest.advanceTimersByTimeAsync(200);
    watch.webhookArrived();
    await jest.advanceTimersByTimeAsync(700);
    expect(modes).toEqual([]);
    expect(polls).toBe(0);
    await jest.advanceTimersByTimeAsync(100);
    expect(polls).toBe(1);

    watch.expectWebhook();
    await jest.advanceTimersByTimeAsync(300);
    expect(modes).toEqual(['polling']);
    const before = polls;
    await jest.advanceTimersByTimeAsync(1000);
    expect(polls - before).toBeGreaterThanOrEqual(9);

    watch.webhookArrived();
    expect(modes).toEqual(['polling', 'webhooks']);
    watch.stop();
  });

  it('counts a webhook that came before the answer of the request that fired it', async () => {
    const modes: string[] = [];
    const watch = new DeliveryWatch(
      options,
      async () => 0,
      (mode) => modes.push(mode),
    );
    watch.start();
    const requestedAt = Date.now();
    await jest.advanceTimersByTimeAsync(10);
    watch.webhookArrived();
    await jest.advanceTimersByTimeAsync(10);
    watch.expectWebhook(requestedAt);
    await jest.advanceTimersByTimeAsync(500);
    expect(modes).toEqual([]);
    watch.stop();
  });

  it('treats news found by a poll as a webhook that must follow', async () => {
    const modes: string[] = [];
    let news = 1;
    const watch = new DeliveryWatch(
      options,
      async () => {
        const found = news;
        news = 0;
        return found;
      },
      (mode) => modes.push(mode),
    );
    watch.start();
    await jest.advanceTimersByTimeAsync(1000 + 300);
    expect(modes).toEqual(['polling']);
    watch.stop();
  });
});
