/**
 * A forgiving JSON reader for what models write when asked for JSON: trailing commas, single-quoted strings,
 * unquoted keys, Python's True/False/None, // and # comments. Never evaluates code.
 */

export type RelaxedResult = { ok: true; value: unknown; end: number } | { ok: false; error: string; offset: number };

class RelaxedError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const WORDS: Record<string, unknown> = { true: true, false: false, null: null, True: true, False: false, None: null };
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "/": "/", "\\": "\\", '"': '"', "'": "'" };

class Reader {
  i: number;
  constructor(
    readonly s: string,
    start: number,
  ) {
    this.i = start;
  }

  fail(message: string): never {
    throw new RelaxedError(message, this.i);
  }

  skip(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === " " || c === "\n" || c === "\r" || c === "\t") this.i++;
      else if (c === "/" && this.s[this.i + 1] === "/") this.toEol();
      else if (c === "#") this.toEol();
      else return;
    }
  }

  toEol(): void {
    while (this.i < this.s.length && this.s[this.i] !== "\n") this.i++;
  }

  value(): unknown {
    this.skip();
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"' || c === "'") return this.string(c);
    if (c === "-" || c === "+" || c === "." || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i))?.[0];
    if (word && word in WORDS) {
      this.i += word.length;
      return WORDS[word];
    }
    return this.fail(c === undefined ? "unexpected end of text" : `unexpected character ${JSON.stringify(c)}`);
  }

  object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      const key = this.key();
      this.skip();
      if (this.s[this.i] !== ":") this.fail(`expected ":" after key "${key}"`);
      this.i++;
      out[key] = this.value();
      this.skip();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") this.fail('expected "," or "}"');
    }
  }

  key(): string {
    const c = this.s[this.i];
    if (c === '"' || c === "'") return this.string(c);
    const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(this.s.slice(this.i));
    if (!m) this.fail("expected a key");
    this.i += m[0].length;
    return m[0];
  }

  array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.skip();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "]") this.fail('expected "," or "]"');
    }
  }

  string(quote: string): string {
    let out = "";
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === quote) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      if (e === "u") {
        const hex = this.s.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("bad \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 4;
      } else out += ESCAPES[e] ?? e;
    }
    return this.fail("unterminated string");
  }

  number(): number {
    const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail("bad number");
    this.i += m[0].length;
    return Number(m[0]);
  }
}

/** Reads one value starting at `start` (default 0); `end` is where it stopped. */
export function readRelaxedJson(text: string, start = 0): RelaxedResult {
  const r = new Reader(text, start);
  try {
    const value = r.value();
    return { ok: true, value, end: r.i };
  } catch (e) {
    if (e instanceof RelaxedError) return { ok: false, error: e.message, offset: e.offset };
    throw e;
  }
}

/** The whole text as one relaxed JSON value (only whitespace/comments around it). */
export function parseRelaxedJson(text: string): RelaxedResult {
  const r = readRelaxedJson(text);
  if (!r.ok) return r;
  const rest = new Reader(text, r.end);
  rest.skip();
  if (rest.i < text.length) return { ok: false, error: "unexpected text after the value", offset: rest.i };
  return r;
}
