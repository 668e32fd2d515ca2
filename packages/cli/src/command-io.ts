/** Where a command writes: the terminal, or a test's buffers. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Thrown for a bad command line: main prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
