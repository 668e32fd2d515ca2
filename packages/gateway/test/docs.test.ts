import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientFrameSchema, configReferenceTable, describeConfigField, serverFrameSchema, wireEventSchema } from '@byosd/gateway';

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

  test('docs/gateway.md (Limits) and docs/security.md name every limit with its default', () => {
    const limits = [
      'maxFrameBytes',
      'maxJsonDepth',
      'framesPerSecond',
      'frameBurst',
      'helloTimeoutMs',
      'pingIntervalMs',
      'maxConnections',
      'maxChatsPerConnection',
      'maxChats',
      'maxBufferedBytes',
      'maxUploadBytes',
      'httpRequestTimeoutMs',
      'shortCodeCreatesPerMinute',
      'shortCodeGuessesPerMinute',
      'redisCommandTimeoutMs',
      'readinessTimeoutMs',
    ] as const;
    const gateway = docs('gateway.md');
    const limitsSection = gateway.slice(gateway.indexOf('## Limits'), gateway.indexOf('## Redis faults'));
    const security = docs('security.md');
    for (const key of limits) {
      const { defaultValue } = describeConfigField(key);
      expect(limitsSection).toContain(`| \`${key}\``);
      expect(security).toContain(`\`${key}\``);
      expect(`${limitsSection}\n${security}`).toMatch(new RegExp(`\`${key}\`[^|]*\\|[^|\\n]*${String(defaultValue)}`));
    }
  });

  test('docs/gateway-protocol.md gives the fields of every event', () => {
    const page = docs('gateway-protocol.md');
    for (const schema of wireEventSchema.def.options) expect(page).toContain(`| \`${schema.shape.type.def.values[0]}\` |`);
  });
});
