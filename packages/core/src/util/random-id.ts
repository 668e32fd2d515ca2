/** A random UUID from the platform's cryptographic RNG (Web Crypto, in browsers and Node alike). */
export function randomId(): string {
  return globalThis.crypto.randomUUID();
}
