import { ErrorCode, type FileUpload, ServiceDeskError } from '@byosd/core';
import { FILE_NOT_HELD } from '../protocol/server-frames.js';

/** One piece of a file, as a `file` frame carries it, decoded. */
export interface FilePiece {
  fileId: string;
  name: string;
  mimeType: string;
  size: number;
  offset: number;
  bytes: Uint8Array;
}

interface HeldFile {
  name: string;
  mimeType: string;
  size: number;
  pieces: Uint8Array[];
  received: number;
  /** Built once every byte is here. */
  file?: File;
  /** Sent with a message: kept only so that a resent `send` finds it, and the first to go when room is needed. */
  sent: boolean;
}

/**
 * The files one chat's client uploaded, piece by piece, until they are sent with a message. Held in this
 * instance's memory and bounded by `maxBytes` (the sizes the files declare): a file sent already makes room for a
 * new one, oldest first. A chat taken over by another instance starts with none; its client uploads again when
 * told `FILE_NOT_HELD`.
 */
export class FileUploads {
  /** Made at the first piece: most chats upload nothing, and an idle chat holds no empty Map. */
  private files: Map<string, HeldFile> | undefined;

  constructor(private readonly maxBytes: number) {}

  /**
   * Takes one piece, in order. A piece held already is taken again without change (a resend after a drop).
   * @returns how many bytes of the file are held.
   * @throws INVALID_INPUT naming the field: a gap, more bytes than the size, another file under the same id, or
   * no room under `maxBytes`.
   */
  receive(piece: FilePiece): number {
    const files = (this.files ??= new Map());
    let held = files.get(piece.fileId);
    if (held && (held.name !== piece.name || held.mimeType !== piece.mimeType || held.size !== piece.size)) {
      if (piece.offset !== 0) throw invalid('fileId', 'names another file: start it again at offset 0');
      // The client picked another file under the same id: it replaces the first.
      files.delete(piece.fileId);
      held = undefined;
    }
    if (!held) {
      if (piece.offset !== 0) throw invalid('offset', `must be 0 for the first piece of a file (${FILE_NOT_HELD})`);
      makeRoom(files, piece.size, this.maxBytes);
      held = { name: piece.name, mimeType: piece.mimeType, size: piece.size, pieces: [], received: 0, sent: false };
      files.set(piece.fileId, held);
    }
    const end = piece.offset + piece.bytes.length;
    if (end <= held.received) return held.received;
    if (piece.offset !== held.received) throw invalid('offset', `must be ${held.received}, where the file goes on`);
    if (end > held.size) throw invalid('data', `runs ${end - held.size} bytes past the file's size (${held.size})`);
    held.pieces.push(piece.bytes);
    held.received = end;
    return held.received;
  }

  /**
   * The whole files `fileIds` names, as the adapter takes them.
   * @throws INVALID_INPUT (`fileIds.N: not held by the gateway`) for a file that is not here or not whole.
   */
  take(fileIds: readonly string[]): FileUpload[] {
    const issues = fileIds.flatMap((id, index) => {
      const held = this.files?.get(id);
      if (!held) return [{ path: `fileIds.${index}`, message: FILE_NOT_HELD }];
      if (held.received < held.size) return [{ path: `fileIds.${index}`, message: `incomplete: ${held.received} of ${held.size} bytes uploaded` }];
      return [];
    });
    if (issues.length > 0) {
      throw new ServiceDeskError(ErrorCode.INVALID_INPUT, `Invalid frame: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, { issues });
    }
    return fileIds.map((id) => {
      const held = this.files?.get(id) as HeldFile;
      held.file ??= new File(held.pieces as BlobPart[], held.name, held.mimeType ? { type: held.mimeType } : {});
      held.pieces = [];
      return { id, file: held.file };
    });
  }

  /** The files went out with a message: they make room for new ones from now on. */
  markSent(fileIds: readonly string[]): void {
    const files = this.files;
    for (const id of fileIds) {
      const held = files?.get(id);
      if (!files || !held) continue;
      // Oldest sent first: move it to the end of the insertion order, after the files still waiting.
      files.delete(id);
      files.set(id, { ...held, sent: true });
    }
  }

  clear(): void {
    this.files = undefined;
  }
}

/** Drops files sent already, oldest first, until `size` more bytes fit under `maxBytes`. */
function makeRoom(files: Map<string, HeldFile>, size: number, maxBytes: number): void {
  if (size > maxBytes) throw invalid('size', `${size} bytes is more than the gateway holds for a chat (${maxBytes})`);
  let total = [...files.values()].reduce((sum, held) => sum + held.size, 0);
  for (const [id, held] of files) {
    if (total + size <= maxBytes) break;
    if (!held.sent) continue;
    files.delete(id);
    total -= held.size;
  }
  if (total + size > maxBytes) {
    throw invalid('size', `the chat holds ${total} bytes of files not yet sent; with ${size} more it would pass the limit of ${maxBytes}`);
  }
}

function invalid(path: string, message: string): ServiceDeskError {
  return new ServiceDeskError(ErrorCode.INVALID_INPUT, `Invalid frame: ${path}: ${message}`, { issues: [{ path, message }] });
}
