/** Anything carrying an id and the monotonic per-situation version. */
export interface Versioned {
  id: string;
  version: number;
}

/**
 * Holds the newest known copy of each situation. Socket events and HTTP refetches arrive
 * in any order (and again after reconnects), so a copy only ever replaces an older one.
 */
export class VersionedStore<T extends Versioned> {
  private items = new Map<string, T>();
  /** Newest version ever seen per id, so a stale event cannot resurrect an old copy. */
  private readonly latest = new Map<string, number>();
  /** Ids changed by events since the current refetch started. */
  private readonly touched = new Set<string>();

  /** Applies one change; returns false when it is stale (not newer than what was seen). */
  apply(item: T): boolean {
    if ((this.latest.get(item.id) ?? -1) >= item.version) return false;
    this.latest.set(item.id, item.version);
    this.items.set(item.id, item);
    this.touched.add(item.id);
    return true;
  }

  /** Call when a refetch request is sent; events after this point are newer than its answer. */
  beginRefetch(): void {
    this.touched.clear();
  }

  /**
   * Replaces the contents with the server's list (the authority on membership), but keeps
   * copies that events made newer while the request was in flight — including situations
   * created meanwhile that the response could not contain yet.
   */
  reset(fresh: readonly T[]): void {
    const next = new Map<string, T>();
    for (const item of fresh) {
      const held = this.items.get(item.id);
      if (held && held.version > item.version) {
        next.set(item.id, held);
      } else {
        next.set(item.id, item);
        this.latest.set(item.id, Math.max(this.latest.get(item.id) ?? -1, item.version));
      }
    }
    for (const id of this.touched) {
      const held = this.items.get(id);
      if (held && !next.has(id)) next.set(id, held);
    }
    this.items = next;
  }

  /** Snapshot of all held items. */
  values(): T[] {
    return [...this.items.values()];
  }
}
