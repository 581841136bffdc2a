/**
 * The entry of a draft's list, ready to be edited. A draft shares the entries of the state before it, and the store
 * freezes every committed state (see TenantStore.transact): editing a shared entry would change what readers see before
 * the change is written, and fails loudly instead. So a frozen entry is replaced in its list by a copy of its top level,
 * which is returned; an entry the change added, or already made editable, is returned as it is.
 *
 * Only the top level is copied: a change sets an entry's fields (`roles = [...]`, `version += 1`), and the arrays and
 * objects inside it stay the frozen ones it shares with the state before, so changing one of those in place still fails
 * loudly rather than changing what readers see.
 */
export function editable<T extends object>(list: T[], entry: T): T {
  if (!Object.isFrozen(entry)) return entry;
  const index = list.indexOf(entry);
  if (index === -1) throw new Error('editable: the entry is not in the list it was said to be in');
  const copy = { ...entry };
  list[index] = copy;
  return copy;
}
