import {
  ErrorCode,
  IdempotentSends,
  LookBeforePosting,
  recoverConnection,
  type ServiceDeskCallback,
  silentLogger,
  type LookReason,
  REMEMBERED_SENDS_LIMIT,
  reportMalformedAnswer,
  retryWhileLive,
  ServiceDeskError,
  type ErrorInfo,
} from '../src/index.js';

const noWait = { minDelayMs: 0, sleep: () => Promise.resolve() };

describe('IdempotentSends', () => {
  test('a send repeated while pending or after success reaches the backend once', async () => {
    const sends = new IdempotentSends();
    let delivered = 0;
    const deliver = () => Promise.resolve().then(() => void (delivered += 1));
    const first = sends.run('m1', deliver);
    const repeated = sends.run('m1', deliver);
    await Promise.all([first, repeated]);
    await sends.run('m1', deliver);
    expect(delivered).toBe(1);
  });

  test('a failed send is forgotten, so the same id can be retried', async () => {
    const sends = new IdempotentSends();
    await expect(sends.run('m1', () => Promise.reject(new Error('lost')))).rejects.toThrow('lost');
    let delivered = 0;
    await sends.run('m1', async () => void (delivered += 1));
    expect(delivered).toBe(1);
  });

  test('memory is bounded: the oldest ids are forgotten first, at the one shared limit', async () => {
    expect(REMEMBERED_SENDS_LIMIT).toBe(10_000);
    const sends = new IdempotentSends(3);
    for (const id of ['a', 'b', 'c', 'd']) await sends.run(id, () => Promise.resolve());
    expect(sends.size).toBe(3);
    expect(sends.get('a')).toBeUndefined();
    expect(sends.get('d')).toBeDefined();
  });

  test('a send that succeeded is remembered by its id alone, not by the promise of its delivery', async () => {
    const sends = new IdempotentSends();
    const first = sends.run('m1', () => Promise.resolve());
    const second = sends.run('m2', () => Promise.resolve());
    await Promise.all([first, second]);
    // Each delivery's own promise is let go once it succeeded: a long chat holds its ids, and one shared promise.
    expect(sends.get('m1')).not.toBe(first);
    expect(sends.get('m1')).toBe(sends.get('m2'));
    await expect(sends.get('m1')).resolves.toBeUndefined();
  });

  test('ids remembered from an earlier host of the chat are not sent again', async () => {
    const sends = new IdempotentSends();
    sends.remember(['m1', 'm2']);
    let delivered = 0;
    await sends.run('m1', async () => void (delivered += 1));
    await sends.run('m3', async () => void (delivered += 1));
    expect(delivered).toBe(1);
  });

  test('settled waits for the sends under way, failed ones included', async () => {
    const sends = new IdempotentSends();
    let finish: () => void = () => undefined;
    const slow = sends.run('m1', () => new Promise<void>((resolve) => (finish = resolve)));
    sends.run('m2', () => Promise.reject(new Error('lost'))).catch(() => undefined);
    let settled = false;
    const waiting = sends.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    finish();
    await Promise.all([slow, waiting]);
    expect(settled).toBe(true);
  });
});

describe('retryWhileLive', () => {
  test('retries a retryable failure while the chat is live', async () => {
    let attempts = 0;
    const result = await retryWhileLive(
      async () => {
        attempts += 1;
        if (attempts < 3) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'down');
        return 'ok';
      },
      () => false,
      noWait,
    );
    expect(result).toBe('ok');
    expect(attempts).toBe(3);
  });

  test('stops retrying once the chat has ended, with the last error', async () => {
    let ended = false;
    let attempts = 0;
    const failing = retryWhileLive(
      async () => {
        attempts += 1;
        ended = true; // the user ends the chat while the first try fails
        throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'down');
      },
      () => ended,
      noWait,
    );
    await expect(failing).rejects.toMatchObject({ code: ErrorCode.BACKEND_UNAVAILABLE });
    expect(attempts).toBe(1);
  });

  test('never retries a failure that is not retryable', async () => {
    let attempts = 0;
    await expect(
      retryWhileLive(
        async () => {
          attempts += 1;
          throw new ServiceDeskError(ErrorCode.INVALID_INPUT, 'bad');
        },
        () => false,
        noWait,
      ),
    ).rejects.toMatchObject({ code: ErrorCode.INVALID_INPUT });
    expect(attempts).toBe(1);
  });
});

describe('reportMalformedAnswer', () => {
  test("a backend answer that broke its protocol reaches the user side as PROTOCOL_ERROR, with the parse failure's words", () => {
    const reported: ErrorInfo[] = [];
    const callback = { setErrorStatus: (info: ErrorInfo) => void reported.push(info) };
    const malformed = new ServiceDeskError(ErrorCode.PROTOCOL_ERROR, 'Malformed answer: entries: expected array');
    expect(reportMalformedAnswer(callback, malformed)).toBe(true);
    expect(reported).toEqual([{ type: 'PROTOCOL_ERROR', logInfo: 'Malformed answer: entries: expected array' }]);
  });

  test('any other failure is left to the caller and reports nothing', () => {
    const reported: ErrorInfo[] = [];
    const callback = { setErrorStatus: (info: ErrorInfo) => void reported.push(info) };
    expect(reportMalformedAnswer(callback, new ServiceDeskError(ErrorCode.TIMEOUT, 'slow'))).toBe(false);
    expect(reportMalformedAnswer(callback, new Error('boom'))).toBe(false);
    expect(reported).toEqual([]);
  });
});

