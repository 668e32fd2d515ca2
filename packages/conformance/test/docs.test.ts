import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_SCENARIOS, SCENARIO_GROUPS } from '../src/index.js';

/** docs/conformance.md lists every scenario under its group, so that the page stays true as scenarios change. */
describe('docs/conformance.md', () => {
  const page = readFileSync(join(__dirname, '../../../docs/conformance.md'), 'utf8');
  const listed = (group: string) => {
    const section = page.split(`### ${group}\n`)[1]?.split('\n#')[0] ?? '';
    return section
      .split('\n')
      .filter((line) => line.startsWith('- '))
      .map((line) => line.slice(2));
  };

  it.each(SCENARIO_GROUPS)('lists exactly the scenarios of %s', (group) => {
    expect(listed(group)).toEqual(ALL_SCENARIOS.filter((scenario) => scenario.group === group).map((scenario) => scenario.name));
  });
});
