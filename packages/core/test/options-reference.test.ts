import { optionsReferenceTable } from '@byosd/core';
import { z } from 'zod';

test('an options table names each option, whether it is required, its default, its description, and secrets', () => {
  const schema = z.object({
    region: z.string().default('eu').describe('Where | the backend runs.'),
    apiKey: z.string().min(1).describe('The key.'),
    timeoutMs: z.number().optional().describe('How long to wait.'),
  });
  expect(optionsReferenceTable(schema, ['apiKey']).split('\n')).toEqual([
    '| option | required | default | meaning |',
    '| --- | --- | --- | --- |',
    '| `region` | no | `"eu"` | Where \\| the backend runs. |',
    '| `apiKey` | yes |  | The key. **Secret.** |',
    '| `timeoutMs` | no |  | How long to wait. |',
  ]);
});
