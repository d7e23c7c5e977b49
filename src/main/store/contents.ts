/**
 * Content-addressed texts (migration 9): result outputs longer than INLINE_MAX characters and the content part
 * of traces (./traceFacts.ts) are kept once in `contents`, keyed by the first 16 bytes of their SHA-256; result
 * and trace rows refer to them, so a re-run whose outputs equal an earlier run's adds no copy of them.
 * The SQL functions here are registered on every connection of the store (./store.ts, ./writerWorker.ts): the
 * `results` and `result_traces` views and their insert triggers use them.
 */
import * as crypto from "node:crypto";
import type { Database } from "better-sqlite3";
import { unpackContent } from "./contentPacking";
import { mergeTrace, splitTrace } from "./traceFacts";

/** Bases (migration 12) a connection keeps in memory to unpack contents without reading them again. */
const MAX_KNOWN_BASES = 256;
/** Contents a connection keeps unpacked: a query naming the output of a few runs' rows each more than once. */
const RECENT_CONTENTS = 8;

/** Outputs up to this many characters stay in their row (a hash and a lookup would cost more than they save). */
export const INLINE_MAX = 64;

const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string, encoding: "buffer") => Buffer }).hash;

/** The key of a text in `contents`: the first 16 bytes of its SHA-256. */
export function contentKey(text: string): Buffer {
  const digest = oneShot ? oneShot("sha256", text, "buffer") : crypto.createHash("sha256").update(text).digest();
  return digest.subarray(0, 16);
}

/**
 * Registers cascade_hash, cascade_trace_content, cascade_trace_facts, cascade_trace, and cascade_unpack (a
 * packed content's text, given its packed form, base id and base text: contentPacking.ts, migration 12) with
 * cascade_unpack_known (the same without the base text, for a base this connection has read, else NULL).
 */
export function registerContentFunctions(db: Database): void {
  const opts = { deterministic: true };
  db.function("cascade_hash", opts, (text: unknown) => (typeof text === "string" ? contentKey(text) : null));
  db.function("cascade_trace_content", opts, (text: unknown) => (typeof text === "string" ? splitTrace(text).content : null));
  db.function("cascade_trace_facts", opts, (text: unknown) => (typeof text === "string" ? splitTrace(text).facts : null));
  db.function("cascade_trace", opts, (content: unknown, facts: unknown) =>
    typeof content === "string" ? mergeTrace(content, typeof facts === "string" ? facts : null) : null,
  );
  // The bases this connection read, by id (never reused: migration 12), and the contents it unpacked last (a
  // ring: a join of runs names each run's output in turn). A packed text and its base id give one text.
  const bases = new Map<number, string>();
  const recent: { packed: string; id: number; text: string }[] = [];
  let next = 0;
  const unpacked = (packed: unknown, id: number, base: string): string => {
    if (typeof packed !== "string") throw new Error("cascade_unpack: a packed content is text");
    const text = unpackContent(packed, base);
    recent[next] = { packed, id, text };
    next = (next + 1) % RECENT_CONTENTS;
    return text;
  };
  db.function("cascade_unpack_known", opts, (packed: unknown, id: unknown) => {
    const n = Number(id);
    for (const r of recent) if (r.packed === packed && r.id === n) return r.text;
    const base = bases.get(n);
    return base === undefined ? null : unpacked(packed, n, base);
  });
  db.function("cascade_unpack", opts, (packed: unknown, id: unknown, base: unknown) => {
    if (typeof base !== "string") throw new Error(`cascade_unpack: a packed content needs its base (content_bases id ${String(id)})`);
    if (bases.size >= MAX_KNOWN_BASES) bases.delete(bases.keys().next().value as number);
    bases.set(Number(id), base);
    return unpacked(packed, Number(id), base);
  });
}
