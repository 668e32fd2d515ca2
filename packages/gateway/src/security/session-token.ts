import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new session token: 256 bits from the cryptographic RNG, base64url. */
export function createSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the gateway stores instead of the token: its SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` is the one whose hash was stored, compared in constant time. */
export function sessionTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashSessionToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
