import type { FastifyReply } from 'fastify';
import { GWS_STATUS } from '../protocol/index.js';

/** A refusal in GWS's shape: an HTTP status, a non-zero statusCode and a statusMessage. */
export class GwsError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** A chat GWS created before failing, named so that the client can complete it. */
    readonly chatId?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new GwsError(400, GWS_STATUS.BAD_REQUEST, message);
export const forbidden = (message: string) => new GwsError(403, GWS_STATUS.FORBIDDEN, message);
export const notFound = (chatId: string) => new GwsError(404, GWS_STATUS.NOT_FOUND, `Chat ${chatId} does not exist`);

export function sendGwsError(reply: FastifyReply, error: GwsError): FastifyReply {
  return reply
    .code(error.httpStatus)
    .headers(error.headers)
    .send({ statusCode: error.statusCode, statusMessage: error.message, ...(error.chatId ? { id: error.chatId } : {}) });
}

/** Leaves a request unanswered, as a backend that took it and hung would; the client's timeout decides. */
export function neverReply(reply: FastifyReply): FastifyReply {
  reply.hijack();
  return reply;
}

/** Drops the connection under a request without an answer. */
export function dropConnection(reply: FastifyReply): FastifyReply {
  reply.hijack();
  reply.raw.socket?.destroy();
  return reply;
}
