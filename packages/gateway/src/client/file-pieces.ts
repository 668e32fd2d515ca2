import { ErrorCode, isServiceDeskError, ServiceDeskError } from '@byosd/core';
import { FILE_NOT_HELD } from '../protocol/server-frames.js';

/** The gateway's frame limit when it does not say (its default). */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

/** What every `file` frame of one file repeats. */
export interface FileMeta {
  fileId: string;
  name: string;
  mimeType: string;
  size: number;
}

/**
 * How many bytes of a file one `file` frame can carry under the gateway's frame limit: what is left once the frame's
 * other fields are counted at their longest, in whole base64 groups.
 * @throws INVALID_INPUT when the file's name alone leaves no room.
 */
export function pieceBytes(maxFrameBytes: number, meta: FileMeta): number {
  const envelope = JSON.stringify({ type: 'file', id: 'x'.repeat(128), ...meta, offset: Number.MAX_SAFE_INTEGER, data: '' });
  const room = maxFrameBytes - new TextEncoder().encode(envelope).length;
  const bytes = Math.floor(room / 4) * 3;
  if (bytes < 1) {
    throw new ServiceDeskError(
      ErrorCode.INVALID_INPUT,
      `The name of the file "${meta.name}" leaves no room in the gateway's frames of ${maxFrameBytes} bytes`,
      {
        issues: [{ path: 'name', message: "too long for the gateway's frame limit" }],
      },
    );
  }
  return bytes;
}

/** Bytes as base64, in the browser and in Node alike. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

/** Whether the gateway refused a frame because it does not hold a file it names: upload the file again. */
export function isFileNotHeld(error: unknown): boolean {
  return isServiceDeskError(error, ErrorCode.INVALID_INPUT) && error.issues.some((issue) => issue.message.includes(FILE_NOT_HELD));
}
