/**
 * Zod's default messages ("Too small: expected string to have >=1 characters") in words a researcher reads:
 * they name the field and say what it needs ("The model name of model "solver" is empty"). Messages a schema
 * wrote itself ("choose a model") are kept as they are.
 */
import type { z } from "zod";

type Issue = z.core.$ZodIssue;

const DEFAULT_MESSAGE = /^(Too small|Too big|Invalid input|Invalid option|Invalid discriminator value|Invalid string|Invalid key in record|Unrecognized key|Invalid [A-Za-z ]+$)/;

const FIELD_LABELS: Record<string, string> = {
  model: "the model name",
  provider: "the provider",
  baseUrl: "the base URL",
  apiKeyEnv: "the API key variable",
  template: "the template",
  system: "the system message",
  path: "the file path",
  name: "the name",
  label: "the label",
  mode: "the mode",
  method: "the method",
  value: "the value",
  values: "the values",
  rows: "the rows",
  source: "the source",
  type: "the type",
};

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object",
};

/** The field a path points at, in words ("the template", `"maxTokens"`, `entry 2 of "images"`). */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const segs = path.filter((p) => typeof p !== "symbol") as (string | number)[];
  const last = segs[segs.length - 1];
  let label: string;
  if (last === undefined) label = "the document";
  else if (typeof last === "number") {
    const parent = segs[segs.length - 2];
    label = `entry ${last + 1}${parent !== undefined && typeof parent === "string" ? ` of ${FIELD_LABELS[parent] ?? `"${parent}"`}` : ""}`;
  } else label = FIELD_LABELS[last] ?? `"${last}"`;
  // A model's fields: say which model.
  if (segs[0] === "models" && typeof segs[1] === "string" && segs.length > 2) label += ` of model "${segs[1]}"`;
  return label;
}

const quoteAll = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A human message for one issue at `path` (the issue's own path, or a longer one that ends with it). */
export function humanIssue(issue: Issue, path: readonly PropertyKey[] = issue.path): string {
  if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  const field = fieldLabel(path);
  const i = issue as Issue & Record<string, unknown>;
  switch (issue.code) {
    case "too_small": {
      const min = Number(i.minimum);
      if (i.origin === "string") return capital(min <= 1 ? `${field} is empty` : `${field} needs at least ${min} characters`);
      if (i.origin === "array" || i.origin === "set") return capital(min <= 1 ? `${field} needs at least one entry` : `${field} needs at least ${min} entries`);
      return capital(`${field} must be ${i.inclusive === false ? "more than" : "at least"} ${min}`);
    }
    case "too_big": {
      const max = Number(i.maximum);
      if (i.origin === "string") return capital(`${field} is too long (at most ${max} characters)`);
      if (i.origin === "array" || i.origin === "set") return capital(`${field} has too many entries (at most ${max})`);
      return capital(`${field} must be ${i.inclusive === false ? "less than" : "at most"} ${max}`);
    }
    case "invalid_type": {
      if (/received undefined$/.test(issue.message)) return capital(`${field} is missing`);
      return capital(`${field} must be ${TYPE_WORDS[String(i.expected)] ?? String(i.expected)}`);
    }
    case "invalid_value": {
      const values = (i.values as unknown[]) ?? [];
      return capital(values.length === 1 ? `${field} must be ${quoteAll(values)}` : `${field} must be one of ${quoteAll(values)}`);
    }
    case "invalid_union": {
      if (Array.isArray(i.options) && i.options.length) return capital(`${field} must be one of ${quoteAll(i.options as unknown[])}`);
      return capital(`${field} does not have any of the allowed forms`);
    }
    case "invalid_format": {
      if (i.format === "url") return capital(`${field} is not a valid URL`);
      if (i.format === "regex") return capital(`${field} has characters that are not allowed here (it must match ${String(i.pattern)})`);
      return capital(`${field} is not a valid ${String(i.format)}`);
    }
    case "unrecognized_keys": {
      const keys = (i.keys as string[]) ?? [];
      return `unknown field${keys.length > 1 ? "s" : ""} "${keys.join('", "')}"`;
    }
    case "invalid_key": {
      const inner = (i.issues as Issue[] | undefined)?.[0];
      const name = typeof path[path.length - 1] === "string" ? `"${String(path[path.length - 1])}"` : "a key";
      return inner && !DEFAULT_MESSAGE.test(inner.message) ? inner.message : `The name ${name} is not allowed here`;
    }
    default:
      return capital(`${field}: ${issue.message}`);
  }
}
