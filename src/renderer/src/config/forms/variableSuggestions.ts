/** Names worth suggesting after `{{` in a node's template: upstream outputs, dataset columns, vars in use. */
import type { PipelineDoc } from "../../../../shared/pipeline/schema";
import { templateVariables } from "../../../../shared/template";
import type { VariableSuggestion } from "../../editor/templateCompletion";
import { portsOf } from "../../store/ports";

export function variableSuggestions(doc: PipelineDoc, nodeId: string): VariableSuggestion[] {
  const out: VariableSuggestion[] = [];
  const self = doc.nodes.find((n) => n.id === nodeId);
  // Inputs already wired into this node first: those are the likeliest.
  for (const e of doc.edges) if (e.target === nodeId) out.push({ name: e.targetPort, detail: `from ${e.source}.${e.sourcePort}` });
  if (self) {
    for (const field of ["template", "system"]) {
      const text = self.config[field];
      if (typeof text === "string") for (const v of templateVariables(text)) out.push({ name: v, detail: "used in this node" });
    }
  }
  for (const n of doc.nodes) {
    if (n.id === nodeId) continue;
    for (const p of portsOf(n).outputs) {
      if (p.type === "conversation") continue;
      out.push({ name: p.name, detail: n.kind === "dataset" ? `${n.id} column (${p.type})` : `${n.id} output (${p.type})` });
    }
  }
  return out;
}
