/**
 * An incremental splitter for a JSON file holding one array of rows (or an object whose "rows", "data" or
 * "items" member is that array). It is fed text chunk by chunk and hands back each element's text with its
 * index and start line; each element is then JSON.parse'd on its own, so memory holds one chunk and one element,
 * never the file, and a malformed element is reported by position while the others are still read.
 *
 * It does not validate JSON: it only tracks strings (with escapes) and the stack of brackets inside an element.
 * A closer that does not match resynchronises to its opener (`{"a": [1}, ...` ends the element at the `}`), and
 * a `]` with no `[` open in the element closes the array, so one broken element rarely swallows the next ones.
 * Problems of the file as a whole (not an array, text after the array, the file ending inside the array) throw.
 */

import { MAX_ROW_CHARS, tooLongProblem } from "./rowLimit";

/** One element of the array: its text (absent when only counting or when larger than the limit). */
export interface JsonElement {
  index: number;
  /** 1-based line of the element's first character. */
  line: number;
  text?: string;
  /** Set instead of text: an element with no value between two commas, or longer than the limit. */
  problem?: string;
}

/** The wrapper keys accepted around the array, as in `{ "rows": [...] }`. */
const WRAPPER_KEYS = new Set(["rows", "data", "items"]);

/** An element longer than this (in UTF-16 code units) is reported instead of being buffered further. */
export const MAX_ELEMENT_CHARS = MAX_ROW_CHARS;

