/**
 * What a node kind is: its config schema, its ports (which may depend on the config), and how the engine
 * schedules it. New kinds are added by writing one file in ./kinds and listing it in ./registry.ts.
 */
import type { z } from "zod";
import type { NodePorts } from "../ports";

export type NodeCategory = "data" | "llm" | "transform" | "evaluate" | "filter" | "output" | "annotation";

/**
 * - `source`: produces the items (dataset); runs once per item as the root.
 * - `per-item`: runs once for each item, after its inputs.
 * - `aggregate`: runs once over all items, after every item's inputs are complete (mix, export).
 * - `inert`: never runs (notes).
 */
export type NodeMode = "source" | "per-item" | "aggregate" | "inert";

export interface TemplateField {
  /** Config field holding a template, e.g. "template". */
  field: string;
  text: string;
}

export interface NodeKindDef<C = unknown> {
  kind: string;
  title: string;
  description: string;
  category: NodeCategory;
  mode: NodeMode;
  /** May drop an item (with a reason kept in the results). */
  mayDrop: boolean;
  configSchema: z.ZodType<C>;
  defaultConfig(): C;
  ports(config: C): NodePorts;
  /** Yields several values for this config (e.g. a prompt with n samples). */
  multiValued(config: C): boolean;
  /** Names of the models (keys of the pipeline's `models`) that this config refers to. */
  modelRefs(config: C): string[];
  /** Templates whose `{{vars}}` must each have an incoming edge. */
  templates(config: C): TemplateField[];
}

export function defineKind<C>(def: NodeKindDef<C>): NodeKindDef<C> {
  return def;
}

/** Defaults for kinds that use no model, no template and yield one value. */
export const plain = {
  mayDrop: false,
  multiValued: () => false,
  modelRefs: () => [] as string[],
  templates: () => [] as TemplateField[],
};
