/** pipelines.*: saved pipelines and their versions in the store, import (validate) and export (serialise). */
import type { Api, Method, Params, Result, SavedPipeline } from "../../shared/contract";
import { serializePipeline } from "../../shared/pipeline/serialize";
import { parsePipelineJson } from "../../shared/pipeline/validate";
import type { BaseDirs } from "./baseDirs";
import { notFound, ServiceError } from "./errors";
import { StaleSaveError } from "../store/pipelinesRepo";
import type { Store } from "../store/store";

// pipelines.check (the Node-side checks of a document) is environmentService.ts.
type PipelineMethods = Exclude<Extract<Method, `pipelines.${string}`>, "pipelines.check">;
export type PipelineHandlers = { [M in PipelineMethods]: (params: Params<M>) => Promise<Result<M>> };

/** A file name for an exported pipeline: the name in lower-case words joined by "-". */
export function exportFileName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${slug || "pipeline"}.json`;
}

/** `onSaved` hears every save (the service pushes it to open pages as a "pipeline-saved" event). */
export function pipelinesService(store: Store, baseDirs: BaseDirs, onSaved?: (saved: SavedPipeline) => void): PipelineHandlers {
  const existing = async (id: string, version?: number) => {
    const saved = await store.pipelines.get(id, version);
    if (!saved) throw version === undefined ? notFound("pipeline", id) : notFound(`version ${version} of pipeline`, id);
    return saved;
  };
  return {
    "pipelines.list": async () => store.pipelines.list(),
    "pipelines.get": async ({ id, version }) => existing(id, version),
    "pipelines.save": async ({ id, doc, autosave, base }) => {
      if (id) await existing(id);
      try {
        const saved = store.pipelines.save(doc, { ...(id ? { id } : {}), ...(autosave ? { autosave } : {}), ...(base ? { base } : {}) });
        onSaved?.(saved);
        return saved;
      } catch (e) {
        if (!(e instanceof StaleSaveError)) throw e;
        const { latest } = e;
        throw new ServiceError(`pipelines.save: ${e.message}`, [
          { code: "stale-save", message: `version ${latest.version} (saved ${new Date(latest.savedAt).toISOString()}) is newer than the version ${e.base.version} this save was based on`, path: "$" },
        ]);
      }
    },
    "pipelines.versions": async ({ id }) => {
      await existing(id);
      return store.pipelines.versions(id);
    },
    "pipelines.rename": async ({ id, name }) => {
      await existing(id);
      await store.pipelines.rename(id, name);
    },
    "pipelines.delete": async ({ id }) => {
      await existing(id);
      await store.pipelines.delete(id);
      await baseDirs.forget(id);
    },
    "pipelines.import": async ({ text }) => {
      const { doc, problems } = parsePipelineJson(text);
      return doc && problems.length === 0 ? { doc, problems } : { problems };
    },
    "pipelines.export": async ({ doc }) => ({ text: serializePipeline(doc), fileName: exportFileName(doc.name) }),
  } satisfies Partial<{ [M in Method]: (p: Api[M]["params"]) => Promise<Api[M]["result"]> }>;
}
