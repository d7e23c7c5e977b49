/**
 * Tokens of the filter condition language (see ./condition.ts). Columns are 1-based offsets into the source.
 */

export type TokenType = "number" | "string" | "regex" | "ident" | "op" | "end";

export interface Token {
  type: TokenType;
  /** The text of an ident or op; the decoded value of a string; the pattern of a regex. */
  text: string;
  /** Regex flags. */
  flags?: string;
  number?: number;
  column: number;
}

export class ConditionSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly column: number,
  ) {
    super(`column ${column}: ${reason}`);
  }
}

const OPERATORS = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "(", ")", "[", "]", ",", ".", "-"] as const;
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };

function readString(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let value = "";
  let i = start + 1;
  while (i < src.length) {
    const c = src[i++];
    if (c === quote) return { value, end: i };
    if (c === "\\") {
      const e = src[i++];
      if (e === undefined) break;
      value += ESCAPES[e] ?? e;
    } else value += c;
  }
  throw new ConditionSyntaxError(`unterminated string (missing closing ${quote})`, start + 1);
}

function readRegex(src: string, start: number): { pattern: string; flags: string; end: number } {
  let i = start + 1;
  let inClass = false;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\") i += 2;
    else {
      if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) break;
      i++;
    }
  }
  if (i >= src.length) throw new ConditionSyntaxError("unterminated regular expression (missing closing /)", start + 1);
  const pattern = src.slice(start + 1, i);
  const flags = /^[A-Za-z]*/.exec(src.slice(i + 1))![0];
  if (!/^[gimsuy]*$/.test(flags)) throw new ConditionSyntaxError(`unknown regular expression flags "${flags}" (use i, m, s, u)`, i + 2);
  if (pattern === "") throw new ConditionSyntaxError("empty regular expression", start + 1);
  return { pattern, flags, end: i + 1 + flags.length };
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const column = i + 1;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const s = readString(src, i);
      tokens.push({ type: "string", text: s.value, column });
      i = s.end;
      continue;
    }
    const prev = tokens[tokens.length - 1];
    if (c === "/" && prev?.type === "ident" && prev.text === "matches") {
      const r = readRegex(src, i);
      tokens.push({ type: "regex", text: r.pattern, flags: r.flags, column });
      i = r.end;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      tokens.push({ type: "number", text: num[0], number: Number(num[0]), column });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ type: "ident", text: ident[0], column });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) {
      const hint = c === "=" ? ' (use == to compare)' : c === "&" || c === "|" ? " (use && or ||)" : "";
      throw new ConditionSyntaxError(`unexpected character ${JSON.stringify(c)}${hint}`, column);
    }
    tokens.push({ type: "op", text: op, column });
    i += op.length;
  }
  tokens.push({ type: "end", text: "", column: src.length + 1 });
  return tokens;
}
