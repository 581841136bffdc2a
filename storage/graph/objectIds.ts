const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Entra tenant ids and user object ids are GUIDs. Anything else is not asked about: it can't name a directory user,
 * and it must never reach a Graph URL path or a token authority.
 */
export function isDirectoryId(value: string): boolean {
  return GUID.test(value);
}
