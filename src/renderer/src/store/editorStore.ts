/**
 * The open document and everything about editing it. The PipelineDoc is the single source of truth: the
 * canvas derives its nodes and edges from it. Every change goes through `edit(recipe)`, which records immer
 * patches for undo/redo. An edit never removes an edge as a side effect: an edge whose port vanished (a
 * `{{var}}` half typed) stays, shown as dangling (store/danglingPorts.ts), until the var returns or the user
 * removes it.
 */
import { produceWithPatches, type Patch } from "immer";
import { create } from "zustand";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import { emptyDoc } from "./emptyDoc";
import { emptyHistory, record, redo as redoHistory, undo as undoHistory, type History } from "./history";

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface EditOptions {
  /** Edits with the same key in quick succession become one undo step (typing in a field). */
  coalesce?: string;
}

export interface OpenOptions {
  id?: string;
  version?: number;
  /** A restored backup or a template copy is unsaved. */
  dirty?: boolean;
}

export interface SaveMark {
  at: number;
  version: number;
  autosave: boolean;
}

export interface EditorState {
  doc: PipelineDoc;
  pipelineId?: string;
  version?: number;
  dirty: boolean;
  /** Increments on every change of `doc` (edit, undo, redo, open). */
  revision: number;
  /** Increments each time a document is opened (the canvas fits the view then). */
  openSeq: number;
  lastSave?: SaveMark;
  history: History;
  selection: Selection;
  openDoc(doc: PipelineDoc, options?: OpenOptions): void;
  edit<T>(recipe: (draft: PipelineDoc) => T, options?: EditOptions): T;
  undo(): boolean;
  redo(): boolean;
  select(selection: Partial<Selection>): void;
  /** A save of `savedDoc` finished; the document stays dirty if it changed meanwhile. */
  markSaved(id: string, version: number, savedDoc: PipelineDoc, autosave: boolean): void;
}

function keepExisting(selection: Selection, doc: PipelineDoc): Selection {
  const nodes = selection.nodes.filter((id) => doc.nodes.some((n) => n.id === id));
  const edges = selection.edges.filter((id) => doc.edges.some((e) => e.id === id));
  return nodes.length === selection.nodes.length && edges.length === selection.edges.length ? selection : { nodes, edges };
}

export function applyEdit<T>(before: PipelineDoc, recipe: (draft: PipelineDoc) => T): { doc: PipelineDoc; patches: Patch[]; inverse: Patch[]; result: T } {
  let result!: T;
  const [doc, patches, inverse] = produceWithPatches(before, (draft) => {
    result = recipe(draft as PipelineDoc);
  });
  return { doc, patches, inverse, result };
}

export const useEditor = create<EditorState>()((set, get) => ({
  doc: emptyDoc(),
  dirty: false,
  revision: 0,
  openSeq: 0,
  history: emptyHistory(),
  selection: { nodes: [], edges: [] },

  openDoc(doc, options = {}) {
    set((s) => ({
      doc,
      pipelineId: options.id,
      version: options.version,
      dirty: options.dirty ?? false,
      revision: s.revision + 1,
      openSeq: s.openSeq + 1,
      lastSave: undefined,
      history: emptyHistory(),
      selection: { nodes: [], edges: [] },
    }));
  },

  edit(recipe, options = {}) {
    const s = get();
    const { doc, patches, inverse, result } = applyEdit(s.doc, recipe);
    if (patches.length === 0) return result;
    set({
      doc,
      dirty: true,
      revision: s.revision + 1,
      history: record(s.history, { patches, inverse, key: options.coalesce, at: Date.now() }),
      selection: keepExisting(s.selection, doc),
    });
    return result;
  },

  undo() {
    const s = get();
    const r = undoHistory(s.doc, s.history);
    if (!r) return false;
    set({ doc: r.doc, history: r.history, dirty: true, revision: s.revision + 1, selection: keepExisting(s.selection, r.doc) });
    return true;
  },

  redo() {
    const s = get();
    const r = redoHistory(s.doc, s.history);
    if (!r) return false;
    set({ doc: r.doc, history: r.history, dirty: true, revision: s.revision + 1, selection: keepExisting(s.selection, r.doc) });
    return true;
  },

  select(selection) {
    const s = get();
    const next = { nodes: selection.nodes ?? s.selection.nodes, edges: selection.edges ?? s.selection.edges };
    if (sameIds(next.nodes, s.selection.nodes) && sameIds(next.edges, s.selection.edges)) return;
    set({ selection: next });
  },

  markSaved(id, version, savedDoc, autosave) {
    set((s) => ({ pipelineId: id, version, dirty: s.doc !== savedDoc, lastSave: { at: Date.now(), version, autosave } }));
  },
}));

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Shorthand for non-React callers. */
export const editor = () => useEditor.getState();
