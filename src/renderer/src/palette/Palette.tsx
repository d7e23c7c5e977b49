/**
 * Every node kind from the registry, grouped by category. Drag one onto the canvas, or click to add it at
 * the centre of the view.
 */
import type { DragEvent } from "react";
import type { NodeCategory, NodeKindDef } from "../../../shared/nodes/kind";
import { NODE_KINDS } from "../../../shared/nodes/registry";
import { placeKind } from "../canvas/placeNodes";
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
  const open = useUi((s) => s.paletteOpen);
  const setOpen = useUi((s) => s.setPaletteOpen);

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
              onClick={() => placeKind(k.kind)}
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
