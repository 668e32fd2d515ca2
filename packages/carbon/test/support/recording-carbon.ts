import type { ChatInstance, ServiceDeskCallback } from '@carbon/ai-chat';

/** Every wait in these tests is bounded by this; nothing sleeps. */
export const WAIT_MS = 5000;

export type CarbonCall = { method: keyof ServiceDeskCallback; args: unknown[] };

/**
 * Carbon's side of the service-desk API, recorded: the calls the bridge makes on Carbon's callback, in the order
 * Carbon would run them, and the persisted state Carbon would keep in session storage. A test can hold a callback
 * (`hold('agentJoined')`) to see that the bridge waits for it. Carbon itself needs a browser; the Chromium
 * journeys run the real one.
 */
export class RecordingCarbon {
  readonly calls: CarbonCall[] = [];
  persisted: unknown;
  private readonly waiters = new Set<() => void>();
  private readonly held = new Map<string, Promise<void>>();

  constructor(persisted?: unknown) {
    this.persisted = persisted;
  }

  readonly callback: ServiceDeskCallback = {
    updateCapabilities: (...args) => void this.record('updateCapabilities', args),
    updateAgentAvailability: (...args) => this.record('updateAgentAvailability', args),
    agentJoined: (...args) => this.record('agentJoined', args),
    agentReadMessages: (...args) => this.record('agentReadMessages', args),
    agentTyping: (...args) => this.record('agentTyping', args),
    sendMessageToUser: (...args) => this.record('sendMessageToUser', args),
    beginTransferToAnotherAgent: (...args) => this.record('beginTransferToAnotherAgent', args),
    agentLeftChat: (...args) => this.record('agentLeftChat', args),
    agentEndedChat: (...args) => this.record('agentEndedChat', args),
    setErrorStatus: (...args) => this.record('setErrorStatus', args),
    setFileUploadStatus: (...args) => this.record('setFileUploadStatus', args),
    screenShareRequest: () => Promise.reject(new Error('not part of these tests')),
    screenShareEnded: () => this.record('screenShareEnded', []),
    persistedState: () => this.persisted,
    updatePersistedState: (state, merge = true) => {
      this.persisted = merge ? { ...(this.persisted as object), ...(state as object) } : structuredClone(state);
    },
  };

  /** What `instance.getState()` gives `customLoadHistory`, as far as the bridge reads it. */
  instance(): ChatInstance {
    return { getState: () => ({ humanAgent: { serviceDeskState: this.persisted } }) } as unknown as ChatInstance;
  }

  /** Makes Carbon's next `method` take until `release` is called. */
  hold(method: keyof ServiceDeskCallback): () => void {
    let release!: () => void;
    this.held.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => release();
  }

  named(method: keyof ServiceDeskCallback): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  /** Waits (bounded) until `check` holds for the recorded calls. */
  async waitFor(what: string, check: (calls: readonly CarbonCall[]) => boolean): Promise<void> {
    if (check(this.calls)) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = () => {
        if (!check(this.calls)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Waited ${WAIT_MS} ms for ${what}; Carbon saw: ${this.calls.map((call) => call.method).join(', ')}`));
      }, WAIT_MS);
      this.waiters.add(waiter);
    });
  }

  /** Waits for a call of `method` whose arguments satisfy `match`. */
  waitForCall(method: keyof ServiceDeskCallback, match: (args: unknown[]) => boolean = () => true): Promise<void> {
    return this.waitFor(method, (calls) => calls.some((call) => call.method === method && match(call.args)));
  }

  private async record(method: keyof ServiceDeskCallback, args: unknown[]): Promise<void> {
    const hold = this.held.get(method);
    this.held.delete(method);
    if (hold) await hold;
    this.calls.push({ method, args });
    for (const waiter of [...this.waiters]) waiter();
  }
}
