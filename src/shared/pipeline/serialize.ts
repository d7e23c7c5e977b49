/**
 * Deterministic serialisation: known keys in a fixed order, all other keys sorted, 2-space indent and a
 * trailing newline. The same document always gives the same bytes, so exported files diff well.
 */
import type { PipelineDoc } from "./schema";

const KEY_ORDER: Record<string, string[]> = {
  doc: ["format", "version", "name", "description", "settings", "models", "nodes", "edges", "groups", "experiment"],
  node: ["id", "kind", "label", "group", "position", "noCache", "config"],
  group: ["id", "label"],
  edge: ["id", "source", "sourcePort", "target", "targetPort", "samples"],
  model: ["provider", "model", "baseUrl", "apiKeyEnv"],
};

function ordered(value: unknown, order?: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  const rank = (k: string) => {
    const i = order ? order.indexOf(k) : -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = ordered(obj[k]);
  return out;
}

export function canonicalPipeline(doc: PipelineDoc): unknown {
  const top = ordered(doc, KEY_ORDER.doc) as Record<string, unknown>;
  top.models = Object.fromEntries(
    Object.keys(doc.models)
      .sort()
      .map((name) => [name, ordered(doc.models[name], KEY_ORDER.model)]),
  );
  top.nodes = doc.nodes.map((n) => ordered(n, KEY_ORDER.node));
  top.edges = doc.edges.map((e) => ordered(e, KEY_ORDER.edge));
  if (doc.groups) top.groups = doc.groups.map((g) => ordered(g, KEY_ORDER.group));
  return top;
}

export function serializePipeline(doc: PipelineDoc): string {
  return JSON.stringify(canonicalPipeline(doc), null, 2) + "\n";
}

/** Canonical JSON of any value (sorted keys, no whitespace): the input of content hashes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(ordered(value));
}
