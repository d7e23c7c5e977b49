/**
 * What the Ctrl+K palette lists: node kinds and templates to place (the node search), then commands; and the
 * filter that matches a query against them (every word must occur in the title, section or description).
 */
import type { TemplateInfo } from "../../../shared/contract";
import { NODE_KINDS } from "../../../shared/nodes/registry";
import { allCommandList, isEnabled } from "./registry";
import type { Command } from "./types";

export type PaletteEntry =
  | { type: "kind"; key: string; title: string; detail: string; kind: string }
  | { type: "template"; key: string; title: string; detail: string; file: string }
  | { type: "command"; key: string; title: string; detail: string; command: Command; enabled: boolean };

export function nodeEntries(templates: readonly TemplateInfo[]): PaletteEntry[] {
  return [
    ...NODE_KINDS.map((k): PaletteEntry => ({ type: "kind", key: `kind:${k.kind}`, title: k.title, detail: k.description, kind: k.kind })),
    ...templates.map((t): PaletteEntry => ({ type: "template", key: `template:${t.file}`, title: `${t.name} (template)`, detail: t.description, file: t.file })),
  ];
}

export function commandEntries(): PaletteEntry[] {
  return allCommandList()
    .filter((c) => c.id !== "view.commandPalette")
    .map((c): PaletteEntry => ({ type: "command", key: `command:${c.id}`, title: c.title, detail: c.section, command: c, enabled: isEnabled(c) }));
}

export function matches(entry: PaletteEntry, query: string): boolean {
  const hay = `${entry.title} ${entry.detail} ${entry.type === "kind" ? entry.kind : ""}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/** Entries whose title starts with the query come first; otherwise the listed order is kept. */
export function filterEntries(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  const q = query.trim().toLowerCase();
  const hits = entries.filter((e) => matches(e, q));
  if (!q) return hits;
  const starts = (e: PaletteEntry) => (e.title.toLowerCase().startsWith(q) ? 0 : 1);
  return hits.map((e, i) => ({ e, i })).sort((a, b) => starts(a.e) - starts(b.e) || a.i - b.i).map((x) => x.e);
}
