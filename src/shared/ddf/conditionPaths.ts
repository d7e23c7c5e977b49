/** Walking a condition's syntax tree for the paths it reads (validation, evaluation, the drop report). */
import type { CondNode } from "./condition";

export type PathNode = Extract<CondNode, { type: "path" }>;

/** The paths a condition reads, by the path as written, in reading order; at most `limit` of them. */
export function collectPaths(node: CondNode, into: Map<string, PathNode>, limit = Infinity): void {
  if (into.size >= limit) return;
  switch (node.type) {
    case "path":
      if (!into.has(node.text)) into.set(node.text, node);
      return;
    case "literal":
      return;
    case "list":
      for (const n of node.items) collectPaths(n, into, limit);
      return;
    case "len":
      return collectPaths(node.arg, into, limit);
    case "not":
      return collectPaths(node.operand, into, limit);
    case "matches":
      return collectPaths(node.left, into, limit);
    case "and":
    case "or":
      for (const n of node.operands) collectPaths(n, into, limit);
      return;
    default:
      collectPaths(node.left, into, limit);
      collectPaths(node.right, into, limit);
  }
}
