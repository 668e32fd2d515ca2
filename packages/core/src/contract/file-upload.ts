import * as z from 'zod/mini';

/** A file the user picked, before it is sent with `sendMessageToAgent(..., { filesToUpload })`. */
export interface FileUpload {
  /** Chosen by the widget; `setFileUploadStatus(id, ...)` reports on it. */
  id: string;
  file: Blob & { readonly name: string };
}

/** Parses a {@link FileUpload}. */
export const fileUploadSchema = z.object({
  id: z.string().check(z.minLength(1)),
  file: z.custom<FileUpload['file']>(
    (value) => typeof Blob !== 'undefined' && value instanceof Blob && typeof (value as { name?: unknown }).name === 'string',
    { message: 'expected a File (a Blob with a name)' },
  ),
});
