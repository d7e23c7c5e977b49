/**
 * Prompt templates: `{{name}}` inserts the value of input port `name`.
 * `\{{` writes a literal `{{`; `\\` before `{{` writes a backslash followed by a tag.
 */

export interface TemplateVar {
  kind: "var";
  name: string;
  /** Offset of the opening `{{` in the source. */
  start: number;
  end: number;
}

export interface TemplateText {
  kind: "text";
  text: string;
}

export type TemplatePart = TemplateVar | TemplateText;

export interface TemplateError {
  message: string;
  offset: number;
  line: number;
  column: number;
}

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Distinct variable names in order of first use. */
  variables: string[];
  errors: TemplateError[];
}

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function position(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function parseTemplate(source: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  const variables: string[] = [];
  let text = "";
  let i = 0;
  const fail = (message: string, offset: number) => errors.push({ message, offset, ...position(source, offset) });

  while (i < source.length) {
    // Copy the text up to the next "{{" in one piece (a character at a time made a 10 MB template slow).
    const open = source.indexOf("{{", i);
    if (open === -1) {
      text += source.slice(i);
      break;
    }
    const escapes = open - 2 >= i && source[open - 2] === "\\" && source[open - 1] === "\\" ? 2 : open - 1 >= i && source[open - 1] === "\\" ? 1 : 0;
    if (open - escapes > i) {
      text += source.slice(i, open - escapes);
      i = open - escapes;
    }
    if (source.startsWith("\\\\{{", i)) {
      // `\\{{`: an escaped backslash, then a real tag.
      text += "\\";
      i += 2;
      continue;
    }
    if (source.startsWith("\\{{", i)) {
      text += "{{";
      i += 3;
      continue;
    }
    if (source.startsWith("{{", i)) {
      const close = source.indexOf("}}", i + 2);
      const nextOpen = source.indexOf("{{", i + 2);
      if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
        fail("unclosed tag: `{{` has no matching `}}` (write `\\{{` for literal braces)", i);
        text += "{{";
        i += 2;
        continue;
      }
      const name = source.slice(i + 2, close).trim();
      if (name === "") fail("empty tag `{{}}`: put a variable name between the braces", i);
      else if (!VARIABLE_NAME.test(name)) fail(`invalid variable name "${name}": use letters, digits and _ (not starting with a digit)`, i);
      else {
        if (text) parts.push({ kind: "text", text });
        text = "";
        parts.push({ kind: "var", name, start: i, end: close + 2 });
        if (!variables.includes(name)) variables.push(name);
      }
      i = close + 2;
      continue;
    }
    text += source[i];
    i++;
  }
  if (text) parts.push({ kind: "text", text });
  return { parts, variables, errors };
}

/** Fills a parsed template; a variable missing from `values` becomes an empty string. */
export function renderTemplate(parsed: ParsedTemplate, values: Record<string, string>): string {
  let out = "";
  for (const part of parsed.parts) out += part.kind === "text" ? part.text : (values[part.name] ?? "");
  return out;
}

export function templateVariables(source: string): string[] {
  return parseTemplate(source).variables;
}
