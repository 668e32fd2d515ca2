/** One request a simulator received, or one frame it exchanged over a socket. */
export interface RecordedRequest {
  /** Milliseconds since the epoch. */
  at: number;
  transport: 'http' | 'ws';
  /** `in`: from a client; `out`: to a client (socket frames only). */
  direction: 'in' | 'out';
  /** The HTTP method, or `WS` for socket frames. */
  method: string;
  /** The request path, or the socket's path. */
  path: string;
  /** The parsed body or frame, as received or sent. */
  body: unknown;
}

/** Records what a simulator received and sent, as the AI SDK's test server does, for tests that check the wire. */
export class RequestRecorder {
  private readonly entries: RecordedRequest[] = [];

  record(entry: Omit<RecordedRequest, 'at'>): void {
    this.entries.push({ at: Date.now(), ...entry });
  }

  all(): readonly RecordedRequest[] {
    return this.entries;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
