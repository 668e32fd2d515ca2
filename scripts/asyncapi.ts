/**
 * `npm run docs:asyncapi`: writes the widget protocol's AsyncAPI document and frame JSON Schema, generated from the
 * gateway's zod schemas, into docs/. A test fails when the checked-in files and the schemas differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { widgetProtocolAsyncApi, widgetProtocolJsonSchema } from '@byosd/gateway';
import { findWorkspaceRoot } from '@byosd/testbed';

const docs = join(findWorkspaceRoot(__dirname), 'docs');
const write = (name: string, document: unknown) => {
  writeFileSync(join(docs, name), `${JSON.stringify(document, null, 2)}\n`);
  console.log(`Wrote ${join(docs, name)}`);
};
write('widget-protocol.asyncapi.json', widgetProtocolAsyncApi());
write('widget-protocol.schema.json', widgetProtocolJsonSchema());
