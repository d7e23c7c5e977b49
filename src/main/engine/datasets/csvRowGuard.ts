/**
 * Keeps CSV rows under the row size limit before papaparse sees them: a row (up to a line break outside quotes;
 * `""` inside quotes toggles twice, so plain quote counting finds row ends) longer than `maxChars` is dropped
 * as it streams and replaced by a one-field marker row, which readCsv reports as too long (the row still counts,
 * so later rows keep their numbers). A header row that long cannot be skipped: it is an error of the file.
 */
import { Transform, type TransformCallback } from "node:stream";

export const TOO_LONG_MARKER = "\u0000cascade: row too long";

export class CsvRowGuard extends Transform {
  private inQuotes = false;
  /** The current row's text so far (held back until its end, at most maxChars). */
  private held: string[] = [];
  private rowLength = 0;
  private dropping = false;
  private rows = 0;

  constructor(
    private readonly name: string,
    private readonly maxChars: number,
  ) {
    super({ decodeStrings: false, encoding: "utf8" });
  }

  override _transform(chunk: string | Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = typeof chunk === "string" ? chunk : chunk.toString("utf8");
    const out: string[] = [];
    let from = 0; // start of the current row's text in this chunk
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) this.inQuotes = !this.inQuotes;
      else if (c === 10 /* \n */ && !this.inQuotes) {
        if (this.dropping) out.push(`"${TOO_LONG_MARKER}"\n`);
        else out.push(...this.held, text.slice(from, i + 1));
        this.held = [];
        this.dropping = false;
        this.rowLength = 0;
        this.rows++;
        from = i + 1;
        continue;
      }
      if (this.dropping || ++this.rowLength <= this.maxChars) continue;
      if (this.rows === 0) return done(new Error(`${this.name}: the header row is longer than the row size limit (${this.maxChars} characters)`));
      this.dropping = true;
      this.held = [];
    }
    if (!this.dropping && from < text.length) this.held.push(text.slice(from));
    done(null, out.join(""));
  }

  override _flush(done: TransformCallback): void {
    if (this.dropping) this.push(`"${TOO_LONG_MARKER}"\n`);
    else if (this.held.length) this.push(this.held.join(""));
    done();
  }
}
