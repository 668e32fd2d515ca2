import { randomUUID } from 'node:crypto';
import { type ClientFrame, clientFrameSchema, GenesysErrorCode, type GuestMessage, MAX_CUSTOM_DATA_BYTES, type ServerFrame } from '../protocol/index.js';
import type { RawData, WebSocket } from 'ws';
import { type BackendOperation, type RequestFault } from '@byosd/conformance';
import { createFaultyDelivery, type FaultInjector, rawDataText, type RequestRecorder } from '@byosd/simulators';
import { type GenesysCloudBackend, type GuestPeer, type GuestSession, isRefusal } from './genesys-cloud-backend.js';
import { errorFrame, jwtResponseFrame, sessionResponseFrame, structuredMessageFrame, tooManyRequestsFrame } from './server-frames.js';

export interface GuestSocketOptions {
  backend: GenesysCloudBackend;
  injector: FaultInjector;
  recorder: RequestRecorder;
  /** The socket's path, for the recorder. */
  path: string;
  /** The `deploymentId` of the socket's URL; configureSession must name the same one. */
  urlDeploymentId: string | null;
}

/**
 * One guest WebSocket: parses each client frame with the adapter's schemas, applies the rate limit and the
 * injected faults, and answers with the documented frames, echoing the request's tracingId.
 */
export function serveGuestSocket(socket: WebSocket, options: GuestSocketOptions): GuestPeer {
  const { backend, injector, recorder, path, urlDeploymentId } = options;
  const sendNow = (frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    recorder.record({ transport: 'ws', direction: 'out', method: 'WS', path, body: frame });
    socket.send(JSON.stringify(frame));
  };
  const delivery = createFaultyDelivery(sendNow, injector);
  const peer: GuestPeer = { push: (frame) => delivery.event(frame), close: () => socket.close(1000, 'session closed') };
  let session: GuestSession | undefined;

  const handle = (frame: ClientFrame): void => {
    const reply = (answer: ServerFrame) => delivery.reply(answer);
    const refuse = (code: number, reason: string) => reply(errorFrame(code, reason, frame.tracingId));
    if (frame.action === 'configureSession') {
      const fault = session === undefined && backend.sessionByToken(frame.token) ? takeFault(injector, 'resume', frame.tracingId, reply) : undefined;
      if (fault === 'handled') return;
      if (urlDeploymentId !== frame.deploymentId) return refuse(400, 'Deployment not found');
      const result = backend.configureSession(peer, frame.token, frame.deploymentId, frame.startNew ?? false);
      if (isRefusal(result)) return refuse(result.code, result.reason);
      session = result.session;
      return reply(
        sessionResponseFrame(
          { connected: true, newSession: result.newSession, readOnly: result.session.readOnly, maxCustomDataBytes: MAX_CUSTOM_DATA_BYTES },
          frame.tracingId,
        ),
      );
    }
    if (!session || session.token !== frame.token || session.state !== 'live') return refuse(GenesysErrorCode.SESSION_NOT_FOUND, 'session not found');
    switch (frame.action) {
      case 'echo':
        return reply(
          structuredMessageFrame('response', { id: randomUUID(), type: 'Text', direction: 'Inbound', text: frame.message.text ?? '' }, frame.tracingId),
        );
      case 'getJwt': {
        const { jwt, exp } = backend.issueJwt(session);
        return reply(jwtResponseFrame(jwt, exp, frame.tracingId));
      }
      case 'closeSession': {
        const fault = takeFault(injector, 'end', frame.tracingId, reply);
        if (fault === 'handled') return;
        backend.closeSession(session, peer);
        return reply(sessionResponseFrame({ connected: false, newSession: false }, frame.tracingId));
      }
      case 'onMessage': {
        const waitMs = session.rateLimit.take();
        if (waitMs > 0) return reply(tooManyRequestsFrame(Math.ceil(waitMs / 1000), frame.tracingId));
        const fault = takeFault(injector, operationOf(frame.message, session.conversation === undefined), frame.tracingId, reply);
        if (fault === 'handled') return;
        const result = backend.receiveMessage(session, frame.message);
        if (isRefusal(result)) return refuse(result.code, result.reason);
        if (fault?.type === 'drop-after-processing') return void socket.terminate();
        if (fault?.type === 'fail-after-processing') return refuse(GenesysErrorCode.UNEXPECTED, 'An unexpected error occurred');
        // The guest's other tabs see the message too; the sender gets it with its tracingId.
        for (const other of session.peers) if (other !== peer) other.push(structuredMessageFrame('message', result.reflected));
        return reply(structuredMessageFrame('message', result.reflected, frame.tracingId));
      }
    }
  };

  socket.on('message', (data: RawData) => {
    let raw: unknown;
    try {
      raw = JSON.parse(rawDataText(data));
    } catch {
      raw = undefined;
    }
    recorder.record({ transport: 'ws', direction: 'in', method: 'WS', path, body: raw });
    const parsed = clientFrameSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const tracingId = typeof raw === 'object' && raw !== null && 'tracingId' in raw && typeof raw.tracingId === 'string' ? raw.tracingId : undefined;
      delivery.reply(
        errorFrame(
          GenesysErrorCode.MISSING_PARAMETER,
          `Missing or invalid parameter: ${issue ? `${issue.path.join('.')} (${issue.message})` : 'frame'}`,
          tracingId,
        ),
      );
      return;
    }
    handle(parsed.data);
  });
  socket.on('close', () => {
    delivery.close();
    backend.forgetPeer(peer);
  });
  return peer;
}

/**
 * Applies an injected fault that refuses a request before it is processed (answering as Genesys would) and returns
 * 'handled'; returns the fault when it acts after processing, or undefined when there is none.
 */
function takeFault(
  injector: FaultInjector,
  operation: BackendOperation | undefined,
  tracingId: string | undefined,
  reply: (frame: ServerFrame) => void,
): RequestFault | 'handled' | undefined {
  const fault = operation === undefined ? undefined : injector.take(operation);
  switch (fault?.type) {
    case 'unavailable':
      reply(errorFrame(GenesysErrorCode.UNEXPECTED, `An unexpected error occurred (${fault.status ?? 503})`, tracingId));
      return 'handled';
    case 'rate-limited':
      reply(tooManyRequestsFrame(Math.ceil(fault.retryAfterMs / 1000), tracingId));
      return 'handled';
    case 'no-reply':
      return 'handled';
    default:
      return fault;
  }
}

/** The backend-neutral operation an onMessage is, for fault injection: the one that creates the conversation is `start`. */
function operationOf(message: GuestMessage, startsConversation: boolean): BackendOperation | undefined {
  if (startsConversation) return 'start';
  if (message.type !== 'Event') return 'send';
  return message.events?.some((event) => event.eventType === 'Typing') ? 'typing' : undefined;
}
