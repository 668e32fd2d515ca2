/**
 * The version of the service desk contract that this package defines. Every adapter plugin declares the version
 * it implements; the registry refuses a plugin built against another version, so that a contract change is caught
 * when an adapter is loaded rather than in the middle of a chat.
 */
export const SPEC_VERSION = 'byosd.v1' as const;

/** The version of the service desk contract. */
export type SpecVersion = typeof SPEC_VERSION;