describe('LookBeforePosting', () => {
  /** A backend that took `held`, whose posts fail while `refusing` (after taking the message when `takesRefused`). */
  function backend(held: string[]) {
    const state = { lookups: 0, posts: 0, reasons: [] as LookReason[], refusing: false, takesRefused: false };
    const steps = (messageId: string) => ({
      lookup: async (reason: LookReason) => {
        state.lookups += 1;
        state.reasons.push(reason);
        return held.includes(messageId) ? messageId : undefined;
      },
      post: async () => {
        state.posts += 1;
        if (state.refusing) {
          if (state.takesRefused) held.push(messageId);
          throw new Error('answer lost');
        }
        held.push(messageId);
        return messageId;
      },
    });
    return { state, held, steps };
  }

  test('a first send posts without looking', async () => {
    const posting = new LookBeforePosting();
    const { state, steps } = backend([]);
    expect(await posting.post('m1', steps('m1'))).toBe('m1');
    expect(state).toMatchObject({ lookups: 0, posts: 1 });
  });

  test('after a failed post the next try of that id looks first, and finds what the backend took', async () => {
    const posting = new LookBeforePosting();
    const { state, held, steps } = backend([]);
    state.refusing = true;
    state.takesRefused = true;
    await expect(posting.post('m1', steps('m1'))).rejects.toThrow('answer lost');
    state.refusing = false;
    expect(await posting.post('m1', steps('m1'))).toBe('m1');
    expect(held).toEqual(['m1']);
    expect(state.reasons).toEqual(['failed-attempt']);
    // Found: its fate is settled, so another send of it (an id reused by mistake) is not looked up again.
    await posting.post('m1', steps('m1'));
    expect(state.lookups).toBe(1);
  });

  test('a failed post is remembered past the adapter giving up: the client sending the id again does not duplicate it', async () => {
    const posting = new LookBeforePosting();
    const { state, held, steps } = backend([]);
    // The adapter's tries: four refused (503), the last one taken but its answer lost (500 after processing).
    state.refusing = true;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      state.takesRefused = attempt === 4;
      await expect(posting.post('m1', steps('m1'))).rejects.toThrow();
    }
    state.refusing = false;
    await posting.post('m1', steps('m1'));
    expect(held.filter((id) => id === 'm1')).toHaveLength(1);
  });

  test('a message refused before it landed is posted by the next try', async () => {
    const posting = new LookBeforePosting();
    const { state, held, steps } = backend([]);
    state.refusing = true;
    await expect(posting.post('m1', steps('m1'))).rejects.toThrow();
    state.refusing = false;
    await posting.post('m1', steps('m1'));
    expect(held).toEqual(['m1']);
    expect(state).toMatchObject({ lookups: 1, posts: 2 });
  });

  test('after a resume, sends look until one is not there; the ones after it post without looking', async () => {
    const posting = new LookBeforePosting();
    const { state, held, steps } = backend(['m1', 'm2']);
    posting.resumed();
    await posting.post('m1', steps('m1'));
    await posting.post('m2', steps('m2'));
    await posting.post('m3', steps('m3'));
    expect(state).toMatchObject({ lookups: 3, posts: 1 });
    await posting.post('m4', steps('m4'));
    expect(state).toMatchObject({ lookups: 3, posts: 2 });
    expect(held).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(state.reasons).toEqual(['resumed', 'resumed', 'resumed']);
  });

  test('the ids whose fate is open are bounded: the oldest are forgotten first', async () => {
    const posting = new LookBeforePosting(2);
    const { state, steps } = backend([]);
    state.refusing = true;
    for (const id of ['m1', 'm2', 'm3']) await expect(posting.post(id, steps(id))).rejects.toThrow();
    state.refusing = false;
    await posting.post('m1', steps('m1'));
    expect(state.lookups).toBe(0);
    await posting.post('m3', steps('m3'));
    expect(state.lookups).toBe(1);
  });
});

describe('recoverConnection', () => {
  function recovery(connectedAfter: boolean[]) {
    const reported: ErrorInfo[] = [];
    const state = { reconnects: 0 };
    const callback = { setErrorStatus: (info: ErrorInfo) => void reported.push(info) } as Pick<ServiceDeskCallback, 'setErrorStatus'> as ServiceDeskCallback;
    const run = recoverConnection({
      callback,
      logger: silentLogger,
      chatId: 'chat-1',
      backendName: 'the test desk',
      reconnect: async () => void (state.reconnects += 1),
      isConnected: () => connectedAfter[state.reconnects - 1] ?? true,
      retries: 3,
      minDelayMs: 0,
      isEnded: () => false,
      isChatGone: () => false,
      onChatGone: () => undefined,
    });
    return { run, reported, state };
  }

  test('a connection that closed again while it caught up is reconnected again before the recovery is reported', async () => {
    const { run, reported, state } = recovery([false, true]);
    await run;
    expect(state.reconnects).toBe(2);
    expect(reported.map((info) => info.type === 'DISCONNECTED' && info.isDisconnected)).toEqual([true, false]);
  });

  test('one that stays open is reconnected once', async () => {
    const { run, state } = recovery([true]);
    await run;
    expect(state.reconnects).toBe(1);
  });
});
