/**
 * An entry for benchmarks and tests: `await window.__cascadeOpenDoc(doc)` opens a document and resolves once
 * the canvas has rendered it (two animation frames after React committed), with the time it took.
 */
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { flowStats } from "./canvas/flowStats";
import { editor } from "./store/editorStore";

declare global {
  interface Window {
    __cascadeOpenDoc?: (doc: PipelineDoc) => Promise<{ ms: number; nodes: number }>;
    __cascadeDoc?: () => PipelineDoc;
    /** How many `nodes` arrays the canvas gave React Flow so far (canvas/flowStats.ts). */
    __cascadeFlowStats?: () => { nodesArrays: number };
  }
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

export function installBenchHook(): void {
  window.__cascadeOpenDoc = async (doc) => {
    const t0 = performance.now();
    editor().openDoc(doc, { dirty: true });
    await frame();
    await frame();
    return { ms: performance.now() - t0, nodes: document.querySelectorAll(".react-flow__node").length };
  };
  window.__cascadeDoc = () => editor().doc;
  window.__cascadeFlowStats = () => ({ ...flowStats });
}
