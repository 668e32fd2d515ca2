import { ErrorCode, isServiceDeskError } from '@byosd/core';

/**
 * Optional methods that a desk refused with NOT_SUPPORTED. Through a gateway the manifest is the protocol's, so
 * the bridge offers Carbon every optional method; the adapter behind it may lack one. Carbon would log each
 * refusal as a service desk error, so the first one settles quietly and the method is not called again.
 */
export class RefusedMethods {
  private readonly refused = new Set<string>();

  has(method: string): boolean {
    return this.refused.has(method);
  }

  /** Runs `call`, answering `fallback` when the desk does not support `method` (now or before). */
  async settle<T>(method: string, fallback: T, call: () => Promise<T>): Promise<T> {
    if (this.refused.has(method)) return fallback;
    try {
      return await call();
    } catch (error) {
      if (!isServiceDeskError(error, ErrorCode.NOT_SUPPORTED)) throw error;
      this.refused.add(method);
      return fallback;
    }
  }
}
