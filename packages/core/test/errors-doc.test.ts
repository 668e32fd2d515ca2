import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '@byosd/core';

test('docs/errors.md documents every error code, and no code that does not exist', () => {
  const page = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');
  const documented = [...page.matchAll(/^## `([A-Z_]+)`/gm)].map((match) => match[1]);
  expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
});
