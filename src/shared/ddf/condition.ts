/**
 * The filter condition language, parsed without eval:
 *
 *   label == "clear" && score >= 4
 *   !(answer matches /^\s*$/) || len(reason) > 20
 *   judge.label in ["clear", "ambiguous"] && text contains "because"
 *
 * Literals: numbers, "strings" / 'strings', true, false, null, [lists]. Paths: input names with `.field` and
 * `[index]`. Operators by precedence: `||` < `&&` < `!` < comparisons (== != < <= > >=, matches /re/flags,
 * contains, in). `len(x)` is the length of a text, list or object. Evaluation is in ./conditionEval.ts.
 *
 * A chain of `&&` or `||` is one node with all its operands (20,000 terms make a flat list, not a tree 20,000
 * deep), and nesting — parentheses, `!`, `len(`, `[` — is limited to MAX_NESTING levels, so parsing, walking
 * and evaluating a condition never runs out of stack. Regexes are RE2's (../userRegex.ts): linear time.
 */
import { compileUserRegex, UserRegexError } from "../userRegex";
import { ConditionSyntaxError, tokenize, type Token } from "./conditionLexer";
import { collectPaths, type PathNode } from "./conditionPaths";

/** How deep parentheses, `!`, `len(` and lists may nest. */
export const MAX_NESTING = 100;

export type Literal = string | number | boolean | null;
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type CondNode =
  | { type: "literal"; value: Literal; column: number }
  | { type: "path"; root: string; segments: (string | number)[]; text: string; column: number }
  | { type: "list"; items: CondNode[]; column: number }
  | { type: "len"; arg: CondNode; column: number }
  | { type: "not"; operand: CondNode; column: number }
  | { type: "and" | "or"; operands: CondNode[]; column: number; spans: [number, number][] }
  | { type: "compare"; op: CompareOp; left: CondNode; right: CondNode; column: number }
  | { type: "matches"; left: CondNode; pattern: string; flags: string; column: number }
  | { type: "contains" | "in"; left: CondNode; right: CondNode; column: number };

export interface Condition {
  source: string;
  ast: CondNode;
  /** Input names the condition reads (roots of its paths), in order of first use. */
  inputs: string[];
  /** Paths as written (e.g. "judge.label"), in order of first use; shown with their values when an item is dropped. */
  paths: string[];
}

export interface ConditionParseError {
  message: string;
  column: number;
}

export type ConditionParseResult = { ok: true; condition: Condition } | { ok: false; error: ConditionParseError };

