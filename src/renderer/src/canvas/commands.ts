/**
 * Editor commands shared by shortcuts, the palette and menus. Each is one undoable edit.
 */
import { copySelection, parseClipboard, pasteInto, pasteOffset, serializeClipboard, type ClipboardContent } from "../store/clipboard";
import { editor } from "../store/editorStore";
import { addNode, connect, refuseConnection, removeEdges, removeNodes, type ConnectionSpec, type XY } from "../store/graphOps";
import { toast } from "../store/toastStore";

let clipboard: ClipboardContent | null = null;

export function addNodeAt(kind: string, position: XY): string {
  const id = editor().edit((doc) => addNode(doc, kind, position));
  editor().select({ nodes: [id], edges: [] });
  return id;
}

export function deleteSelection(): void {
  const { nodes, edges } = editor().selection;
  if (nodes.length === 0 && edges.length === 0) return;
  editor().edit((doc) => {
    removeEdges(doc, edges);
    removeNodes(doc, nodes);
  });
  editor().select({ nodes: [], edges: [] });
}

export function copy(): boolean {
  const clip = copySelection(editor().doc, editor().selection.nodes);
  if (!clip) return false;
  clipboard = clip;
  navigator.clipboard?.writeText(serializeClipboard(clip)).catch(() => undefined);
  return true;
}

/** Pastes beside the originals (and beside earlier pastes), never on top of a node. */
function pasteClip(clip: ClipboardContent): void {
  const offset: XY = pasteOffset(editor().doc, clip);
  const added = editor().edit((doc) => pasteInto(doc, clip, offset));
  editor().select({ nodes: added, edges: [] });
}

export async function paste(): Promise<void> {
  let clip = clipboard;
  if (!clip) {
    // Another window of the app may have copied nodes.
    const text = await navigator.clipboard?.readText().catch(() => "");
    clip = text ? parseClipboard(text) : null;
  }
  if (!clip) return;
  pasteClip(clip);
}

export function duplicate(): void {
  const clip = copySelection(editor().doc, editor().selection.nodes);
  if (clip) pasteClip(clip);
}

export function selectAll(): void {
  const { doc } = editor();
  editor().select({ nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map((e) => e.id) });
}

/** Connects if allowed; otherwise says why. */
export function tryConnect(c: ConnectionSpec): boolean {
  const refusal = refuseConnection(editor().doc, c);
  if (refusal) {
    toast(`Cannot connect: ${refusal}`, "warn");
    return false;
  }
  const replaced = editor().doc.edges.some((e) => e.target === c.target && e.targetPort === c.targetPort);
  editor().edit((doc) => connect(doc, c));
  if (replaced) toast(`Replaced the previous edge into ${c.target}.${c.targetPort}`, "info", 2500);
  return true;
}
