/**
 * What the app remembers of its layout between sessions (localStorage): which panels are open and the canvas
 * view (pan and zoom) of each saved pipeline, so that a restart shows the last pipeline as it was left.
 */
import type { Viewport } from "@xyflow/react";
import { useUi } from "../store/uiStore";

const PANELS = "cascade.layout";
const VIEWS = "cascade.views";
const MAX_VIEWS = 50;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* no storage or full: only the layout is lost */
  }
}

interface Panels {
  paletteOpen?: boolean;
  bottomOpen?: boolean;
  bottomTab?: string;
  rightTab?: "node" | "models" | "pipeline" | "experiment";
}

/** Restores the panels and keeps them remembered from now on. */
export function rememberPanels(): void {
  const kept = read<Panels>(PANELS);
  if (kept) {
    const ui = useUi.getState();
    if (typeof kept.paletteOpen === "boolean") ui.setPaletteOpen(kept.paletteOpen);
    if (typeof kept.bottomOpen === "boolean") ui.setBottomOpen(kept.bottomOpen);
    if (kept.rightTab === "node" || kept.rightTab === "models" || kept.rightTab === "pipeline" || kept.rightTab === "experiment") ui.setRightTab(kept.rightTab);
  }
  useUi.subscribe((s, prev) => {
    if (s.paletteOpen !== prev.paletteOpen || s.bottomOpen !== prev.bottomOpen || s.rightTab !== prev.rightTab) {
      write(PANELS, { paletteOpen: s.paletteOpen, bottomOpen: s.bottomOpen, rightTab: s.rightTab } satisfies Panels);
    }
  });
}

type Views = Record<string, Viewport & { at: number }>;

export function keptViewport(pipelineId: string | undefined): Viewport | null {
  if (!pipelineId) return null;
  const v = read<Views>(VIEWS)?.[pipelineId];
  return v && [v.x, v.y, v.zoom].every(Number.isFinite) && v.zoom > 0 ? { x: v.x, y: v.y, zoom: v.zoom } : null;
}

export function keepViewport(pipelineId: string | undefined, viewport: Viewport): void {
  if (!pipelineId) return;
  const views = read<Views>(VIEWS) ?? {};
  views[pipelineId] = { x: viewport.x, y: viewport.y, zoom: viewport.zoom, at: Date.now() };
  const ids = Object.keys(views).sort((a, b) => views[b].at - views[a].at);
  for (const old of ids.slice(MAX_VIEWS)) delete views[old];
  write(VIEWS, views);
}
