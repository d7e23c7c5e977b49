/** A validation problem: what is wrong and where (a JSON path into the document, and the node or edge). */
export type ProblemCode =
  | "bad-json"
  | "bad-document"
  | "unknown-kind"
  | "bad-config"
  | "duplicate-id"
  | "dangling-edge"
  | "unknown-port"
  | "port-type"
  | "duplicate-input"
  | "missing-input"
  | "unbound-variable"
  | "template-syntax"
  | "undefined-model"
  | "unsupported-param"
  | "unknown-group"
  | "cycle"
  // Found on the Node side, not in the document (engine/environmentCheck.ts): a dataset file that is not
  // there, a model whose API key variable is not set.
  | "missing-file"
  | "missing-key"
  // pipelines.save: the page's version is no longer the latest (another tab or window saved).
  | "stale-save";

export interface Problem {
  code: ProblemCode;
  message: string;
  /** JSON path into the document, e.g. `nodes[2].config.template` or `edges[0].target`. */
  path: string;
  nodeId?: string;
  edgeId?: string;
}

/** Formats a zod-style path (["nodes", 2, "config"]) as `nodes[2].config`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out || "$";
}

export function formatProblem(p: Problem): string {
  const where = p.nodeId ? ` (node "${p.nodeId}")` : p.edgeId ? ` (edge "${p.edgeId}")` : "";
  return `${p.path}${where}: ${p.message} [${p.code}]`;
}
