import { type DeskClient, type DeskConnection, ExampleDesk } from '../desk/example-desk.js';
import type { ServerFrame } from '../protocol/desk-protocol.js';
import { type RawData, type WebSocket } from 'ws';
import { type AgentDriver, BACKEND_OPERATIONS, type BackendOperation, type FaultControl, newSeed, type RequestFault } from '@byosd/conformance';
import {
  createFaultControl,
  createFaultyDelivery,
  FaultInjector,
  type FaultyDelivery,
  rawDataText,
  registerControlApi,
  type RequestRecorder,
  type Simulator,
  type SimulatorOptions,
  SimulatorServer,
  type SimulatorUrls,
} from '@byosd/simulators';
import { createExampleAgentDriver } from './example-agent-driver.js';

/** Where the desk's WebSocket listens; the example adapter's `url` option points here. */
export const EXAMPLE_DESK_PATH = '/desk';

/** A frame that breaks the example protocol: an event whose id is not a number. */
const MALFORMED_FRAME = JSON.stringify({ kind: 'event', chatId: 'malformed', eventId: 'not-a-number', event: { type: 'agent-read' } });

/**
 * The example desk simulator: an `ExampleDesk` behind a WebSocket that speaks the frames of the example adapter's
 * `protocol.ts`, with the control API and seeded faults. Lets the example adapter run over a real loopback
 * connection, and shows how every other simulator is put together from the kit.
 */
export class ExampleSimulator implements Simulator {
  readonly agent: AgentDriver;
  readonly faults: FaultControl;
  private readonly injector: FaultInjector;
  private readonly server: SimulatorServer;
  private readonly sockets = new Set<WebSocket>();
  private desk = new ExampleDesk();

  constructor(options: SimulatorOptions = {}) {
    this.injector = new FaultInjector(options.seed ?? newSeed());
    this.server = new SimulatorServer(options);
    this.agent = createExampleAgentDriver(() => this.desk);
    this.faults = createFaultControl(this.injector, {
      dropConnections: () => this.desk.dropConnections(),
      sendMalformed: () => {
        for (const socket of this.sockets) this.sendText(socket, MALFORMED_FRAME, 'malformed');
      },
    });
    this.server.webSocket(EXAMPLE_DESK_PATH, (socket) => this.accept(socket));
    registerControlApi(this.server.app, this);
  }

  get recorder(): RequestRecorder {
    return this.server.recorder;
  }

  /** The URL to give the example adapter as its `url` option. */
  get deskUrl(): string {
    return `${this.server.urls.ws}${EXAMPLE_DESK_PATH}`;
  }

  start(): Promise<SimulatorUrls> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  reset(): void {
    this.desk.dropConnections();
    this.desk = new ExampleDesk();
    this.injector.reset();
    this.recorder.clear();
  }

  endpoints(): Record<string, string> {
    return { 'desk WebSocket (the adapter option "url")': this.deskUrl, 'control API': `${this.server.urls.http}/control` };
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    const delivery = createFaultyDelivery<ServerFrame>((frame) => this.sendText(socket, JSON.stringify(frame), frame), this.injector);
    /** Faults that apply to the reply of a request the desk is processing, by requestId. */
    const replyFaults = new Map<string, RequestFault>();
    const client: DeskClient = {
      send: (frame) => {
        if (frame.kind === 'event') return delivery.event(frame);
        const fault = replyFaults.get(frame.requestId);
        replyFaults.delete(frame.requestId);
        if (fault?.type === 'drop-after-processing') return socket.terminate();
        if (fault?.type === 'fail-after-processing') {
          // The error names what was created, as real backends do, so that the client can close it again.
          return delivery.reply({ ...frame, error: { code: 'UNAVAILABLE', message: 'The desk failed after processing the request' } });
        }
        delivery.reply(frame);
      },
      close: () => socket.terminate(),
    };
    const connection = this.desk.connect(client);
    socket.on('message', (data) => this.receive(data, connection, delivery, replyFaults));
    socket.on('close', () => {
      this.sockets.delete(socket);
      connection.disconnected();
      delivery.close();
    });
  }

  private receive(data: RawData, connection: DeskConnection, delivery: FaultyDelivery<ServerFrame>, replyFaults: Map<string, RequestFault>): void {
    let frame: unknown;
    try {
      frame = JSON.parse(rawDataText(data));
    } catch {
      frame = undefined; // The desk answers BAD_REQUEST.
    }
    this.recorder.record({ transport: 'ws', direction: 'in', method: 'WS', path: EXAMPLE_DESK_PATH, body: frame });
    const { operation, requestId } = describeRequest(frame);
    const fault = operation === undefined ? undefined : this.injector.take(operation);
    if (fault === undefined || requestId === undefined) return connection.receive(frame);
    switch (fault.type) {
      case 'unavailable':
        return delivery.reply({ kind: 'reply', requestId, error: { code: 'UNAVAILABLE', message: `The desk answered ${fault.status ?? 503}` } });
      case 'rate-limited':
        return delivery.reply({ kind: 'reply', requestId, error: { code: 'RATE_LIMITED', message: 'Too many requests', retryAfterMs: fault.retryAfterMs } });
      case 'no-reply':
        return;
      case 'fail-after-processing':
      case 'drop-after-processing':
        replyFaults.set(requestId, fault);
        return connection.receive(frame);
    }
  }

  private sendText(socket: WebSocket, text: string, recorded: unknown): void {
    if (socket.readyState !== socket.OPEN) return;
    this.recorder.record({ transport: 'ws', direction: 'out', method: 'WS', path: EXAMPLE_DESK_PATH, body: recorded });
    socket.send(text);
  }
}

/** The backend operation and request id of a client frame, as far as they can be read. */
function describeRequest(frame: unknown): { operation?: BackendOperation; requestId?: string } {
  if (typeof frame !== 'object' || frame === null) return {};
  const { op, requestId } = frame as { op?: unknown; requestId?: unknown };
  return {
    ...((BACKEND_OPERATIONS as readonly unknown[]).includes(op) ? { operation: op as BackendOperation } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}
