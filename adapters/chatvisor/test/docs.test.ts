import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsReferenceTable } from '@byosd/core';
import { CHATVISOR_MAX_MESSAGE_LENGTH } from '../protocol/index.js';
import { CHATVISOR_PATHS, chatvisorAdapter, chatvisorOptionsSchema } from '../src/index.js';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README.md', () => {
  it('holds the options table as the schema describes it', () => {
    expect(readme).toContain(optionsReferenceTable(chatvisorOptionsSchema, chatvisorAdapter.secretOptions));
  });

  it('holds every REST path of the one table, marked documented or assumed as it is there', () => {
    for (const [name, path] of Object.entries(CHATVISOR_PATHS)) {
      expect(readme).toContain(
        `| \`${name}\` | \`${path.method} /rest/v1${path.path}\` | ${path.documented ? 'documented' : '**assumed**'} | ${path.purpose} |`,
      );
    }
  });

  it('states every capability as declared', () => {
    for (const [name, value] of Object.entries(chatvisorAdapter.capabilities)) {
      if (typeof value === 'number') expect(readme).toContain(`| \`${name}\` | ${value} |`);
      else expect(readme).toMatch(new RegExp(`\\| [^|]*\`${name}\`[^|]* \\| ${value ? 'yes' : 'no'} \\|`));
    }
    expect(chatvisorAdapter.capabilities.maxMessageLength).toBe(CHATVISOR_MAX_MESSAGE_LENGTH);
  });
});
