/**
 * Ctrl+K: one search over node kinds and templates (placed where the palette was opened from: a double-click
 * on the canvas, a right-click's "Add a node…", else the middle of the view) and every command of the registry.
 * `/` and a double-click open it on the nodes alone. Arrows move, Enter chooses, Escape closes.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { TemplateInfo } from "../../../shared/contract";
import { getClient } from "../api/client";
import { placeKind, placeTemplate } from "../canvas/placeNodes";
import { useCommandUi } from "./commandUi";
import { PaletteFrame } from "./PaletteFrame";
import { formatChord } from "./keys";
import { commandEntries, filterEntries, nodeEntries, type PaletteEntry } from "./paletteEntries";
import { runCommand } from "./registry";
import "./commands.css";

let templatesCache: TemplateInfo[] | null = null;

function useTemplates(): TemplateInfo[] {
  const [list, setList] = useState<TemplateInfo[]>(templatesCache ?? []);
  useEffect(() => {
    if (templatesCache) return;
    getClient()
      .call("templates.list", undefined)
      .then((t) => setList((templatesCache = t)))
      .catch(() => undefined);
  }, []);
  return list;
}

const TYPE_LABEL: Record<PaletteEntry["type"], string> = { kind: "node", template: "template", command: "command" };

export function CommandPalette() {
  const palette = useCommandUi((s) => s.palette);
  if (!palette) return null;
  return <PaletteDialog key={`${palette.mode}`} />;
}

function PaletteDialog() {
  const { palette, closePalette } = useCommandUi();
  const templates = useTemplates();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const mode = palette?.mode ?? "all";
  const entries = useMemo(() => [...nodeEntries(templates), ...(mode === "all" ? commandEntries() : [])], [templates, mode]);
  const shown = useMemo(() => filterEntries(entries, query), [entries, query]);
  const index = Math.min(active, Math.max(0, shown.length - 1));

  useEffect(() => {
    list.current?.querySelector(`[data-index="${index}"]`)?.scrollIntoView({ block: "nearest" });
  }, [index]);

  const choose = (e: PaletteEntry | undefined) => {
    if (!e || (e.type === "command" && !e.enabled)) return;
    const at = palette?.at;
    closePalette();
    if (e.type === "kind") placeKind(e.kind, at);
    else if (e.type === "template") void placeTemplate(e.file, at);
    else runCommand(e.command.id);
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown") setActive((i) => Math.min(shown.length - 1, i + 1));
    else if (e.key === "ArrowUp") setActive((i) => Math.max(0, i - 1));
    else if (e.key === "Enter") choose(shown[index]);
    else if (e.key === "Escape") closePalette();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <PaletteFrame
      onClose={closePalette}
      onKeyDown={onKey}
      dialog={{ "aria-label": mode === "nodes" ? "Add a node" : "Command palette", "data-testid": "command-palette", "data-mode": mode }}
      query={query}
      onQuery={(q) => {
        setQuery(q);
        setActive(0);
      }}
      input={{
        placeholder: mode === "nodes" ? "Add a node: search kinds and templates…" : "Search nodes, templates and commands…",
        "aria-label": "Search",
        "data-testid": "command-search",
      }}
    >
        <ul className="cmdk__list" ref={list} role="listbox" aria-label={mode === "nodes" ? "Node kinds and templates" : "Nodes, templates and commands"} tabIndex={0}>
          {shown.length === 0 && <li className="cmdk__empty muted">Nothing matches “{query}”</li>}
          {shown.map((e, i) => (
            <li
              key={e.key}
              role="option"
              aria-selected={i === index}
              aria-disabled={e.type === "command" && !e.enabled}
              className={`cmdk__item${i === index ? " cmdk__item--active" : ""}${e.type === "command" && !e.enabled ? " cmdk__item--disabled" : ""}`}
              data-index={i}
              data-testid={`cmdk-${e.key}`}
              onMouseMove={() => setActive(i)}
              onClick={() => choose(e)}
            >
              <span className={`cmdk__type cmdk__type--${e.type}`}>{TYPE_LABEL[e.type]}</span>
              <span className="cmdk__title">{e.title}</span>
              <span className="cmdk__detail muted">{e.detail}</span>
              {e.type === "command" && e.command.keys?.[0] && <kbd className="kbd">{formatChord(e.command.keys[0])}</kbd>}
            </li>
          ))}
        </ul>
      </PaletteFrame>
  );
}
