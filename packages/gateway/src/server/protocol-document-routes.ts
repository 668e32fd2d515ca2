import type { FastifyInstance } from 'fastify';
import { widgetProtocolAsyncApi, widgetProtocolJsonSchema } from '../protocol/asyncapi.js';

/** Where the gateway serves the widget protocol's AsyncAPI document and its frames' JSON Schema. */
export const ASYNCAPI_PATH = '/v1/asyncapi.json';
export const PROTOCOL_SCHEMA_PATH = '/v1/widget-protocol.schema.json';

/**
 * Serves the protocol documents, generated from the frame schemas this gateway parses with: at the first request
 * (it takes tens of milliseconds, which start-up need not wait for), then kept.
 */
export function mountProtocolDocumentRoutes(app: FastifyInstance): void {
  let asyncApi: string | undefined;
  let jsonSchema: string | undefined;
  app.get(ASYNCAPI_PATH, async (_request, reply) => reply.type('application/json').send((asyncApi ??= JSON.stringify(widgetProtocolAsyncApi()))));
  app.get(PROTOCOL_SCHEMA_PATH, async (_request, reply) =>
    reply.type('application/schema+json').send((jsonSchema ??= JSON.stringify(widgetProtocolJsonSchema()))),
  );
}
