import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A JSON fixture: documented Genesys frames and bodies, kept as files. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

type Frame = Record<string, unknown>;

/** server-frames.json: each frame with the sources (keys of `sources`) it was taken from. */
export const serverFrameFixtures = fixture<{ sources: Record<string, string>; frames: Record<string, { sources: string[]; frame: Frame }> }>(
  'server-frames.json',
);

export const clientFrames = fixture<Record<string, Frame>>('client-frames.json');
export const serverFrames: Record<string, Frame> = Object.fromEntries(Object.entries(serverFrameFixtures.frames).map(([name, { frame }]) => [name, frame]));
