import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectMessageSchema, ERROR_CODES } from '@byosd/core';
import { clientFrameSchema, CloseCode, serverFrameSchema, widgetProtocolAsyncApi, widgetProtocolJsonSchema, wireEventSchema } from '@byosd/gateway';
import { startTestGateway } from './helpers/test-gateway.js';

const docsFile = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', name), 'utf8'));
const asyncApi = widgetProtocolAsyncApi() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a test walks the JSON

/** Every `$ref` in a document, with whether it points at something in the document. */
function refs(document: unknown): Array<{ ref: string; resolves: boolean }> {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else walk(value);
    }
  };
  walk(document);
  return found.map((ref) => {
    let node: unknown = document;
    for (const part of ref.replace(/^#\//, '').split('/'))
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    return { ref, resolves: node !== undefined };
  });
}

const typesOf = (options: ReadonlyArray<{ shape: { type: { def: { values: readonly unknown[] } } } }>) =>
  options.map((schema) => String(schema.shape.type.def.values[0]));

describe('the widget protocol as AsyncAPI 3 and JSON Schema', () => {
  test('the checked-in documents are what the frame schemas generate (else run npm run docs:asyncapi)', () => {
    expect(docsFile('widget-protocol.asyncapi.json')).toEqual(asyncApi);
    expect(docsFile('widget-protocol.schema.json')).toEqual(widgetProtocolJsonSchema());
  });

  test('the gateway serves both documents', async () => {
    const test_ = await startTestGateway();
    try {
      const base = test_.gateway.url.replace(/^ws/, 'http').replace(/\/v1\/chat$/, '');
      const served = await fetch(`${base}/v1/asyncapi.json`);
      expect(served.headers.get('content-type')).toContain('application/json');
      expect(await served.json()).toEqual(asyncApi);
      expect(await (await fetch(`${base}/v1/widget-protocol.schema.json`)).json()).toEqual(widgetProtocolJsonSchema());
    } finally {
      await test_.close();
    }
  });

  test('every reference resolves', () => {
    expect(refs(asyncApi).filter(({ resolves }) => !resolves)).toEqual([]);
    expect(refs(widgetProtocolJsonSchema()).filter(({ resolves }) => !resolves)).toEqual([]);
  });

  test('it covers every frame, every event with its fields, the error and close codes and the ordering guarantee', () => {
    const frames = [...typesOf(clientFrameSchema.def.options), ...typesOf(serverFrameSchema.def.options)];
    expect(Object.keys(asyncApi['channels'].chat.messages).sort()).toEqual([...frames].sort());
    expect(Object.keys(asyncApi['operations'])).toEqual([
      ...typesOf(clientFrameSchema.def.options).map((type) => `receive${type[0]!.toUpperCase()}${type.slice(1)}`),
      'sendEvent',
    ]);
    const schemas = asyncApi['components'].schemas;
    for (const event of wireEventSchema.def.options) {
      const type = String(event.shape.type.def.values[0]);
      const schema = schemas[`${type[0]!.toUpperCase()}${type.slice(1)}Event`];
      expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(event.shape).sort());
    }
    expect(schemas.ConnectMessage.properties.output.required).toEqual(['generic']);
    for (const example of schemas.ConnectMessage.examples) expect(connectMessageSchema.safeParse(example).success).toBe(true);
    expect(schemas.WireError.properties.code.enum).toEqual([...ERROR_CODES]);
    expect(asyncApi['x-error-codes']).toEqual([...ERROR_CODES]);
    expect(asyncApi['x-close-codes'].map(({ code }: { code: number }) => code).sort()).toEqual(Object.values(CloseCode).sort());
    expect(asyncApi['x-ordering']).toContain('answers (ack, nack, error) leave in that order');
    expect(asyncApi['info'].description).toContain(asyncApi['x-ordering']);
  });

  test('every example is a frame the gateway and its clients accept', () => {
    for (const [type, message] of Object.entries(asyncApi['components'].messages as Record<string, { examples: Array<{ payload: unknown }> }>)) {
      expect(message.examples.length).toBeGreaterThan(0);
      const schema = typesOf(clientFrameSchema.def.options).includes(type) ? clientFrameSchema : serverFrameSchema;
      for (const { payload } of message.examples) expect(schema.safeParse(payload)).toMatchObject({ success: true, data: { type } });
    }
  });
});
