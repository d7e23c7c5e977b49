/**
 * Every node kind from the registry, grouped by category. Drag one onto the canvas, or click to add it at
 * the centre of the view.
 */
import { useReactFlow } from "@xyflow/react";
import type { DragEvent } from "react";
import type { NodeCategory, NodeKindDef } from "../../../shared/nodes/kind";
import { NODE_KINDS } from "../../../shared/nodes/registry";
import { addNodeAt } from "../canvas/commands";
import { NODE_WIDTH } from "../canvas/deriveFlow";
import { editor } from "../store/editorStore";
import { freeSpot } from "../store/graphOps";
import { useUi } from "../store/uiStore";
import { NODE_KIND_MIME } from "./dnd";

const CATEGORY_TITLES: Record<NodeCategory, string> = {
  data: "Data",
  llm: "Models",
  transform: "Transform",
  evaluate: "Evaluate",
  filter: "Filter",
  output: "Output",
  annotation: "Annotate",
};

function groups(): [NodeCategory, NodeKindDef[]][] {
  const order = Object.keys(CATEGORY_TITLES) as NodeCategory[];
  return order.map((c) => [c, NODE_KINDS.filter((k) => k.category === c)] as [NodeCategory, NodeKindDef[]]).filter(([, ks]) => ks.length > 0);
}

export function Palette() {
  const flow = useReactFlow();
  const open = useUi((s) => s.paletteOpen);
  const setOpen = useUi((s) => s.setPaletteOpen);

  const addAtCentre = (kind: string) => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: innerWidth / 2, y: innerHeight / 2 };
    const p = flow.screenToFlowPosition(centre);
    const spot = freeSpot(editor().doc, { x: Math.round((p.x - NODE_WIDTH / 2) / 16) * 16, y: Math.round((p.y - 60) / 16) * 16 });
    const id = addNodeAt(kind, spot);
    // Bring it into view if the free spot lies outside.
    const zoom = flow.getZoom();
    const tl = flow.screenToFlowPosition({ x: pane?.left ?? 0, y: pane?.top ?? 0 });
    const w = (pane?.width ?? innerWidth) / zoom;
    const h = (pane?.height ?? innerHeight) / zoom;
    if (spot.x < tl.x || spot.y < tl.y || spot.x + NODE_WIDTH > tl.x + w || spot.y + 120 > tl.y + h) {
      void flow.setCenter(spot.x + NODE_WIDTH / 2, spot.y + 60, { zoom, duration: 200 });
    }
    return id;
  };

  const onDragStart = (e: DragEvent, kind: string) => {
    e.dataTransfer.setData(NODE_KIND_MIME, kind);
    e.dataTransfer.effectAllowed = "copy";
  };

  return (
    <aside className={`palette${open ? "" : " palette--closed"}`} data-testid="palette" aria-label="Node kinds">
      <h2 className="panel-title">
        {open && "Nodes"}
        <button type="button" className="icon-btn" onClick={() => setOpen(!open)} title={open ? "Collapse the palette" : "Show the palette"} data-testid="palette-toggle">
          {open ? "«" : "»"}
        </button>
      </h2>
      {groups().map(([category, kinds]) => (
        <section key={category} className="palette__group">
          {open && <h3 className="palette__category">{CATEGORY_TITLES[category]}</h3>}
          {kinds.map((k) => (
            <button
              key={k.kind}
              type="button"
              className={`palette__item cat--${k.category}`}
              draggable
              onDragStart={(e) => onDragStart(e, k.kind)}
              onClick={() => addAtCentre(k.kind)}
              title={`${k.title}: ${k.description}\nDrag onto the canvas, or click to add.`}
              data-testid={`palette-${k.kind}`}
            >
              <span className="palette__title">{open ? k.title : k.title.slice(0, 2)}</span>
              {open && <span className="palette__desc">{k.description}</span>}
            </button>
          ))}
        </section>
      ))}
    </aside>
  );
}
