import { PIPELINE_FORMAT, PIPELINE_VERSION, type PipelineDoc } from "../../../shared/pipeline/schema";

export function emptyDoc(name = "Untitled cascade"): PipelineDoc {
  return { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, name, models: {}, nodes: [], edges: [] };
}