type State = "start" | "objKey" | "key" | "colon" | "objValue" | "skip" | "array" | "after" | "done";

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export class JsonArraySplitter {
  private state: State = "start";
  private line = 1;
  private inString = false;
  private escaped = false;
  /** Skipping a wrapper member's value: its bracket depth. */
  private skipDepth = 0;
  private key = "";
  private wrapped = false;
  // The element being read.
  private stack: number[] = [];
  private started = false;
  private elementLine = 0;
  private pieces: string[] = [];
  private length = 0;
  private tooLarge = false;
  /** Elements handed out so far (the next element's index). */
  count = 0;

  constructor(
    private readonly name: string,
    private readonly opts: { keepText: boolean; maxElementChars?: number } = { keepText: true },
  ) {}

  private fail(what: string): never {
    throw new Error(`${this.name}: ${what}`);
  }

  /** Feeds a chunk; returns the elements it completed. */
  push(chunk: string): JsonElement[] {
    const out: JsonElement[] = [];
    const keep = this.opts.keepText;
    const max = this.opts.maxElementChars ?? MAX_ELEMENT_CHARS;
    let segStart = this.started ? 0 : -1; // where the current element's text starts in this chunk
    const keepUpTo = (end: number) => {
      if (!keep || segStart < 0 || this.tooLarge) return;
      const piece = chunk.slice(segStart, end);
      this.length += piece.length;
      if (this.length > max) {
        this.tooLarge = true;
        this.pieces = [];
      } else this.pieces.push(piece);
    };
    const finish = (end: number) => {
      keepUpTo(end);
      segStart = -1;
      const el: JsonElement = { index: this.count++, line: this.elementLine };
      if (this.tooLarge) el.problem = tooLongProblem(max);
      else if (keep) el.text = this.pieces.join("");
      out.push(el);
      this.pieces = [];
      this.length = 0;
      this.tooLarge = false;
      this.started = false;
      this.stack = [];
    };

    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      switch (this.state) {
        case "start":
          if (isSpace(c) || c === 0xfeff) continue;
          if (c === 91 /* [ */) this.state = "array";
          else if (c === 123 /* { */) this.state = "objKey";
          else this.fail(`expected a JSON array of row objects (or an object with a "rows", "data" or "items" array), found ${JSON.stringify(chunk.slice(i, i + 20))} at line ${this.line}`);
          continue;
        case "objKey":
          if (isSpace(c) || c === 44 /* , */) continue;
          if (c === 34 /* " */) {
            this.state = "key";
            this.key = "";
          } else if (c === 125 /* } */) this.fail('expected a JSON array of row objects, or an object with a "rows", "data" or "items" array: found an object without one');
          else this.fail(`not valid JSON: expected a member name at line ${this.line}`);
          continue;
        case "key":
          if (this.escaped) this.escaped = false;
          else if (c === 92 /* \ */) this.escaped = true;
          else if (c === 34) this.state = "colon";
          if (this.state === "key" && this.key.length < 64) this.key += chunk[i];
          continue;
        case "colon":
          if (isSpace(c)) continue;
          if (c !== 58 /* : */) this.fail(`not valid JSON: expected ":" at line ${this.line}`);
          this.state = "objValue";
          continue;
        case "objValue":
          if (isSpace(c)) continue;
          if (c === 91 && WRAPPER_KEYS.has(this.key)) {
            this.wrapped = true;
            this.state = "array";
            continue;
          }
          this.state = "skip";
          this.skipDepth = 0;
          i--; // the value's first character is read again in "skip"
          continue;
        case "skip":
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === 92) this.escaped = true;
            else if (c === 34) this.inString = false;
          } else if (c === 34) this.inString = true;
          else if (c === 91 || c === 123) this.skipDepth++;
          else if (c === 93 || c === 125) {
            if (this.skipDepth === 0) {
              if (c === 125) i--; // the wrapper object's end: read again in "objKey"
              this.state = "objKey";
            } else this.skipDepth--;
          } else if (c === 44 && this.skipDepth === 0) this.state = "objKey";
          continue;
        case "after":
          if (!isSpace(c)) this.fail(`unexpected text after the array at line ${this.line}: ${JSON.stringify(chunk.slice(i, i + 20))}`);
          continue;
        case "done":
          return out;
        case "array":
          break;
      }

      // Inside the array.
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (!this.started) {
        if (isSpace(c)) continue;
        if (c === 44 /* , */) {
          // Nothing between two commas (or before the first one).
          out.push({ index: this.count++, line: this.line, problem: "no value before this comma" });
          continue;
        }
        if (c === 93 /* ] */) {
          // `[]`, or a trailing comma `[..., ]`, which is let through.
          if (this.closeArray()) return out;
          continue;
        }
        this.started = true;
        this.elementLine = this.line;
        segStart = i;
      }
      if (c === 34) this.inString = true;
      else if (c === 91 || c === 123) this.stack.push(c);
      else if (c === 93 || c === 125) {
        const opener = c === 93 ? 91 : 123;
        if (this.stack.length && this.stack[this.stack.length - 1] === opener) this.stack.pop();
        else {
          const at = this.stack.lastIndexOf(opener);
          if (at >= 0) this.stack.length = at; // a mismatched closer: resynchronise to its opener
          else if (c === 93) {
            // A `]` with no `[` open in the element: the array's end.
            finish(i);
            if (this.closeArray()) return out;
          }
        }
      } else if (c === 44 && this.stack.length === 0) {
        finish(i);
      }
    }
    if (this.started) keepUpTo(chunk.length);
    return out;
  }

  /** Ends the array; true when nothing after it matters (the array was a wrapper's member). */
  private closeArray(): boolean {
    this.state = this.wrapped ? "done" : "after";
    return this.wrapped;
  }

  /** Call at the end of the file: throws when the array (or the document) was not complete. */
  end(): void {
    if (this.state === "after" || this.state === "done") return;
    if (this.state === "start") this.fail("empty file: expected a JSON array of row objects");
    if (this.state !== "array") this.fail('expected a JSON array of row objects, or an object with a "rows", "data" or "items" array: the file ends before one');
    if (this.started && (this.inString || this.stack.length > 0)) {
      this.fail(`the file ends inside element ${this.count} (from line ${this.elementLine}): an unclosed string or bracket?`);
    }
    const n = this.count + (this.started ? 1 : 0);
    this.fail(`the file ends before the array's closing "]" (after ${n} element${n === 1 ? "" : "s"})`);
  }
}
