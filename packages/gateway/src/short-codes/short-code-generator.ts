import { randomInt } from 'node:crypto';

/** Digits and capitals without the look-alikes 0/O, 1/I/L: easy to read out over the phone. */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A short code of `length` characters drawn with the cryptographic RNG. */
export function generateShortCode(length: number): string {
  let code = '';
  for (let index = 0; index < length; index += 1) code += SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)];
  return code;
}
