/**
 * Lines of a text stream with a length limit: a line is kept only up to `maxChars`; a longer one is dropped
 * as it streams (memory holds one chunk and at most `maxChars` of the line) and reported as too long.
 * readline would buffer any line whole.
 */
export interface TextLine {
  /** 1-based. */
  line: number;
  /** Absent when the line was longer than the limit. */
  text?: string;
}

export async function* limitedLines(chunks: AsyncIterable<string>, maxChars: number): AsyncGenerator<TextLine> {
  let pieces: string[] = [];
  let length = 0;
  let tooLong = false;
  let line = 1;
  const take = (piece: string) => {
    if (tooLong) return;
    length += piece.length;
    if (length > maxChars) {
      tooLong = true;
      pieces = [];
    } else pieces.push(piece);
  };
  const end = (): TextLine => {
    const out: TextLine = tooLong ? { line } : { line, text: pieces.join("").replace(/\r$/, "") };
    pieces = [];
    length = 0;
    tooLong = false;
    line++;
    return out;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", from)) {
      take(chunk.slice(from, nl));
      from = nl + 1;
      yield end();
    }
    if (from < chunk.length) take(chunk.slice(from));
  }
  if (length > 0 || tooLong) yield end();
}
