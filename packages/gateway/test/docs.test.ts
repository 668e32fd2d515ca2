import { existsSync, readFileSync } from 'node:fs';
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
      'webhookHoldMs',
      'webhookHoldLimit',
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

  test('docs/security.md names test files that exist (bare names are under packages/gateway/test)', () => {
    const root = join(__dirname, '..', '..', '..');
    const named = [...docs('security.md').matchAll(/`([\w./-]+\.test\.ts)`/g)].map((match) => match[1] ?? '');
    expect(named.length).toBeGreaterThan(10);
    const missing = named.filter((name) => !existsSync(name.includes('/') ? join(root, name) : join(__dirname, name)));
    expect(missing).toEqual([]);
  });

  test('docs/gateway-protocol.md gives the fields of every event', () => {
    const page = docs('gateway-protocol.md');
    for (const schema of wireEventSchema.def.options) expect(page).toContain(`| \`${schema.shape.type.def.values[0]}\` |`);
  });
});
