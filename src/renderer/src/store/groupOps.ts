/**
 * Groups (labelled frames around part of a cascade) as immer recipes. A group is `{ id, label }` in
 * `doc.groups`; its members name it in `node.group`; the frame's bounds follow the members (deriveGroups.ts),
 * so only membership and the label are stored. Pure; unit-tested.
 */
import type { PipelineDoc } from "../../../shared/pipeline/schema";

/** `group_<n>`, one more than the highest in use. */
export function nextGroupId(doc: PipelineDoc): string {
  let max = 0;
  for (const g of doc.groups ?? []) {
    const m = /^group_(\d+)$/.exec(g.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `group_${max + 1}`;
}

/** Puts the nodes in a new group (leaving the groups they were in); returns its id. */
export function createGroup(draft: PipelineDoc, nodeIds: Iterable<string>, label?: string): string {
  const id = nextGroupId(draft);
  const members = new Set(nodeIds);
  draft.groups = [...(draft.groups ?? []), { id, label: label ?? `Group ${id.slice("group_".length)}` }];
  for (const n of draft.nodes) if (members.has(n.id)) n.group = id;
  dropEmptyGroups(draft);
  return id;
}

/** Removes the group; its nodes stay where they are. */
export function ungroup(draft: PipelineDoc, groupId: string): void {
  for (const n of draft.nodes) if (n.group === groupId) delete n.group;
  draft.groups = (draft.groups ?? []).filter((g) => g.id !== groupId);
  if (draft.groups.length === 0) delete draft.groups;
}

export function renameGroup(draft: PipelineDoc, groupId: string, label: string): void {
  const g = draft.groups?.find((x) => x.id === groupId);
  if (g) g.label = label;
}

/** Groups without members go (after nodes were deleted or moved to another group); no `groups: []` is left. */
export function dropEmptyGroups(draft: PipelineDoc): void {
  if (!draft.groups) return;
  const used = new Set(draft.nodes.map((n) => n.group).filter(Boolean));
  const kept = draft.groups.filter((g) => used.has(g.id));
  if (kept.length !== draft.groups.length) draft.groups = kept;
  if (draft.groups.length === 0) delete draft.groups;
}
