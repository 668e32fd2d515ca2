import { randomBytes } from 'node:crypto';
import { ErrorCode, randomId, ServiceDeskError } from '@byosd/core';
import type { ShortCodeRecord, ShortCodeRole, ShortCodeStore } from '../stores/short-code-store.js';
import { generateShortCode } from './short-code-generator.js';

export interface ShortCodeServiceOptions {
  store: ShortCodeStore;
  length: number;
  ttlMs: number;
}

/** Draws before giving up: with 31^6 codes a run of collisions means the code space is nearly full. */
const MAX_DRAWS = 10;

/**
 * Co-browse short codes (Live Assist style): each code stands for a new co-browse session (a session token and
 * a correlation id), is unique across instances, expires, and is redeemable once by the customer's page and once
 * by the agent.
 */
export class ShortCodeService {
  constructor(private readonly options: ShortCodeServiceOptions) {}

  /** Creates a code for a new co-browse session, optionally on behalf of a chat. */
  async create(chatId?: string): Promise<{ shortCode: string; record: ShortCodeRecord }> {
    const record: ShortCodeRecord = {
      sessionToken: randomBytes(24).toString('base64url'),
      cid: randomId(),
      ...(chatId === undefined ? {} : { chatId }),
      createdAt: Date.now(),
    };
    for (let draw = 0; draw < MAX_DRAWS; draw += 1) {
      const shortCode = generateShortCode(this.options.length);
      if (await this.options.store.create(shortCode, record, this.options.ttlMs)) return { shortCode, record };
    }
    throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'Could not draw a free short code; raise shortCodeLength');
  }

  /** The session behind `code` for one side, or undefined when the code is unknown, expired or used. */
  redeem(code: string, role: ShortCodeRole): Promise<ShortCodeRecord | undefined> {
    return this.options.store.redeem(code.toUpperCase(), role);
  }
}
