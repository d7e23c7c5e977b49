/**
 * Rows of a long, server-paged list held by page: which pages a visible range needs, the rows that arrived,
 * and a bound on how many pages stay in memory (least recently used are dropped). Pure; unit-tested.
 */
export class PageCache<T> {
  private pages = new Map<number, T[]>();
  private loading = new Set<number>();
  total: number | null = null;

  constructor(
    readonly pageSize = 200,
    readonly maxPages = 60,
  ) {}

  rowAt(index: number): T | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  /** Pages covering [start, end] (inclusive) that are neither present nor loading. */
  missing(start: number, end: number): number[] {
    const out: number[] = [];
    const last = this.total === null ? end : Math.min(end, this.total - 1);
    if (last < start && this.total !== null) return out;
    for (let p = Math.floor(Math.max(0, start) / this.pageSize); p <= Math.floor(Math.max(0, last) / this.pageSize); p++) {
      if (this.pages.has(p)) this.touch(p);
      else if (!this.loading.has(p)) out.push(p);
    }
    return out;
  }

  markLoading(page: number): void {
    this.loading.add(page);
  }

  /** A page arrived (with the total the server counted at that moment). */
  put(page: number, rows: T[], total: number): void {
    this.loading.delete(page);
    this.total = total;
    this.pages.set(page, rows);
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
  }

  failed(page: number): void {
    this.loading.delete(page);
  }

  private touch(page: number): void {
    const rows = this.pages.get(page)!;
    this.pages.delete(page);
    this.pages.set(page, rows);
  }

  get pageCount(): number {
    return this.pages.size;
  }
}
