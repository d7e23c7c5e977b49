/**
 * The set of item ids a dataset has yielded, kept to catch duplicates: exact (ids are compared byte for byte,
 * not by hash alone), and compact. A Set<string> of 1,000,000 ids like "item-123456" holds about 100 bytes per
 * id on the V8 heap, and the heap's growth before each major GC multiplies that in peak RSS (measured: 55 MB of
 * a 300,000-row run's 290 MB peak). Here the ids' UTF-8 bytes go into one growing byte arena and an
 * open-addressing table holds (hash, offset, length) per id: about 12 + 16 bytes per id at most half full,
 * in ArrayBuffers the GC does not scan.
 */
const encoder = new TextEncoder();

/** FNV-1a over bytes, 32 bits. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class CompactIdSet {
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  /** Per slot: hash, offset + 1 (0: empty), byte length. */
  private hashes = new Uint32Array(1 << 10);
  private offsets = new Uint32Array(1 << 10);
  private lengths = new Uint32Array(1 << 10);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    const start = this.used;
    this.reserve(id.length * 3);
    const { written } = encoder.encodeInto(id, this.arena.subarray(start));
    const end = start + written;
    const hash = hashBytes(this.arena, start, end);
    const mask = this.hashes.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = this.offsets[slot];
      if (at === 0) break;
      if (this.hashes[slot] === hash && this.lengths[slot] === written && this.sameBytes(at - 1, start, written)) return false;
    }
    this.used = end;
    this.insert(hash, start, written);
    if (++this.count * 2 > this.hashes.length) this.grow();
    return true;
  }

  private sameBytes(a: number, b: number, length: number): boolean {
    const bytes = this.arena;
    for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
    return true;
  }

  private insert(hash: number, offset: number, length: number): void {
    const mask = this.hashes.length - 1;
    let slot = hash & mask;
    while (this.offsets[slot] !== 0) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.offsets[slot] = offset + 1;
    this.lengths[slot] = length;
  }

  /** Room for `bytes` more bytes in the arena. */
  private reserve(bytes: number): void {
    if (this.used + bytes <= this.arena.length) return;
    let size = this.arena.length * 2;
    while (this.used + bytes > size) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.arena.subarray(0, this.used));
    this.arena = next;
  }

  private grow(): void {
    const { hashes, offsets, lengths } = this;
    this.hashes = new Uint32Array(hashes.length * 2);
    this.offsets = new Uint32Array(hashes.length * 2);
    this.lengths = new Uint32Array(hashes.length * 2);
    for (let slot = 0; slot < hashes.length; slot++) if (offsets[slot] !== 0) this.insert(hashes[slot], offsets[slot] - 1, lengths[slot]);
  }
}
