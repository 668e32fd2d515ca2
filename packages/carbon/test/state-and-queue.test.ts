import { CallbackQueue } from '../src/callback-queue.js';
import { EMPTY_BRIDGE_STATE, readBridgeState } from '../src/bridge-state.js';

describe('the callback queue', () => {
  test('runs each call after the previous one settled, and goes on after one fails', async () => {
    const queue = new CallbackQueue();
    const ran: string[] = [];
    let releaseFirst!: () => void;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    void queue.run('first', () => new Promise<void>((resolve) => (releaseFirst = () => (ran.push('first'), resolve()))));
    void queue.run('failing', () => {
      ran.push('failing');
      throw new Error('Carbon broke');
    });
    const last = queue.run('last', () => ran.push('last'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual([]);
    releaseFirst();
    await last;
    expect(ran).toEqual(['first', 'failing', 'last']);
    expect(warn).toHaveBeenCalledWith("byosd: Carbon's failing failed", expect.any(Error));
    warn.mockRestore();
  });
});

describe('the state kept in Carbon', () => {
  test('nothing persisted is an empty state', () => {
    expect(readBridgeState(undefined)).toEqual(EMPTY_BRIDGE_STATE);
  });

  test('a damaged state is dropped with a warning naming the field', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(readBridgeState({ version: 1, lastSeq: -1, history: [] })).toEqual(EMPTY_BRIDGE_STATE);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('lastSeq'));
    warn.mockRestore();
  });

  test('a state it wrote reads back', () => {
    const state = { version: 1 as const, lastSeq: 7, history: [{ from: 'user' as const, id: 'u-1', text: 'Hi', at: 1 }] };
    expect(readBridgeState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });
});
