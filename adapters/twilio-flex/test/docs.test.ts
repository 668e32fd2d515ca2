import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsReferenceTable } from '@byosd/core';
import { twilioFlexAdapter, twilioFlexOptionsSchema } from '../src/index.js';

describe('adapters/twilio-flex/README.md', () => {
  it('holds the options table as the schema describes it', () => {
    const page = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(page).toContain(optionsReferenceTable(twilioFlexOptionsSchema, twilioFlexAdapter.secretOptions));
  });
});
