import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A JSON fixture: documented Genesys frames and bodies, kept as files. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

export const clientFrames = fixture<Record<string, Record<string, unknown>>>('client-frames.json');
export const serverFrames = fixture<Record<string, Record<string, unknown>>>('server-frames.json');
