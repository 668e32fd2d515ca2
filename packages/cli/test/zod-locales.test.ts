import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLocaleIndex } from '../src/lazy-zod-locales';

const PROBE = join(__dirname, 'support', 'zod-locales-probe.ts');

describe("zod's locales load when first used", () => {
  test('loading zod loads no locale; English loads when a message is worded, another locale when asked for', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=byosd-source', PROBE], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      replaced: true,
      afterLoad: [],
      english: 'Invalid input: expected string, received number',
      afterEnglish: ['en.cjs'],
      afterGerman: ['en.cjs', 'de.cjs'],
    });
    expect(report['german']).toMatch(/^Ungültige Eingabe/);
    expect(report['locales']).toBeGreaterThan(40);
  });

  test("zod's own index reads as the list of locales it is expected to be", () => {
    const source = readFileSync(require.resolve('zod/v4/locales'), 'utf8');
    const locales = parseLocaleIndex(source) ?? [];
    expect(locales.length).toBeGreaterThan(40);
    expect(locales).toContainEqual({ name: 'en', file: './en.cjs' });
  });

  test('an index of another shape is left alone', () => {
    const source = readFileSync(require.resolve('zod/v4/locales'), 'utf8');
    expect(parseLocaleIndex(`${source}\nrequire("./side-effect.cjs");`)).toBeUndefined();
    expect(parseLocaleIndex(source.replace(/^var ar_js_1 = .*$/m, ''))).toBeUndefined();
    expect(parseLocaleIndex('module.exports = require("./all.cjs");')).toBeUndefined();
  });
});
