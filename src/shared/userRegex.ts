/**
 * Regular expressions written by users (filter conditions' `matches /re/`, the extract node's regex method)
 * run on re2js, a port of RE2: matching takes time linear in the input, so no pattern can freeze a run the
 * way `/^(a+)+$/` does in a backtracking engine. The price is RE2's syntax: no backreferences (`\1`,
 * `\k<name>`) and no lookahead (`(?=`, `(?!`); captureless lookbehind (`(?<=`, `(?<!`) is allowed.
 * JavaScript's `\uXXXX` and `\u{X}` escapes are accepted (rewritten to RE2's `\x{X}`).
 *
 * Flags (JavaScript letters): i (case-insensitive), m (^ and $ at line ends), s (. matches a newline);
 * g, u and y are accepted and change nothing here.
 */
import { RE2JS } from "re2js";

export class UserRegexError extends Error {}

export interface UserRegex {
  /** Does the pattern match anywhere in the text? */
  test(text: string): boolean;
  /** The first match: [whole, group 1, …] (an unmatched group is undefined), or null. */
  exec(text: string): (string | undefined)[] | null;
}

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, g: 0, u: 0, y: 0 };

/** Rewrites JavaScript-only escapes (`\uXXXX`, `\u{X}`) to RE2's `\x{X}`; leaves `\\u` alone. */
function toRe2Syntax(pattern: string): string {
  if (!pattern.includes("\\u")) return pattern;
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const rest = pattern.slice(i + 1, i + 12);
    const four = /^u([0-9A-Fa-f]{4})/.exec(rest);
    const braced = /^u\{([0-9A-Fa-f]{1,6})\}/.exec(rest);
    const m = braced ?? four;
    if (m) {
      out += `\\x{${m[1]}}`;
      i += m[0].length;
    } else {
      out += c + (pattern[i + 1] ?? "");
      i++;
    }
  }
  return out;
}

function explain(pattern: string, re2Message: string): string {
  const detail = re2Message.replace(/^error parsing regexp:\s*/, "");
  const linear = "user regexes run on RE2, which matches in linear time";
  if (/invalid escape sequence: `\\[1-9k]/.test(detail)) return `backreferences such as \\1 or \\k<name> are not supported (${linear})`;
  if (/`\(\?[=!]/.test(detail)) return `lookahead (?= …) and (?! …) is not supported (${linear}); match the next character instead, e.g. (?:[^A-Za-z0-9]|$) for (?![A-Za-z0-9])`;
  return `invalid regular expression /${pattern}/: ${detail}`;
}

function flagBits(flags: string): number {
  let bits = RE2JS.LOOKBEHINDS;
  for (const f of flags) {
    const bit = FLAG_BITS[f];
    if (bit === undefined) throw new UserRegexError(`unknown regular expression flag "${f}" (use i, m, s)`);
    bits |= bit;
  }
  return bits;
}

const cache = new Map<string, UserRegex>();
const CACHE_MAX = 500;

/** Compiles a user regex; throws UserRegexError with a message fit for the user (no pattern position). */
export function compileUserRegex(pattern: string, flags = ""): UserRegex {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const bits = flagBits(flags);
  let re: RE2JS;
  try {
    re = RE2JS.compile(toRe2Syntax(pattern), bits);
  } catch (e) {
    throw new UserRegexError(explain(pattern, e instanceof Error ? e.message : String(e)));
  }
  const compiled: UserRegex = {
    test: (text) => re.test(text),
    exec: (text) => {
      const m = re.exec(text);
      return m ? Array.from(m, (g) => (g === null ? undefined : g)) : null;
    },
  };
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** Why a user regex cannot be compiled, or undefined when it can (for validation). */
export function userRegexProblem(pattern: string, flags = ""): string | undefined {
  try {
    compileUserRegex(pattern, flags);
    return undefined;
  } catch (e) {
    if (e instanceof UserRegexError) return e.message;
    throw e;
  }
}
