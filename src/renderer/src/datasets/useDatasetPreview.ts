/** The first rows of a dataset node (datasets.preview), fetched again 300 ms after its source changes. */
import { useEffect, useState } from "react";
import type { DatasetPreview } from "../../../shared/contract";
import { getClient } from "../api/client";
import { useEditor } from "../store/editorStore";

export type PreviewState = { status: "loading" } | { status: "ok"; preview: DatasetPreview } | { status: "error"; message: string };

export function useDatasetPreview(source: unknown, limit = 50): PreviewState {
  const pipelineId = useEditor((s) => s.pipelineId);
  const key = JSON.stringify(source ?? null);
  const [state, setState] = useState<PreviewState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    setState((s) => (s.status === "ok" ? s : { status: "loading" }));
    const timer = setTimeout(() => {
      getClient()
        .call("datasets.preview", { config: { source: JSON.parse(key) }, ...(pipelineId ? { pipelineId } : {}), limit })
        .then((preview) => live && setState({ status: "ok", preview }))
        .catch((e: Error) => live && setState({ status: "error", message: e.message }));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, pipelineId, limit]);
  return state;
}

export function baseDirText(p: Pick<DatasetPreview, "baseDir" | "baseDirKind">): string {
  return p.baseDirKind === "templates" ? `relative to the app's templates folder (${p.baseDir}): this pipeline has no file of its own` : `relative to the pipeline file's folder (${p.baseDir})`;
}
