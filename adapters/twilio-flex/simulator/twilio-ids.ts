import { randomBytes } from 'node:crypto';

/** A Twilio SID: a two-letter prefix naming the resource type (CH, MB, IM, WT...) and 32 hex digits. */
export function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}
