/** The --set paths of the fields "Vary this" offers (shared/pipeline/setPath.ts syntax: a node by its id, a model by its name). */
export const nodeConfigPath = (nodeId: string, field: string) => `nodes.${nodeId}.config.${field}`;
export const modelPath = (model: string, field: string) => `models.${model}.${field}`;
export const settingsPath = (field: string) => `settings.${field}`;

/** How a path reads in the Experiment panel: "Self-evaluate · template" for nodes, "reasoner · model" for models. */
export function pathTitle(path: string, nodeLabel: (id: string) => string | undefined): string {
  const m = /^nodes\.([^.[\]]+)\.config\.(.+)$/.exec(path);
  if (m) return `${nodeLabel(m[1]) ?? m[1]} · ${m[2]}`;
  const model = /^models\.([^.[\]]+)\.(.+)$/.exec(path);
  if (model) return `model ${model[1]} · ${model[2]}`;
  return path;
}
