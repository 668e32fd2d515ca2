import type { ScenarioResult, SuiteReport } from '../result.js';

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[character] ?? character);

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testCase(result: ScenarioResult): string {
  const open = `    <testcase classname="${escapeXml(`${result.adapter}.${result.group}`)}" name="${escapeXml(`${result.scenario} [${result.mode}]`)}" time="${seconds(result.durationMs)}"`;
  if (result.status === 'passed') return `${open}/>`;
  const message = escapeXml(result.error ?? '');
  const inner = result.status === 'failed' ? `<failure message="${message}">${message}</failure>` : `<skipped message="${message}"/>`;
  return `${open}>\n      ${inner}\n    </testcase>`;
}

/** The JUnit XML report that CI systems read: one `<testsuite>` per adapter. */
export function toJunitXml(report: SuiteReport): string {
  const adapters = [...new Set(report.results.map((result) => result.adapter))];
  const suites = adapters.map((adapter) => {
    const results = report.results.filter((result) => result.adapter === adapter);
    const count = (status: ScenarioResult['status']) => results.filter((result) => result.status === status).length;
    const time = seconds(results.reduce((total, result) => total + result.durationMs, 0));
    return [
      `  <testsuite name="${escapeXml(`byosd conformance: ${adapter}`)}" tests="${results.length}" failures="${count('failed')}" skipped="${count('skipped')}" time="${time}">`,
      `    <properties><property name="seed" value="${report.seed}"/></properties>`,
      ...results.map(testCase),
      '  </testsuite>',
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="byosd conformance" time="${seconds(report.durationMs)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
