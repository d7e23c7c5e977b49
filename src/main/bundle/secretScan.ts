/**
 * The last check before a bundle is kept: the file's bytes must not hold the value of any environment variable
 * that may be a secret — the variables the runs' models name for their keys, and every variable whose name says
 * key, token, secret or password. A bundle that does is deleted, and the error names the variable (never its value).
 */
import { readFileSync } from "node:fs";
import type { PipelineDoc } from "../../shared/pipeline/schema";

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH(?!OR)/i;
/** Shorter values ("1", "true") are not secrets and would match by chance. */
const MIN_SECRET_CHARS = 8;

/** The variables to look for: name → value. */
export function secretValues(docs: readonly PipelineDoc[], env: Record<string, string | undefined> = process.env): Map<string, string> {
  const named = new Set(docs.flatMap((d) => Object.values(d.models).map((m) => m.apiKeyEnv).filter((n): n is string => Boolean(n))));
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < MIN_SECRET_CHARS) continue;
    if (named.has(name) || SECRET_NAME.test(name)) out.set(name, value);
  }
  return out;
}

/** The names of the secrets whose values occur in the file (as UTF-8 bytes). */
export function secretsInFile(path: string, secrets: Map<string, string>): string[] {
  const bytes = readFileSync(path);
  return [...secrets].filter(([, value]) => bytes.includes(Buffer.from(value, "utf8"))).map(([name]) => name);
}
