/**
 * The node-graph canvas. Nodes and edges are derived from the document; every change is an edit.
 */
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  getNodesBounds,
  useNodesInitialized,
  useReactFlow,
  useStoreApi,
  type Connection,
  type FinalConnectionState,
  type IsValidConnection,
  type Edge,
  type Node,
  type Viewport,
} from "@xyflow/react";
import { useCallback, useEffect, useLayoutEffect, useRef, type DragEvent, type MouseEvent as ReactMouseEvent, type PointerEvent as ReactPointerEvent } from "react";
import { commandUi } from "../commands/commandUi";
import { getKind } from "../../../shared/nodes/registry";
import { editor, useEditor } from "../store/editorStore";
import { refuseConnection, type ConnectionSpec } from "../store/graphOps";
import { toast } from "../store/toastStore";
import { useUi } from "../store/uiStore";
import { useResolvedTheme } from "../ui/useTheme";
import { NODE_KIND_MIME } from "../palette/dnd";
import { CascadeNode } from "./CascadeNode";
import { fitViewport, MINIMAP } from "./fitViewport";
import { keepViewport, keptViewport } from "../library/layoutMemory";
import { groupOfFrame } from "./deriveGroups";
import { GroupFrame } from "./GroupFrame";
import { addNodeAt, tryConnect } from "./commands";
import type { CascadeFlowNode } from "./deriveFlow";
import { setFlowInstance } from "./flowInstance";
import { useFlowModel } from "./useFlowModel";

const nodeTypes = { cascade: CascadeNode, frame: GroupFrame };
const SNAP: [number, number] = [16, 16];
const MULTI_KEYS = ["Shift", "Meta", "Control"];
const VIRTUALISE_ABOVE = 150;
const MIN_ZOOM = 0.1;
/** What a screen reader says about a focused node: the keys that work on it (C is the port menu, PortMenu.tsx). */
const ARIA_LABELS = {
  "node.a11yDescription.default": "Press Enter or Space to select the node, C to connect one of its ports, arrow keys to move it, Delete to remove it.",
};

function spec(c: Connection): ConnectionSpec | null {
  if (!c.sourceHandle || !c.targetHandle) return null;
  return { source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle };
}

/** A click on a node shows its panel, whichever right-hand tab was open (Models, Pipeline). */
const showNodePanel = () => useUi.getState().setRightTab("node");

/** React Flow's fit-view icon (its own button fits without knowing the minimap). */
function FitIcon() {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30">
      <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
    </svg>
  );
}

function minimapColor(node: Node): string {
  if (node.type === "frame") return "transparent";
  const kind = getKind((node as CascadeFlowNode).data?.node?.kind ?? "");
  return `var(--cat-${kind?.category ?? "unknown"})`;
}

