/**
 * How often the canvas handed React Flow a new `nodes` array (a new identity re-renders every node wrapper).
 * Read by benchmarks and e2e tests through window.__cascadeFlowStats (benchHook.ts): a run's counts must not
 * change it, only edits, selection, drags and measurements do.
 */
export const flowStats = { nodesArrays: 0 };
