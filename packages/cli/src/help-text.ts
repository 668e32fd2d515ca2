/** The width help text wraps at: a terminal's default 80 columns, with room to spare. */
export const HELP_WIDTH = 100;

/** Splits `text` into lines of at most `width` characters, at spaces (a longer word stays whole). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Options as two columns: each flag, then its meaning, wrapped under itself, so that a long flag or a long meaning
 * never runs into its neighbour.
 */
export function optionColumns(rows: ReadonlyArray<readonly [flag: string, meaning: string]>, width: number = HELP_WIDTH): string {
  const flagWidth = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const indent = ' '.repeat(2 + flagWidth);
  return rows
    .flatMap(([flag, meaning]) => {
      const [first = '', ...rest] = wrapWords(meaning, Math.max(20, width - indent.length));
      return [`  ${flag.padEnd(flagWidth)}${first}`, ...rest.map((line) => `${indent}${line}`)];
    })
    .join('\n');
}
