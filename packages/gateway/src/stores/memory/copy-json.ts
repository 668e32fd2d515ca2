/**
 * A deep copy of JSON data, so that callers never share objects with the store (as with a store over the
 * network). JSON rather than structuredClone: the copy keeps the caller's realm (plain `Object` prototypes).
 */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
