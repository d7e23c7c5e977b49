/** `pipelines.check`: the Node-side checks of a document (dataset files, API keys) for the app's Problems list. */
import type { Method, Params, Result } from "../../shared/contract";
import { environmentProblems } from "../engine/environmentCheck";
import type { BaseDirs } from "./baseDirs";
import type { ModelKeys } from "./modelKeys";

type Handlers = { [M in Extract<Method, "pipelines.check">]: (params: Params<M>) => Promise<Result<M>> };

export function environmentService(baseDirs: BaseDirs, keys: ModelKeys, env: NodeJS.ProcessEnv): Handlers {
  return {
    "pipelines.check": async ({ doc, pipelineId }) => {
      const baseDir = await baseDirs.forPipeline(pipelineId);
      return { problems: await environmentProblems(doc, { baseDir, env, hasStoredKey: (name) => keys.has(name), style: "app" }) };
    },
  };
}
