import type { RawData } from 'ws';

/** The text of a frame a `ws` socket received (a Buffer, fragments, or an ArrayBuffer), as UTF-8. */
export function rawDataText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
