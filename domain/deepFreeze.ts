/**
 * Freezes an object graph in place and returns it. An object already frozen is not walked again: the store freezes
 * every state it commits, and a new state shares most of its entries with the one before, so freezing it walks only
 * what the change made. Arrays are walked by index: `for…in` would make a string of every index.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
