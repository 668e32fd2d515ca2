import type { FastifyInstance } from 'fastify';
import { widgetProtocolAsyncApi, widgetProtocolJsonSchema } from '../protocol/asyncapi.js';

/** Where the gateway serves the widget protocol's AsyncAPI document and its frames' JSON Schema. */
export const ASYNCAPI_PATH = '/v1/asyncapi.json';
export const PROTOCOL_SCHEMA_PATH = '/v1/widget-protocol.schema.json';

/** Serves the protocol documents, generated once from the frame schemas this gateway parses with. */
export function mountProtocolDocumentRoutes(app: FastifyInstance): void {
  const asyncApi = JSON.stringify(widgetProtocolAsyncApi());
  const jsonSchema = JSON.stringify(widgetProtocolJsonSchema());
  app.get(ASYNCAPI_PATH, async (_request, reply) => reply.type('application/json').send(asyncApi));
  app.get(PROTOCOL_SCHEMA_PATH, async (_request, reply) => reply.type('application/schema+json').send(jsonSchema));
}
