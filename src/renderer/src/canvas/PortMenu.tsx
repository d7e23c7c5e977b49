/**
 * The port menu: connects a node by keyboard (the "Connect a port…" command, C on the selected node, or its
 * right-click menu). It lists every connection the canvas would accept by mouse (connectionOptions.ts):
 * the node's inputs from other nodes' outputs, its outputs into other nodes' inputs. Typing filters, arrows
 * move, Enter connects (one undo step, as a drag would), Escape closes; focus goes back to the node.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { useCommandUi } from "../commands/commandUi";
import { PaletteFrame } from "../commands/PaletteFrame";
import { editor, useEditor } from "../store/editorStore";
import { toast } from "../store/toastStore";
import { tryConnect } from "./commands";
import { connectionOptions, filterOptions, type ConnectionOption } from "./connectionOptions";
import "../commands/commands.css";

export function PortMenu() {
  const target = useCommandUi((s) => s.portMenu);
  if (!target) return null;
  return <PortMenuDialog key={target.nodeId} nodeId={target.nodeId} />;
}

/** Puts the keyboard focus back on the node (React Flow's node wrapper is focusable). */
function focusNode(nodeId: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`)?.focus());
}

function PortMenuDialog({ nodeId }: { nodeId: string }) {
  const doc = useEditor((s) => s.doc);
  const node = doc.nodes.find((n) => n.id === nodeId);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const options = useMemo(() => connectionOptions(doc, nodeId), [doc, nodeId]);
  const shown = useMemo(() => filterOptions(options, query), [options, query]);
  const index = Math.min(active, Math.max(0, shown.length - 1));
  const optionId = (i: number) => `port-option-${i}`;

  useEffect(() => {
    list.current?.querySelector(`[data-index="${index}"]`)?.scrollIntoView({ block: "nearest" });
  }, [index]);

  const close = () => {
    useCommandUi.getState().openPortMenu(null);
    focusNode(nodeId);
  };
  const choose = (o: ConnectionOption | undefined) => {
    if (!o) return;
    close();
    if (tryConnect(o.spec)) {
      editor().select({ nodes: [nodeId], edges: [] });
      toast(`Connected ${o.spec.source}.${o.spec.sourcePort} → ${o.spec.target}.${o.spec.targetPort}`, "ok", 2500);
    }
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown") setActive(Math.min(shown.length - 1, index + 1));
    else if (e.key === "ArrowUp") setActive(Math.max(0, index - 1));
    else if (e.key === "Home" && e.ctrlKey) setActive(0);
    else if (e.key === "End" && e.ctrlKey) setActive(shown.length - 1);
    else if (e.key === "Enter") choose(shown[index]);
    else if (e.key === "Escape") close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const name = node ? node.label || node.id : nodeId;
  return (
    <PaletteFrame
      onClose={close}
      onKeyDown={onKey}
      dialog={{ "aria-label": `Connect ${name}`, "data-testid": "port-menu", "data-node-id": nodeId }}
      query={query}
      onQuery={(q) => {
        setQuery(q);
        setActive(0);
      }}
      input={{
        placeholder: `Connect ${name}: type a port or node name…`,
        role: "combobox",
        "aria-label": `Connect a port of ${name}`,
        "aria-expanded": true,
        "aria-controls": "port-menu-list",
        "aria-activedescendant": shown.length ? optionId(index) : undefined,
        "data-testid": "port-search",
      }}
    >
        <ul className="cmdk__list" id="port-menu-list" ref={list} role="listbox" aria-label="Connections" tabIndex={0}>
          {options.length === 0 && <li className="cmdk__empty muted" data-testid="port-menu-empty">No port of another node fits one of {name}'s ports (types, cycles) or every fitting one is connected already.</li>}
          {options.length > 0 && shown.length === 0 && <li className="cmdk__empty muted">Nothing matches “{query}”</li>}
          {shown.map((o, i) => (
            <li
              key={o.key}
              id={optionId(i)}
              role="option"
              aria-selected={i === index}
              className={`cmdk__item${i === index ? " cmdk__item--active" : ""}`}
              data-index={i}
              data-testid="port-option"
              data-key={o.key}
              onMouseMove={() => setActive(i)}
              onClick={() => choose(o)}
            >
              <span className="cmdk__type">{o.direction === "in" ? "input" : "output"}</span>
              <span className="cmdk__title">{o.title}</span>
              <span className="cmdk__detail muted">
                {o.detail}
                {o.replaces && ` · replaces ${o.replaces}`}
              </span>
            </li>
          ))}
        </ul>
      </PaletteFrame>
  );
}
