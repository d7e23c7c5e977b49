/**
 * How the writer stores a content (migration 12): once (by its key, contents.ts), and packed against the base
 * of its slot — one node's outputs, or its traces, in one run (contentPacking.ts). A slot's base is the first
 * content of that slot this writer had to store (a warm re-run, whose contents are all there, picks none and
 * writes none); it is kept in `content_bases`, written again (OR IGNORE) with every content packed against it,
 * in the same transaction, so that a `cascade gc` between two batches cannot leave a content without its base
 * (its id is looked up each time: a base written again gets a new one).
 * A content whose packed form is not smaller stays plain (`base` NULL).
 */
import type { Database } from "better-sqlite3";
import { contentKey } from "./contents";
import { packContent, packingBase, type PackingBase } from "./contentPacking";

/** Slots whose base the writer keeps (the oldest goes first): a run has one or two per node. */
const MAX_SLOTS = 32;
/** Texts longer than this (UTF-16 units) are stored plain: packing one indexes it whole (~12 bytes per unit). */
const MAX_PACKED_LENGTH = 1_000_000;

interface SlotBase {
  key: Buffer;
  base: PackingBase;
}

/** Returns a function that stores `text` in `contents` (if it is not there) for `slot` and returns its key. Call inside a transaction. */
export function contentWriter(db: Database): (text: string, slot: string) => Buffer {
  const exists = db.prepare("SELECT 1 FROM contents WHERE hash = ?").pluck();
  // OR IGNORE: another connection may have stored the same text since the look-up.
  const insert = db.prepare("INSERT OR IGNORE INTO contents (hash, body, base) VALUES (?, ?, ?)");
  const insertBase = db.prepare("INSERT OR IGNORE INTO content_bases (hash, body) VALUES (?, ?)");
  const baseId = db.prepare("SELECT id FROM content_bases WHERE hash = ?").pluck();
  const slots = new Map<string, SlotBase>();
  const slotBase = (slot: string, text: string): SlotBase => {
    let s = slots.get(slot);
    if (s) return s;
    if (slots.size >= MAX_SLOTS) slots.delete(slots.keys().next().value as string);
    s = { key: contentKey(text), base: packingBase(text) };
    slots.set(slot, s);
    return s;
  };
  return (text, slot) => {
    const key = contentKey(text);
    if (exists.get(key) !== undefined) return key;
    if (text.length > MAX_PACKED_LENGTH) {
      insert.run(key, text, null);
      return key;
    }
    const s = slotBase(slot, text);
    const packed = packContent(text, s.base);
    if (Buffer.byteLength(packed) >= Buffer.byteLength(text)) {
      insert.run(key, text, null);
      return key;
    }
    insertBase.run(s.key, s.base.text);
    insert.run(key, packed, baseId.get(s.key));
    return key;
  };
}
