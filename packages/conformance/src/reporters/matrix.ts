import type { ScenarioResult, ScenarioStatus, SuiteReport } from '../result.js';

const MARK: Record<ScenarioStatus, string> = { passed: 'pass', failed: 'FAIL', skipped: 'skip' };

/** One progress line per result: `pass  example  lifecycle: the agent ends the chat [raw]  (41 ms)`. */
export function formatProgress(result: ScenarioResult): string {
  const why = result.status === 'passed' ? '' : `\n        ${result.error ?? ''}`;
  return `${MARK[result.status]}  ${result.adapter}  ${result.group}: ${result.scenario} [${result.mode}]  (${result.durationMs} ms)${why}`;
}

/**
 * The scenario x adapter matrix: one row per scenario and mode, one column per adapter, then a summary line per
 * adapter and the seed that replays the run.
 */
export function formatMatrix(report: SuiteReport): string {
  const adapters = [...new Set(report.results.map((result) => result.adapter))];
  const rows = [...new Set(report.results.map((result) => `${result.group}: ${result.scenario} [${result.mode}]`))];
  const cell = (row: string, adapter: string) => {
    const result = report.results.find((candidate) => candidate.adapter === adapter && `${candidate.group}: ${candidate.scenario} [${candidate.mode}]` === row);
    return result ? MARK[result.status] : '-';
  };
  const width = Math.max('scenario'.length, ...rows.map((row) => row.length));
  const columnWidths = adapters.map((adapter) => Math.max(adapter.length, 4));
  const line = (first: string, cells: string[]) =>
    [first.padEnd(width), ...cells.map((text, index) => text.padEnd(columnWidths[index] ?? 4))].join('  ').trimEnd();
  const summary = adapters.map((adapter) => {
    const results = report.results.filter((result) => result.adapter === adapter);
    const count = (status: ScenarioStatus) => results.filter((result) => result.status === status).length;
    return `${adapter}: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`;
  });
  return [
    line('scenario', adapters),
    line(
      '-'.repeat(width),
      columnWidths.map((size) => '-'.repeat(size)),
    ),
    ...rows.map((row) =>
      line(
        row,
        adapters.map((adapter) => cell(row, adapter)),
      ),
    ),
    '',
    ...summary,
    `seed ${report.seed} (replay with --seed ${report.seed}), ${(report.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
