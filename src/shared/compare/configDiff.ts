/**
 * What differs between compared runs' configurations: models (provider, model, endpoint, params), node
 * configs (prompt templates, extraction rules, scoring methods), wiring and settings. Each run's pipeline is
 * flattened into "path → text" entries (runConfig); configDiff lists the paths whose text is not the same in
 * every run, a missing path as null. Layout (positions) and notes are left out: they change no result.
 */
import type { PipelineDoc } from "../pipeline/schema";
import type { RunConfig } from "./types";

export interface ConfigDifference {
  /** e.g. "models.reasoner.model", "nodes.reason.config.template", "wiring.score.prediction". */
  path: string;
  /** The path in words, with node labels: "Reason (reason) · template". */
  label: string;
  /** values[i] belongs to runs[i]; null when that run has no such entry. */
  values: (string | null)[];
}

const text = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects are flattened into dotted paths; anything else (strings, numbers, arrays) is one entry. */
function flatten(prefix: string, v: unknown, out: Record<string, string>): void {
  if (isPlainObject(v)) {
    for (const key of Object.keys(v).sort()) if (v[key] !== undefined) flatten(`${prefix}.${key}`, v[key], out);
  } else if (v !== undefined) out[prefix] = text(v);
}

/** A run's pipeline as flat entries (never an API key: pipelines hold only the name of its variable). */
export function runConfig(doc: PipelineDoc): RunConfig {
  const entries: Record<string, string> = {};
  const names: Record<string, string> = {};
  for (const name of Object.keys(doc.models).sort()) flatten(`models.${name}`, doc.models[name], entries);
  for (const node of doc.nodes) {
    if (node.kind === "note") continue;
    const head = `nodes.${node.id}`;
    names[head] = node.label ? `${node.label} (${node.id})` : node.id;
    entries[head] = node.kind;
    if (node.noCache) entries[`${head}.noCache`] = "true";
    flatten(`${head}.config`, node.config, entries);
  }
  for (const e of doc.edges) {
    const key = `wiring.${e.target}.${e.targetPort}`;
    const from = `${e.source}.${e.sourcePort}${e.samples ? ` (${e.samples})` : ""}`;
    entries[key] = entries[key] ? `${entries[key]}, ${from}` : from;
  }
  if (doc.settings) flatten("settings", doc.settings, entries);
  return { entries, names };
}

/** "Reason (reason) · config.template", "model reasoner · params.temperature". */
function labelOf(path: string, names: Record<string, string>): string {
  const [area, id, ...rest] = path.split(".");
  const tail = rest.join(".");
  if (area === "nodes") return `${names[`nodes.${id}`] ?? id}${tail ? ` · ${tail.replace(/^config\./, "")}` : " · node"}`;
  if (area === "models") return `model ${id} · ${tail}`;
  if (area === "wiring") return `${names[`nodes.${id}`] ?? id} · input ${tail}`;
  return path;
}

/** Paths whose value differs between the runs, in the order they first appear. */
export function configDiff(configs: readonly (RunConfig | undefined)[]): ConfigDifference[] {
  const present = configs.filter((c): c is RunConfig => c !== undefined);
  if (present.length < 2 || present.length !== configs.length) return [];
  const paths: string[] = [];
  const seen = new Set<string>();
  const names: Record<string, string> = {};
  for (const c of present) {
    for (const [k, v] of Object.entries(c.names ?? {})) names[k] ??= v;
    for (const p of Object.keys(c.entries)) {
      if (seen.has(p)) continue;
      seen.add(p);
      paths.push(p);
    }
  }
  // A node that some runs lack is one entry (its kind, or null), not one per field and input.
  const partial = new Set(paths.filter((p) => /^nodes\.[^.]+$/.test(p) && present.some((c) => c.entries[p] === undefined)).map((p) => p.slice("nodes.".length)));
  const inPartial = (path: string) => {
    const [area, id] = path.split(".");
    return (area === "nodes" || area === "wiring") && partial.has(id) && path !== `nodes.${id}`;
  };
  const out: ConfigDifference[] = [];
  for (const path of paths) {
    if (inPartial(path)) continue;
    const values = present.map((c) => c.entries[path] ?? null);
    if (values.every((v) => v === values[0])) continue;
    out.push({ path, label: labelOf(path, names), values });
  }
  return out;
}
