/**
 * A tenant's records (users, conversations, partner channels) are plain objects keyed by ids that come from
 * outside: a conversation id is whatever the request said. A plain object also answers the names it inherits
 * ("constructor", "toString"), and assigning "__proto__" replaces its prototype instead of adding an entry, so
 * lookups read own entries only, and "__proto__" is never a key (JSON readers, zod's included, drop it too).
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether a record can keep an entry under this key and read it back. */
export function isRecordKey(key: string): boolean {
  return key !== '__proto__';
}
