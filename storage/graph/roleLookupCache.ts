import type { Clock, RoleLookup } from '../../domain/ports.js';
import { LruMap } from './lruMap.js';

export interface RoleLookupCacheOptions {
  /** How long a successful lookup is reused. */
  ttlMs: number;
  /** How long a failed lookup is repeated as failed before Graph is asked again (keeps a busy chat from hammering). */
  failureTtlMs: number;
  /** Most lookups kept; the least recently used go first. */
  maxEntries: number;
  clock: Clock;
}

interface Entry {
  lookup: RoleLookup;
  expiresAt: number;
}

/**
 * Role lookups per key (tenant and user) for a while: answers within `ttlMs` come from memory, and concurrent lookups
 * of a key that is not cached share one load. A failure is kept only `failureTtlMs` and is still a failure.
 * Every caller gets its own copy, so no caller can change what the next one reads.
 */
export class RoleLookupCache {
  readonly #entries: LruMap<string, Entry>;
  readonly #loading = new Map<string, Promise<RoleLookup>>();

  constructor(private readonly options: RoleLookupCacheOptions) {
    this.#entries = new LruMap(options.maxEntries);
  }

  get(key: string, load: () => Promise<RoleLookup>): Promise<RoleLookup> {
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > this.#now()) return Promise.resolve(copyOf(cached.lookup));
    if (cached) this.#entries.delete(key);
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = load()
        .then((lookup) => {
          this.#remember(key, lookup);
          return lookup;
        })
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading.then(copyOf);
  }

  #remember(key: string, lookup: RoleLookup): void {
    const ttl = lookup.ok ? this.options.ttlMs : this.options.failureTtlMs;
    if (ttl > 0) this.#entries.set(key, { lookup: copyOf(lookup), expiresAt: this.#now() + ttl });
  }

  #now(): number {
    return this.options.clock.now().getTime();
  }
}

function copyOf(lookup: RoleLookup): RoleLookup {
  return lookup.ok ? { ok: true, user: { ...lookup.user, roles: [...lookup.user.roles] } } : { ...lookup };
}
