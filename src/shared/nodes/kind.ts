/**
 * A node kind's descriptor: everything the app knows about a kind, in its one file in ./kinds — config schema,
 * ports, how the engine schedules it, its canvas summary, the calls per item the preview counts, what the run
 * reports say of it, the dataset files it reads, and whether it has a form of its own. Nothing outside the
 * descriptor switches over kind names. New kinds: one file in ./kinds, listed in ./registry.ts (see
 * docs/ARCHITECTURE.md, "Add a node kind").
 */
import type { z } from "zod";
import type { ModelParams } from "../pipeline/schema";
import type { NodePorts } from "../ports";

export type NodeCategory = "data" | "llm" | "transform" | "evaluate" | "filter" | "output" | "annotation";

/**
 * - `source`: produces the items (dataset); runs once per item as the root.
 * - `per-item`: runs once for each item, after its inputs.
 * - `aggregate`: runs once over all items, after every item's inputs are complete (mix, export).
 * - `inert`: never runs (notes).
 */
export type NodeMode = "source" | "per-item" | "aggregate" | "inert";

/**
 * What a run's reports (`runs.reports`, `cascade run --json`) say of the kind's nodes: `items` in/out/dropped
 * (with reasons)/pending/failed; `labels` that and the count of each output label; `samples` an aggregate's
 * report counted in samples; absent: no report.
 */
export type NodeReportShape = "items" | "labels" | "samples";

/**
 * The config form: `custom` a form of its own (the renderer's CUSTOM_FORMS has one entry per such kind, the
 * type checker asks for it); `generic` the form generated from the config schema.
 */
export type KindForm = "custom" | "generic";

export interface TemplateField {
  /** Config field holding a template, e.g. "template". */
  field: string;
  text: string;
}

/** A file a node reads its items from. */
export interface DatasetFile {
  /** As the config gives it: relative to the pipeline's base dir, or absolute. */
  path: string;
  /** Where in the config, as a dotted path (problems point at `nodes[i].config.<field>`). */
  field: string;
}

export interface NodeKindDef<C = unknown, K extends string = string, M extends NodeMode = NodeMode, F extends KindForm = KindForm> {
  kind: K;
  title: string;
  description: string;
  category: NodeCategory;
  mode: M;
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
  /** Model calls one run of the node makes (a prompt's samples); the preview counts them. */
  callsPerItem(config: C): number;
  /**
   * Whether the node may make none of those calls, depending on its inputs' values (a prompt's shortcut: the
   * rules decided). The preview counts such calls as conditional while those values are not known.
   */
  skipsCalls(config: C): boolean;
  /** The node-level model params its calls send (merged over the model's own). */
  callParams(config: C): ModelParams | undefined;
  /**
   * The one line the canvas shows under the ports, or null. It gets the config as the editor holds it, which
   * may be half typed: read it defensively (summaryOf catches what it throws).
   */
  summary(config: Partial<C>): string | null;
  report: NodeReportShape | null;
  /** Files the node reads its items from (their folders are where relative image paths resolve first). */
  datasetFiles(config: C): DatasetFile[];
  form: F;
}

/**
 * What a kind's file writes: the required fields, and any of the defaults of defineKind it replaces. The
 * config type is inferred from configSchema alone (NoInfer elsewhere).
 */
export type KindSpec<C, K extends string, M extends NodeMode, F extends KindForm> = {
  kind: K;
  mode: M;
  configSchema: z.ZodType<C>;
  defaultConfig(): NoInfer<C>;
  ports(config: NoInfer<C>): NodePorts;
} & Pick<NodeKindDef, "title" | "description" | "category"> &
  Partial<Omit<NodeKindDef<NoInfer<C>, K, M, F>, "kind" | "mode" | "configSchema" | "defaultConfig" | "ports" | "title" | "description" | "category">>;

/**
 * A kind from its spec. Defaults: drops nothing, one value, no model, no template, one call per model it refers
 * to (always made), no params, no summary, no report, no dataset file, the generic form.
 */
export function defineKind<C, const K extends string, const M extends NodeMode, const F extends KindForm = "generic">(spec: KindSpec<C, K, M, F>): NodeKindDef<C, K, M, F> {
  const modelRefs = spec.modelRefs ?? (() => []);
  return {
    mayDrop: false,
    multiValued: () => false,
    templates: () => [],
    callsPerItem: (config: C) => modelRefs(config).length,
    skipsCalls: () => false,
    callParams: () => undefined,
    summary: () => null,
    report: null,
    datasetFiles: () => [],
    form: "generic" as F,
    ...spec,
    modelRefs,
  };
}
