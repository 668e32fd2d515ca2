import type { FastifyReply } from 'fastify';
import { httpFaultResponse } from '@byosd/simulators';
import { type RequestFault } from '@byosd/conformance';
import type { z } from 'zod';

/** Never answers: the client's timeout has to act (the connection closes when the simulator stops). */
export function neverReply(reply: FastifyReply): Promise<FastifyReply> {
  void reply;
  return new Promise<FastifyReply>(() => undefined);
}

/** Answers a refusing fault (5xx, or 429 with Retry-After); false when the fault lets the request through. */
export function refuse(reply: FastifyReply, fault: RequestFault | undefined): boolean {
  const refusal = fault ? httpFaultResponse(fault) : undefined;
  if (!refusal) return false;
  void reply.code(refusal.status).headers(refusal.headers).send(refusal.body);
  return true;
}

/** Runs a request under a fault: refused, never answered, or processed and then failed or cut off. */
export async function underFault(
  reply: FastifyReply,
  fault: RequestFault | undefined,
  process: () => { status: number; body: unknown },
): Promise<FastifyReply> {
  if (refuse(reply, fault)) return reply;
  if (fault?.type === 'no-reply') return neverReply(reply);
  const result = process();
  if (fault?.type === 'fail-after-processing') return reply.code(500).send({ message: 'Internal server error (injected fault, after processing)' });
  if (fault?.type === 'drop-after-processing') {
    reply.hijack();
    reply.raw.socket?.destroy();
    return reply;
  }
  return reply.code(result.status).send(result.body);
}

/** 400 naming every bad field, or the parsed value. */
export function parseOr400<S extends z.ZodType>(reply: FastifyReply, schema: S, value: unknown, part: string): z.output<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  void reply.code(400).send({
    message: `Invalid ${part}`,
    issues: parsed.error.issues.map((issue) => ({ path: [part, ...issue.path.map(String)].join('.'), message: issue.message })),
  });
  return undefined;
}
