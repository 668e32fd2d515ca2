import * as z from 'zod/mini';

/**
 * What the chat UI may offer the user right now; an adapter changes it during a chat with
 * `updateCapabilities(partial)` (for example, once an agent who accepts files has joined). Names and meaning are
 * exactly those of IBM web chat's and Carbon AI Chat 1.9's `ServiceDeskCapabilities` (Carbon's file upload
 * capabilities).
 */
export interface ChatCapabilities {
  allowFileUploads?: boolean;
  allowMultipleFileUploads?: boolean;
  /** An `accept` attribute value, e.g. `image/*,.pdf`. */
  allowedFileUploadTypes?: string;
}

/** Parses {@link ChatCapabilities}. */
export const chatCapabilitiesSchema = z.object({
  allowFileUploads: z.optional(z.boolean()),
  allowMultipleFileUploads: z.optional(z.boolean()),
  allowedFileUploadTypes: z.optional(z.string()),
});
