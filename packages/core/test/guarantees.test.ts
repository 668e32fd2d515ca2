import {
  ErrorCode,
  IdempotentSends,
  LookBeforePosting,
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
  /** A backend holding `held`; `lookups` counts how often it was asked. */
  function backend(held: string[]) {
    const state = { lookups: 0, reasons: [] as LookReason[] };
    const lookup = (messageId: string) => async (reason: LookReason) => {
      state.lookups += 1;
      state.reasons.push(reason);
      return held.includes(messageId) ? messageId : undefined;
    };
    return { state, lookup };
  }

  test('a first attempt posts without looking; a retry looks', async () => {
    const posting = new LookBeforePosting();
    const { state, lookup } = backend(['m1']);
    expect(await posting.find(0, lookup('m1'))).toBeUndefined();
    expect(state.lookups).toBe(0);
    expect(await posting.find(1, lookup('m1'))).toBe('m1');
  });

  test('after a resume, sends look until one is not there; the ones after it post without looking', async () => {
    const posting = new LookBeforePosting();
    const { state, lookup } = backend(['m1', 'm2']);
    posting.resumed();
    expect(await posting.find(0, lookup('m1'))).toBe('m1');
    expect(await posting.find(0, lookup('m2'))).toBe('m2');
    expect(await posting.find(0, lookup('m3'))).toBeUndefined();
    expect(state.lookups).toBe(3);
    expect(await posting.find(0, lookup('m4'))).toBeUndefined();
    expect(state.lookups).toBe(3);
  });

  test('the lookup is told why: a resume reaches back further than a failed attempt needs to', async () => {
    const posting = new LookBeforePosting();
    const { state, lookup } = backend(['m1']);
    posting.resumed();
    await posting.find(0, lookup('m1'));
    await posting.find(1, lookup('m2'));
    await posting.find(1, lookup('m3'));
    expect(state.reasons).toEqual(['resumed', 'resumed', 'failed-attempt']);
  });
});
