import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientFrameSchema, configReferenceTable, serverFrameSchema, wireEventSchema } from '@byosd/gateway';

const docs = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'docs', name), 'utf8');

describe('operator and protocol docs', () => {
  test('docs/gateway.md holds the configuration table as the schema describes it', () => {
    expect(docs('gateway.md')).toContain(configReferenceTable());
  });

  test('docs/gateway-protocol.md documents every frame', () => {
    const page = docs('gateway-protocol.md');
    const types = [...clientFrameSchema.def.options, ...serverFrameSchema.def.options].map((schema) => schema.shape.type.def.values[0]);
    for (const type of types) expect(page).toContain(`### ${type}\n`);
  });

  test('docs/gateway-protocol.md gives the fields of every event', () => {
    const page = docs('gateway-protocol.md');
    for (const schema of wireEventSchema.def.options) expect(page).toContain(`| \`${schema.shape.type.def.values[0]}\` |`);
  });
});
