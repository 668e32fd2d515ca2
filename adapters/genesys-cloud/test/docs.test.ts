import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsReferenceTable } from '@byosd/core';
import { genesysCloudAdapter } from '@byosd/adapter-genesys-cloud';

const page = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('adapters/genesys-cloud/README.md', () => {
  test('holds the options table as the schema describes it', () => {
    expect(page).toContain(optionsReferenceTable(genesysCloudAdapter.optionsSchema, genesysCloudAdapter.secretOptions));
  });

  test('lists every capability with what the plugin declares', () => {
    for (const [capability, declared] of Object.entries(genesysCloudAdapter.capabilities)) {
      const row = page.split('\n').find((line) => line.startsWith('| ') && line.includes(`\`${capability}\``));
      expect(row).toBeDefined();
      const expected = typeof declared === 'number' ? String(declared) : declared ? 'yes' : 'no';
      expect(row?.split('|')[2]?.trim()).toBe(expected);
    }
  });
});
