import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsReferenceTable } from '@byosd/core';
import { mobileServiceCloudAdapter, mobileServiceCloudOptionsSchema } from '../src/index.js';

describe('README.md', () => {
  const page = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

  it('holds the options table as the schema describes it', () => {
    expect(page).toContain(optionsReferenceTable(mobileServiceCloudOptionsSchema, mobileServiceCloudAdapter.secretOptions));
  });

  it('lists every capability with what is declared', () => {
    for (const [name, value] of Object.entries(mobileServiceCloudAdapter.capabilities)) {
      if (name === 'maxMessageLength') expect(page).toContain(`| maxMessageLength | ${String(value)} |`);
      else expect(page).toMatch(new RegExp(`\\| [^|]*\\b${name}\\b[^|]* \\| ${value ? 'yes' : 'no'} \\|`));
    }
  });
});
