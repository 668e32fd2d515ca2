import type { ChatMessage } from '../protocol/index.js';
import { CustomerSends, type SendHelpers } from '../src/customer-sends.js';

/** GWS's side: the customer's texts it holds, as the transcript reads them (`repeat` lists some entries twice). */
function gws() {
  const texts: string[] = [];
  let repeat = false;
  const transcript = async (): Promise<ChatMessage[]> => {
    const messages = texts.map(
      (text, index) => ({ index, type: 'Text', text, from: { type: 'Customer', nickname: 'Ada', participantId: '1' } }) as ChatMessage,
    );
    return repeat ? [...messages, ...messages] : messages;
  };
  return {
    texts,
    transcript,
    repeatPages: () => {
      repeat = true;
    },
  };
}

/**
 * A send as the desk makes it: check whether an earlier attempt landed, else post; `fail` decides each attempt's
 * fate, and the send gives up after `attempts` attempts.
 */
function sender(backend: ReturnType<typeof gws>, text: string, fail: (attempt: number) => 'landed-then-failed' | 'failed' | 'ok', attempts = 3) {
  return async ({ landed, sent }: SendHelpers) => {
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      if (await landed(attempt)) return;
      const fate = fail(attempt);
      if (fate !== 'failed') backend.texts.push(text);
      if (fate === 'ok') return sent();
    }
    throw new Error(`gave up sending ${text}`);
  };
}

describe('CustomerSends: a retried SendMessage reaches GWS once', () => {
  test('an attempt that landed although it failed is not sent again', async () => {
    const backend = gws();
    const sends = new CustomerSends(backend.transcript);
    sends.startFresh();
    await sends.enqueue(
      'm1',
      sender(backend, 'one', (attempt) => (attempt === 0 ? 'landed-then-failed' : 'ok')),
    );
    expect(backend.texts).toEqual(['one']);
  });

  test('a message whose send gave up after landing, sent again by the user with its messageId, is not sent twice', async () => {
    const backend = gws();
    const sends = new CustomerSends(backend.transcript);
    sends.startFresh();
    await expect(
      sends.enqueue(
        'm1',
        sender(backend, 'one', () => 'landed-then-failed', 1),
      ),
    ).rejects.toThrow('gave up');
    await sends.enqueue(
      'm1',
      sender(backend, 'one', () => 'ok'),
    );
    expect(backend.texts).toEqual(['one']);
  });

  test('after a send gave up with its fate open, the next message is counted afresh and never taken for landed', async () => {
    const backend = gws();
    const sends = new CustomerSends(backend.transcript);
    sends.startFresh();
    await expect(
      sends.enqueue(
        'm1',
        sender(backend, 'one', () => 'landed-then-failed', 1),
      ),
    ).rejects.toThrow('gave up');
    await sends.enqueue(
      'm2',
      sender(backend, 'two', (attempt) => (attempt === 0 ? 'failed' : 'ok')),
    );
    expect(backend.texts).toEqual(['one', 'two']);
  });

  test('a transcript that repeats a page does not make a failed attempt look landed', async () => {
    const backend = gws();
    const sends = new CustomerSends(backend.transcript);
    sends.startFresh();
    await sends.enqueue(
      'm1',
      sender(backend, 'one', () => 'ok'),
    );
    backend.repeatPages();
    await sends.enqueue(
      'm2',
      sender(backend, 'two', (attempt) => (attempt === 0 ? 'failed' : 'ok')),
    );
    expect(backend.texts).toEqual(['one', 'two']);
  });
});
