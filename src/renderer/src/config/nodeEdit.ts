/** Edits of one node's config or fields, coalesced per field so a typing burst is one undo step. */
import type { NodeDoc } from "../../../shared/pipeline/schema";
import { editor } from "../store/editorStore";

export type ConfigUpdater<C> = (field: string, recipe: (config: C, node: NodeDoc) => void) => void;

export interface FormProps<C> {
  node: NodeDoc;
  config: C;
  update: ConfigUpdater<C>;
}

export function nodeUpdater<C>(nodeId: string): ConfigUpdater<C> {
  return (field, recipe) =>
    editor().edit(
      (doc) => {
        const node = doc.nodes.find((n) => n.id === nodeId);
        if (node) recipe(node.config as C, node);
      },
      { coalesce: `${nodeId}.${field}` },
    );
}

/** Sets `obj[key] = value`, deleting the key when value is undefined (so defaults stay implicit). */
export function setOrDelete<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
}
