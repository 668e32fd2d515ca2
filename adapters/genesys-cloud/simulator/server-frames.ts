import type { ServerFrame, StructuredMessage } from '../protocol/index.js';

/** The documented server frames of Genesys Web Messaging, as the simulator sends them. */

const withTracing = (tracingId: string | undefined) => (tracingId === undefined ? {} : { tracingId });

export function sessionResponseFrame(
  body: { connected: boolean; newSession?: boolean; readOnly?: boolean; maxCustomDataBytes?: number },
  tracingId?: string,
): ServerFrame {
  return { type: 'response', class: 'SessionResponse', code: 200, body, ...withTracing(tracingId) };
}

/** `type` is `message` for pushes and for the guest's own reflected message, `response` for the echo answer. */
export function structuredMessageFrame(type: 'response' | 'message', body: StructuredMessage, tracingId?: string): ServerFrame {
  return { type, class: 'StructuredMessage', code: 200, body, ...withTracing(tracingId) };
}

export function jwtResponseFrame(jwt: string, exp: number, tracingId?: string): ServerFrame {
  return { type: 'response', class: 'JwtResponse', code: 200, body: { jwt, exp }, ...withTracing(tracingId) };
}

export function eventFrame(className: 'ConnectionClosedEvent' | 'SessionExpiredEvent' | 'SessionClearedEvent'): ServerFrame {
  return { type: 'message', class: className, code: 200, body: {} };
}

export function errorFrame(code: number, reason: string, tracingId?: string): ServerFrame {
  return { type: 'response', class: 'string', code, body: reason, ...withTracing(tracingId) };
}

export function tooManyRequestsFrame(retryAfterSeconds: number, tracingId?: string): ServerFrame {
  return {
    type: 'response',
    class: 'TooManyRequestsErrorMessage',
    code: 429,
    body: { retryAfter: retryAfterSeconds, errorCode: 4029, errorMessage: 'Message rate too high for this session' },
    ...withTracing(tracingId),
  };
}
