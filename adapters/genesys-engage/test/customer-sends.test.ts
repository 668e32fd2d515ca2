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

/** What becomes of one attempt to post a message. */
type Fate = 'landed-then-failed' | 'failed' | 'ok';

/**
 * A send as the desk makes it: check whether an earlier attempt landed, else post; `fail` decides each attempt's
 * fate, and the send gives up after `attempts` attempts.
 */
function sender(backend: ReturnType<typeof gws>, text: string, fail: (attempt: number) => Fate, attempts = 3) {
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

/** A fresh chat at GWS and its desk's sends: `send` enqueues one message whose attempts meet `fail`'s fates. */
function freshChat() {
  const backend = gws();
  const sends = new CustomerSends(backend.transcript);
  sends.startFresh();
  const send = (messageId: string, text: string, fail: (attempt: number) => Fate, attempts?: number) =>
    sends.enqueue(messageId, sender(backend, text, fail, attempts));
  return { backend, send };
}

const firstAttemptLands = (attempt: number): Fate => (attempt === 0 ? 'landed-then-failed' : 'ok');
const firstAttemptFails = (attempt: number): Fate => (attempt === 0 ? 'failed' : 'ok');

describe('CustomerSends: a retried SendMessage reaches GWS once', () => {
  test('an attempt that landed although it failed is not sent again', async () => {
    const { backend, send } = freshChat();
    await send('m1', 'one', firstAttemptLands);
    expect(backend.texts).toEqual(['one']);
  });

  test('a message whose send gave up after landing, sent again by the user with its messageId, is not sent twice', async () => {
    const { backend, send } = freshChat();
    await expect(send('m1', 'one', () => 'landed-then-failed', 1)).rejects.toThrow('gave up');
    await send('m1', 'one', () => 'ok');
    expect(backend.texts).toEqual(['one']);
  });

  test('after a send gave up with its fate open, the next message is counted afresh and never taken for landed', async () => {
    const { backend, send } = freshChat();
    await expect(send('m1', 'one', () => 'landed-then-failed', 1)).rejects.toThrow('gave up');
    await send('m2', 'two', firstAttemptFails);
    expect(backend.texts).toEqual(['one', 'two']);
  });

  test('a transcript that repeats a page does not make a failed attempt look landed', async () => {
    const { backend, send } = freshChat();
    await send('m1', 'one', () => 'ok');
    backend.repeatPages();
    await send('m2', 'two', firstAttemptFails);
    expect(backend.texts).toEqual(['one', 'two']);
  });
});

describe('CustomerSends after a resume: what the previous host posted is not posted again', () => {
  /** A desk resuming a chat whose previous host had announced `pending` and posted `posted` (its later announcements lost). */
  function resumedChat(posted: string[], pending: { messageId: string; before: number }) {
    const backend = gws();
    backend.texts.push(...posted);
    const announced: { messageId: string; before: number }[] = [];
    const sends = new CustomerSends(backend.transcript, (next) => announced.push(next));
    sends.resume(pending);
    const send = (messageId: string, text: string) =>
      sends.enqueue(
        messageId,
        sender(backend, text, () => 'ok'),
      );
    return { backend, send, announced };
  }

  test('the resend of the announced message, which landed, is not posted; the next one is', async () => {
    const { backend, send } = resumedChat(['one'], { messageId: 'm1', before: 0 });
    await send('m1', 'one');
    await send('m2', 'two');
    expect(backend.texts).toEqual(['one', 'two']);
  });

  test('messages the previous host posted after its last announcement reached the store are recognised, in order', async () => {
    const { backend, send, announced } = resumedChat(['one', 'two', 'three'], { messageId: 'm1', before: 0 });
    await send('m2', 'two');
    await send('m3', 'three');
    await send('m4', 'four');
    expect(backend.texts).toEqual(['one', 'two', 'three', 'four']);
    // The new message is announced with its place before it is posted, for the next host.
    expect(announced).toEqual([{ messageId: 'm4', before: 3 }]);
  });

  test('an announced message that never landed is posted once, and what follows it too', async () => {
    const { backend, send } = resumedChat([], { messageId: 'm1', before: 0 });
    await send('m1', 'one');
    await send('m2', 'two');
    expect(backend.texts).toEqual(['one', 'two']);
  });
});
