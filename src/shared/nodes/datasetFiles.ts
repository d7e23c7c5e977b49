/** The dataset files a document's nodes read, as their kinds' descriptors name them. */
import { getKind } from "./registry";

export interface NodeDatasetFile {
  nodeId: string;
  /** The node's index in the document (problems point at `nodes[index].config.<field>`). */
  index: number;
  /** As the config gives it: relative to the pipeline's base dir, or absolute. */
  path: string;
  /** Where in the config, as a dotted path. */
  field: string;
}

/** Every dataset file of the document's nodes, in node order; a node whose config is not valid names none. */
export function datasetFilesOf(doc: { nodes: readonly { id: string; kind: string; config: unknown }[] }): NodeDatasetFile[] {
  const out: NodeDatasetFile[] = [];
  doc.nodes.forEach((node, index) => {
    const kind = getKind(node.kind);
    const parsed = kind?.configSchema.safeParse(node.config);
    if (!kind || !parsed?.success) return;
    for (const f of kind.datasetFiles(parsed.data)) out.push({ nodeId: node.id, index, ...f });
  });
  return out;
}
