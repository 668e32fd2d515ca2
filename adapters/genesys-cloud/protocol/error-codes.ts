/** Genesys Web Messaging error codes, as carried in `code` of `class: "string"` frames. */
export const GenesysErrorCode = {
  FEATURE_UNAVAILABLE: 4000,
  SESSION_EXPIRED: 4006,
  SESSION_NOT_FOUND: 4007,
  MESSAGE_TOO_LONG: 4011,
  CUSTOM_ATTRIBUTES_TOO_LARGE: 4013,
  MISSING_PARAMETER: 4020,
  RATE_LIMITED: 4029,
  UNEXPECTED: 5000,
} as const;
export type GenesysErrorCode = (typeof GenesysErrorCode)[keyof typeof GenesysErrorCode];

/** The most bytes of custom attributes (as JSON) a deployment accepts; SessionResponse's maxCustomDataBytes. */
export const MAX_CUSTOM_DATA_BYTES = 2048;

/** The longest text message Genesys Web Messaging accepts. */
export const MAX_TEXT_LENGTH = 4096;

/** Genesys allows a session at most this many `onMessage` frames per second. */
export const MESSAGES_PER_SECOND = 2;
