/** The dataset node of a run's document and its image columns: what a bundle carries of the rows a run used. */
import type { DatasetConfig } from "../../shared/nodes/kinds/dataset";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { isImageRef, type Value } from "../../shared/values";

export interface DatasetNode {
  id: string;
  config: DatasetConfig;
}

/** The document's first dataset node (the run's source), or undefined for a pipeline without one. */
export function datasetNodeOf(doc: PipelineDoc): DatasetNode | undefined {
  const node = doc.nodes.find((n) => n.kind === "dataset");
  return node && { id: node.id, config: node.config as DatasetConfig };
}

export function imageColumnsOf(node: DatasetNode): string[] {
  return node.config.columns.filter((c) => c.type === "image").map((c) => c.name);
}

/** A local image source (a path): not a data URI, not a remote URL. */
export function isLocalImageSource(source: string): boolean {
  return !/^(data:|https?:\/\/)/i.test(source);
}

/** The image source a dataset value names, or undefined. */
export function imageSourceOf(value: Value | undefined): string | undefined {
  if (isImageRef(value)) return value.source;
  return typeof value === "string" ? value : undefined;
}