const KEYWORDS = new Set(["true", "false", "null", "matches", "contains", "in", "len"]);
const COMPARE_OPS = new Set<string>(["==", "!=", "<", "<=", ">", ">="]);

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Parses one nested level (inside "(", "[", "len(", after "!"), refusing more than MAX_NESTING. */
  private nested<T>(column: number, parse: () => T): T {
    if (++this.depth > MAX_NESTING) throw new ConditionSyntaxError(`nested more than ${MAX_NESTING} levels deep (parentheses, !, len( and [ ] count)`, column);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.type === "op" && t.text === text;
  }
  private isWord(text: string): boolean {
    const t = this.peek();
    return t.type === "ident" && t.text === text;
  }
  private expectOp(text: string, what: string): Token {
    if (!this.isOp(text)) throw new ConditionSyntaxError(`expected "${text}" ${what}, found ${describe(this.peek())}`, this.peek().column);
    return this.next();
  }

  parse(): CondNode {
    const node = this.or();
    const t = this.peek();
    if (t.type !== "end") {
      const hint = t.type === "ident" && !KEYWORDS.has(t.text) ? " (combine conditions with && or ||)" : "";
      throw new ConditionSyntaxError(`unexpected ${describe(t)}${hint}`, t.column);
    }
    return node;
  }

  private or(): CondNode {
    return this.chain("or", "||", () => this.and());
  }

  private and(): CondNode {
    return this.chain("and", "&&", () => this.not());
  }

  /** A flat `a op b op c` chain; each operand's source columns [from, to) are kept to name a failing clause. */
  private chain(type: "and" | "or", op: string, operand: () => CondNode): CondNode {
    let from = this.peek().column;
    const first = operand();
    if (!this.isOp(op)) return first;
    const operands = [first];
    const spans: [number, number][] = [[from, this.peek().column]];
    const column = this.peek().column;
    while (this.isOp(op)) {
      this.next();
      from = this.peek().column;
      operands.push(operand());
      spans.push([from, this.peek().column]);
    }
    return { type, operands, column, spans };
  }

  private not(): CondNode {
    if (this.isOp("!")) {
      const column = this.next().column;
      return this.nested(column, () => ({ type: "not", operand: this.not(), column }));
    }
    return this.comparison();
  }

  private comparison(): CondNode {
    const left = this.primary();
    const t = this.peek();
    if (t.type === "op" && COMPARE_OPS.has(t.text)) {
      this.next();
      return { type: "compare", op: t.text as CompareOp, left, right: this.primary(), column: t.column };
    }
    if (this.isWord("matches")) {
      this.next();
      const r = this.next();
      if (r.type !== "regex" && r.type !== "string") throw new ConditionSyntaxError(`expected /regex/ after "matches", found ${describe(r)}`, r.column);
      const flags = (r.flags ?? "").replace(/[gy]/g, "");
      try {
        compileUserRegex(r.text, flags);
      } catch (e) {
        if (e instanceof UserRegexError) throw new ConditionSyntaxError(e.message, r.column);
        throw e;
      }
      return { type: "matches", left, pattern: r.text, flags, column: t.column };
    }
    if (this.isWord("contains") || this.isWord("in")) {
      this.next();
      return { type: t.text as "contains" | "in", left, right: this.primary(), column: t.column };
    }
    return left;
  }

  private primary(): CondNode {
    const t = this.next();
    if (t.type === "number") return { type: "literal", value: t.number!, column: t.column };
    if (t.type === "string") return { type: "literal", value: t.text, column: t.column };
    if (t.type === "op" && t.text === "-" && this.peek().type === "number") return { type: "literal", value: -this.next().number!, column: t.column };
    if (t.type === "op" && t.text === "(") {
      return this.nested(t.column, () => {
        const inner = this.or();
        this.expectOp(")", `to close "(" at column ${t.column}`);
        return inner;
      });
    }
    if (t.type === "op" && t.text === "[") return this.nested(t.column, () => this.list(t.column));
    if (t.type === "ident") {
      if (t.text === "true" || t.text === "false") return { type: "literal", value: t.text === "true", column: t.column };
      if (t.text === "null") return { type: "literal", value: null, column: t.column };
      if (t.text === "len") {
        return this.nested(t.column, () => {
          this.expectOp("(", 'after "len"');
          const arg = this.or();
          this.expectOp(")", 'to close "len("');
          return { type: "len", arg, column: t.column };
        });
      }
      if (KEYWORDS.has(t.text)) throw new ConditionSyntaxError(`"${t.text}" needs a value on its left`, t.column);
      return this.path(t);
    }
    throw new ConditionSyntaxError(`expected a value, found ${describe(t)}`, t.column);
  }

  private list(column: number): CondNode {
    const items: CondNode[] = [];
    if (this.isOp("]")) this.next();
    else {
      for (;;) {
        items.push(this.primary());
        if (this.isOp(",")) this.next();
        else {
          this.expectOp("]", `to close "[" at column ${column}`);
          break;
        }
      }
    }
    return { type: "list", items, column };
  }

  private path(root: Token): CondNode {
    const segments: (string | number)[] = [];
    let text = root.text;
    for (;;) {
      if (this.isOp(".")) {
        this.next();
        const f = this.next();
        if (f.type !== "ident") throw new ConditionSyntaxError(`expected a field name after ".", found ${describe(f)}`, f.column);
        segments.push(f.text);
        text += `.${f.text}`;
      } else if (this.isOp("[")) {
        const open = this.next();
        const idx = this.next();
        if (idx.type !== "number" && idx.type !== "string") throw new ConditionSyntaxError(`expected an index or "key" inside [ ], found ${describe(idx)}`, idx.column);
        this.expectOp("]", `to close "[" at column ${open.column}`);
        segments.push(idx.type === "number" ? idx.number! : idx.text);
        text += idx.type === "number" ? `[${idx.number}]` : `[${JSON.stringify(idx.text)}]`;
      } else break;
    }
    return { type: "path", root: root.text, segments, text, column: root.column };
  }
}

function describe(t: Token): string {
  if (t.type === "end") return "the end of the condition";
  if (t.type === "string") return `the string ${JSON.stringify(t.text)}`;
  if (t.type === "regex") return `the regular expression /${t.text}/`;
  return `"${t.text}"`;
}

export function parseCondition(source: string): ConditionParseResult {
  try {
    if (source.trim() === "") return { ok: false, error: { message: "the condition is empty", column: 1 } };
    const ast = new Parser(tokenize(source)).parse();
    const found = new Map<string, PathNode>();
    collectPaths(ast, found);
    const inputs = [...new Set([...found.values()].map((p) => p.root))];
    return { ok: true, condition: { source, ast, inputs, paths: [...found.keys()] } };
  } catch (e) {
    if (e instanceof ConditionSyntaxError) return { ok: false, error: { message: e.reason, column: e.column } };
    throw e;
  }
}

export function formatConditionError(error: ConditionParseError): string {
  return `column ${error.column}: ${error.message}`;
}
