/**
 * Problems only the Node side can see (`pipelines.check`: a dataset file that is not there, an API key variable
 * that is not set), asked for shortly after each change of the open document and shown with the document's own
 * problems (Problems panel, toolbar count, node badges).
 */
import { useEffect } from "react";
import { create } from "zustand";
import type { Problem } from "../../../shared/pipeline/problems";
import { getClient } from "../api/client";
import { editor, useEditor } from "../store/editorStore";
import { shapeProblem } from "../store/validation";

interface EnvironmentState {
  problems: Problem[];
  set(problems: Problem[]): void;
}

export const useEnvironment = create<EnvironmentState>()((set) => ({
  problems: [],
  set: (problems) => set({ problems }),
}));

export const ENVIRONMENT_CHECK_MS = 400;

/** The environment problems of one node, as one string (stable for selectors). */
export function environmentText(problems: Problem[], nodeId: string): string {
  return problems
    .filter((p) => p.nodeId === nodeId)
    .map((p) => p.message)
    .join("\n");
}

/** Asks `pipelines.check` ~0.4 s after the document changes (a stale answer is dropped). */
export function useEnvironmentCheck(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asked = 0;
    const check = () => {
      const { doc, pipelineId } = editor();
      const seq = ++asked;
      if (shapeProblem(doc)) return; // the Node side cannot read it; the shape problem is shown already
      getClient()
        .call("pipelines.check", { doc, ...(pipelineId ? { pipelineId } : {}) })
        .then(
          ({ problems }) => seq === asked && useEnvironment.getState().set(problems),
          () => seq === asked && useEnvironment.getState().set([]),
        );
    };
    check();
    const unsubscribe = useEditor.subscribe((s, prev) => {
      if (s.doc === prev.doc && s.pipelineId === prev.pipelineId) return;
      clearTimeout(timer);
      timer = setTimeout(check, ENVIRONMENT_CHECK_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);
}
