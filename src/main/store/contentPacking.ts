/**
 * Packing a content against a base text (migration 12). The outputs and traces of one node in one run are
 * alike (the same template, the same JSON keys; only the inputs and the reply differ), so each is stored as the
 * copies it makes from its node's base text (`content_bases`: the first content of that node in that run) and
 * from itself, and the literal text between them. Unpacking is string slicing and concatenation, so reading a
 * packed output costs little more than reading a plain one.
 *
 * Packed form (TEXT, so that SQLite hands it to the unpacking function as a string: a BLOB argument costs
 * about 1 µs more per call): the character "1" (the format), then ops until the end, each: the length of a
 * literal (UTF-16 units), the literal, the length of a copy, and when that is not 0 the position it copies from
 * in base + the text unpacked so far. A number is written in base 32, low digits first, each digit one ASCII
 * character: "@".."_" for a digit with more to follow, "`"..DEL for the last. A copy never starts or ends inside
 * a surrogate pair, so every literal is whole characters and the packed text is valid UTF-16 (and UTF-8).
 */

/** Shortest copy worth an op (one op costs 3-5 bytes). */
const MIN_COPY = 8;
/** Candidate positions tried per key. */
const MAX_CANDIDATES = 8;
const FORMAT = "1";
const MORE = 0x40;
const LAST = 0x60;

/** A base text and its index of 8-unit keys (built once per base, kept by the writer). */
export interface PackingBase {
  text: string;
  index: KeyIndex;
}

/** Positions by the hash of the 8 units there: a chained hash table in typed arrays (head per bucket, next per position). */
interface KeyIndex {
  mask: number;
  head: Int32Array;
  next: Int32Array;
}

function keyIndex(length: number): KeyIndex {
  let size = 64;
  while (size < length * 2) size *= 2;
  return { mask: size - 1, head: new Int32Array(size).fill(-1), next: new Int32Array(Math.max(length, 1)) };
}

/** The hash of the MIN_COPY units of `text` from `at`. */
function keyHash(text: string, at: number): number {
  let h = 0;
  for (let k = 0; k < MIN_COPY; k++) h = (Math.imul(h, 0x9e3779b1) + text.charCodeAt(at + k)) | 0;
  return (h ^ (h >>> 15)) >>> 0;
}

function addKey(index: KeyIndex, text: string, at: number): void {
  const b = keyHash(text, at) & index.mask;
  index.next[at] = index.head[b];
  index.head[b] = at;
}

/** Positions of a base indexed (copies come from its first 65,536 units: ~0.8 MB of index at most per base). */
const MAX_BASE_INDEXED = 65_536;

export function packingBase(text: string): PackingBase {
  const indexed = Math.min(text.length, MAX_BASE_INDEXED);
  const index = keyIndex(indexed);
  for (let i = indexed - MIN_COPY; i >= 0; i--) addKey(index, text, i);
  return { text, index };
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;

function pushNumber(out: string[], n: number): void {
  while (n >= 32) {
    out.push(String.fromCharCode(MORE + (n & 31)));
    n = Math.floor(n / 32);
  }
  out.push(String.fromCharCode(LAST + n));
}

/** How many units from `from` in `source` equal the text from `at`, at most `limit`. */
function matchLength(source: string, from: number, text: string, at: number, limit: number): number {
  let n = 0;
  while (n < limit && source.charCodeAt(from + n) === text.charCodeAt(at + n)) n++;
  return n;
}

/** The longest match of the text at `at` among the positions `index` keeps for its key: [length, position]. */
function longest(index: KeyIndex, source: string, text: string, at: number, hash: number, end: (from: number) => number): [number, number] {
  let best = 0;
  let from = 0;
  let tries = 0;
  for (let c = index.head[hash & index.mask]; c >= 0 && tries < MAX_CANDIDATES; c = index.next[c], tries++) {
    const n = matchLength(source, c, text, at, end(c));
    if (n > best) [best, from] = [n, c];
  }
  return [best, from];
}

/** `text` packed against `base` (see the file comment). */
export function packContent(text: string, base: PackingBase): string {
  const out: string[] = [FORMAT];
  const own = keyIndex(text.length);
  let indexed = 0;
  let literalFrom = 0;
  let i = 0;
  const emit = (copyLength: number, copyFrom: number) => {
    pushNumber(out, i - literalFrom);
    if (i > literalFrom) out.push(text.slice(literalFrom, i));
    pushNumber(out, copyLength);
    if (copyLength > 0) pushNumber(out, copyFrom);
  };
  const rest = text.length;
  while (i + MIN_COPY <= rest) {
    for (; indexed + MIN_COPY <= i; indexed++) addKey(own, text, indexed);
    const hash = keyHash(text, i);
    let [best, from] = longest(base.index, base.text, text, i, hash, (c) => Math.min(base.text.length - c, rest - i));
    const [self, selfFrom] = longest(own, text, text, i, hash, (c) => Math.min(i - c, rest - i));
    if (self > best) [best, from] = [self, base.text.length + selfFrom];
    if (best > 0 && isHigh(text.charCodeAt(i + best - 1))) best--;
    if (best < MIN_COPY || (i > 0 && isHigh(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    emit(best, from);
    i += best;
    literalFrom = i;
  }
  i = rest;
  emit(0, 0);
  return out.join("");
}

function readNumber(packed: string, at: number): [number, number] {
  let n = 0;
  let scale = 1;
  for (;;) {
    const c = packed.charCodeAt(at++);
    if (!(c >= MORE && c < LAST + 32)) throw new Error("packed content: truncated or not packed");
    if (c >= LAST) return [n + (c - LAST) * scale, at];
    n += (c - MORE) * scale;
    scale *= 32;
  }
}

/** The text `packContent` packed against a base whose text is `base`. */
export function unpackContent(packed: string, base: string): string {
  if (packed[0] !== FORMAT) throw new Error(`packed content: unknown format ${JSON.stringify(packed[0] ?? "")}`);
  let text = "";
  let at = 1;
  while (at < packed.length) {
    let n: number;
    [n, at] = readNumber(packed, at);
    if (n > 0) text += packed.slice(at, (at += n));
    [n, at] = readNumber(packed, at);
    if (n === 0) continue;
    let from: number;
    [from, at] = readNumber(packed, at);
    text += from < base.length ? base.slice(from, from + n) : text.slice(from - base.length, from - base.length + n);
  }
  return text;
}