export function Canvas() {
  const { nodes, edges, onNodesChange, onEdgesChange } = useFlowModel();
  const openSeq = useEditor((s) => s.openSeq);
  const theme = useResolvedTheme();
  const flow = useReactFlow();
  useEffect(() => {
    setFlowInstance(flow);
    return () => setFlowInstance(null);
  }, [flow]);

  // Fit the view once the opened document's nodes have been measured.
  const initialised = useNodesInitialized();
  const rfStore = useStoreApi();
  const fitPending = useRef(0);
  const canvasRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    // Fit on estimated sizes before React Flow renders the new nodes, so only the visible ones render;
    // small documents are fitted again once measured.
    const el = canvasRef.current;
    // A saved pipeline reopens with the view it was left in.
    const kept = keptViewport(editor().pipelineId);
    if (kept) void flow.setViewport(kept);
    else if (el && nodes.length > 0) {
      const bounds = getNodesBounds(nodes);
      // A pipeline too big to fit legibly opens on its beginning at a readable zoom (not 500 specks).
      void flow.setViewport(fitViewport(bounds, el.clientWidth, el.clientHeight, MIN_ZOOM));
    }
    fitPending.current = !kept && nodes.length <= VIRTUALISE_ABOVE ? openSeq : 0;
    // Only when a document is opened.
  }, [openSeq]);
  useEffect(() => {
    if (fitPending.current === 0) return;
    // An empty document has nothing to fit; the first node added to it must not move the view.
    if (nodes.length === 0) return void (fitPending.current = 0);
    const lookup = rfStore.getState().nodeLookup;
    const measured = [...lookup.values()].every((n) => n.measured.width !== undefined && n.measured.height !== undefined);
    if (!measured || lookup.size !== nodes.length) return;
    fitPending.current = 0;
    const el = canvasRef.current;
    if (el) void flow.setViewport(fitViewport(flow.getNodesBounds(flow.getNodes()), el.clientWidth, el.clientHeight, MIN_ZOOM));
  }, [initialised, openSeq, nodes, flow, rfStore]);

  // The fit-view button keeps nodes clear of the minimap too.
  const onFitView = useCallback(() => {
    const el = canvasRef.current;
    if (el) void flow.setViewport(fitViewport(flow.getNodesBounds(flow.getNodes()), el.clientWidth, el.clientHeight, MIN_ZOOM, { readable: false }));
  }, [flow]);

  const onMoveEnd = useCallback((_e: unknown, viewport: Viewport) => keepViewport(editor().pipelineId, viewport), []);

  const isValidConnection: IsValidConnection = useCallback((c) => {
    const s = spec(c as Connection);
    return !!s && refuseConnection(editor().doc, s) === null;
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const s = spec(c);
    if (s) tryConnect(s);
  }, []);

  const onConnectEnd = useCallback((_e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
    const [from, to] = state.fromHandle.type === "source" ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
    if (!from.id || !to.id) return;
    const why = refuseConnection(editor().doc, { source: from.nodeId, sourcePort: from.id, target: to.nodeId, targetPort: to.id });
    if (why) toast(`Cannot connect: ${why}`, "warn");
  }, []);

  // Shift+drag draws a selection box: without this the browser also extends a text selection into the panels.
  // The old selection is cleared on pointerdown: React Flow cancels a pointerdown that lands on a node or an
  // edge, and then the browser sends no mousedown at all.
  const onPointerDownCapture = useCallback((e: ReactPointerEvent) => {
    if (!e.shiftKey) return;
    window.getSelection()?.removeAllRanges();
    const active = document.activeElement as HTMLElement | null;
    if (active && active !== document.body && !canvasRef.current?.contains(active)) active.blur();
  }, []);
  const onMouseDownCapture = useCallback((e: ReactMouseEvent) => {
    if (e.shiftKey) e.preventDefault();
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(NODE_KIND_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(NODE_KIND_MIME);
      if (!kind) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNodeAt(kind, { x: Math.round(p.x / 16) * 16, y: Math.round(p.y / 16) * 16 });
    },
    [flow],
  );

  // The right-click menus and the double-click node search: commands of the registry (src/renderer/src/commands).
  const at = useCallback((e: { clientX: number; clientY: number }) => flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }), [flow]);
  const onPaneContextMenu = useCallback(
    (e: ReactMouseEvent | MouseEvent) => {
      e.preventDefault();
      commandUi().openMenu({ target: "canvas", x: e.clientX, y: e.clientY, ctx: { at: at(e) } });
    },
    [at],
  );
  const onNodeContextMenu = useCallback((e: ReactMouseEvent, node: Node) => {
    e.preventDefault();
    const groupId = groupOfFrame(node.id);
    if (groupId !== null) return commandUi().openMenu({ target: "group", x: e.clientX, y: e.clientY, ctx: { groupId, at: at(e) } });
    if (!editor().selection.nodes.includes(node.id)) editor().select({ nodes: [node.id], edges: [] });
    commandUi().openMenu({ target: "node", x: e.clientX, y: e.clientY, ctx: { nodeId: node.id } });
  }, [at]);
  const onEdgeContextMenu = useCallback((e: ReactMouseEvent, edge: Edge) => {
    e.preventDefault();
    if (!editor().selection.edges.includes(edge.id)) editor().select({ nodes: [], edges: [edge.id] });
    commandUi().openMenu({ target: "edge", x: e.clientX, y: e.clientY, ctx: { edgeId: edge.id } });
  }, []);
  const onDoubleClick = useCallback(
    (e: ReactMouseEvent) => {
      if (!(e.target as Element).classList?.contains("react-flow__pane")) return;
      commandUi().openPalette({ mode: "nodes", at: at(e) });
    },
    [at],
  );

  return (
    <div className="canvas" data-testid="canvas" ref={canvasRef} onPointerDownCapture={onPointerDownCapture} onMouseDownCapture={onMouseDownCapture} onDragOver={onDragOver} onDrop={onDrop} onDoubleClick={onDoubleClick}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeClick={showNodePanel}
        onMoveEnd={onMoveEnd}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onPaneContextMenu={onPaneContextMenu}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        zoomOnDoubleClick={false}
        snapToGrid
        snapGrid={SNAP}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_KEYS}
        onlyRenderVisibleElements={nodes.length > VIRTUALISE_ABOVE}
        colorMode={theme}
        minZoom={MIN_ZOOM}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={ARIA_LABELS}
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} style={{ width: MINIMAP.width, height: MINIMAP.height }} />
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={onFitView} className="react-flow__controls-fitview" title="Fit view" aria-label="Fit view">
            <FitIcon />
          </ControlButton>
        </Controls>
      </ReactFlow>
    </div>
  );
}
