/**
 * One node on the canvas: a header coloured by the kind's category (label, kind, badges), then one row per
 * port: inputs on the left, outputs on the right, each a named handle coloured by its type.
 */
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef } from "react";
import { getKind, summaryOf } from "../../../shared/nodes/registry";
import type { PortDef } from "../../../shared/ports";
import { danglingPortsOf, danglingSignature } from "../store/danglingPorts";
import { useEditor } from "../store/editorStore";
import { portSignature, portsOf } from "../store/ports";
import type { CascadeFlowNode } from "./deriveFlow";
import { ProblemBadge, RunBadges } from "./NodeBadges";
import { ReviewBadge } from "../review/ReviewBadge";
import { NodeProgress } from "../run/NodeProgress";
import { NodeRunToolbar } from "../run/NodeRunToolbar";

const TYPE_ABBR: Partial<Record<PortDef["type"], string>> = { conversation: "chat", boolean: "bool" };

/** A port that an edge still uses but the node no longer has (its `{{var}}` was removed or is half typed). */
function DanglingPortRow({ name, side }: { name: string; side: "in" | "out" }) {
  return (
    <div className={`port port--${side} port--dangling`} title={`${name}: no longer a port of this node; its edge is kept until you remove it or the port comes back`} data-testid={`port-${side}-${name}`} data-dangling="true">
      <Handle id={name} type={side === "in" ? "target" : "source"} position={side === "in" ? Position.Left : Position.Right} className="handle handle--dangling" isConnectable={false} data-testid={`handle-${side}-${name}`} />
      <span className="port__name">{name}</span>
      <span className="port__type">gone</span>
    </div>
  );
}

function PortRow({ port, side }: { port: PortDef; side: "in" | "out" }) {
  const title = `${port.name}: ${port.type}${port.required ? " (required)" : ""}${port.description ? ` — ${port.description}` : ""}`;
  return (
    <div className={`port port--${side}`} title={title} data-testid={`port-${side}-${port.name}`}>
      <Handle
        id={port.name}
        type={side === "in" ? "target" : "source"}
        position={side === "in" ? Position.Left : Position.Right}
        className={`handle handle--${port.type}`}
        data-testid={`handle-${side}-${port.name}`}
      />
      <span className="port__name">{port.name}</span>
      <span className={`port__type ptype--${port.type}`}>{TYPE_ABBR[port.type] ?? port.type}</span>
    </div>
  );
}

function CascadeNodeView({ id, data, selected }: NodeProps<CascadeFlowNode>) {
  const node = data.node;
  const kind = getKind(node.kind);
  const ports = portsOf(node);
  const danglingKey = useEditor((s) => danglingSignature(danglingPortsOf(s.doc, id)));
  const dangling = useMemo(() => {
    const [ins = "", outs = ""] = danglingKey.split("|");
    return { inputs: ins ? ins.split(",") : [], outputs: outs ? outs.split(",") : [] };
  }, [danglingKey]);
  const signature = portSignature(ports) + "#" + danglingKey;
  const updateNodeInternals = useUpdateNodeInternals();
  // React Flow measures handles on mount; afterwards tell it when the set of handles changed.
  const mountedSignature = useRef(signature);
  useEffect(() => {
    if (mountedSignature.current === signature) return;
    mountedSignature.current = signature;
    updateNodeInternals(id);
  }, [id, signature, updateNodeInternals]);
  const text = useMemo(() => summaryOf({ kind: node.kind, config: node.config }), [node.kind, node.config]);
  const category = kind?.category ?? "unknown";
  const inCount = ports.inputs.length + dangling.inputs.length;
  const outCount = ports.outputs.length + dangling.outputs.length;
  const rows = Math.max(inCount, outCount);

  return (
    <div className={`cnode cat--${category}${selected ? " cnode--selected" : ""}${node.kind === "note" ? " cnode--note" : ""}`} data-testid={`node-${id}`} data-kind={node.kind}>
      <div className="cnode__head" title={`${node.label ?? kind?.title ?? node.kind} — ${node.kind} node "${id}"`}>
        <span className="cnode__label">{node.label || id}</span>
        <ProblemBadge nodeId={id} />
        <span className="cnode__kind">{node.kind}</span>
      </div>
      <NodeProgress nodeId={id} />
      {rows > 0 && (
        <div className={`cnode__ports${inCount === 0 ? " cnode__ports--out" : outCount === 0 ? " cnode__ports--in" : ""}`}>
          <div className="cnode__inputs">
            {ports.inputs.map((p) => <PortRow key={p.name} port={p} side="in" />)}
            {dangling.inputs.map((name) => <DanglingPortRow key={`gone:${name}`} name={name} side="in" />)}
          </div>
          <div className="cnode__outputs">
            {ports.outputs.map((p) => <PortRow key={p.name} port={p} side="out" />)}
            {dangling.outputs.map((name) => <DanglingPortRow key={`gone:${name}`} name={name} side="out" />)}
          </div>
        </div>
      )}
      {text !== null && text !== "" && <div className="cnode__summary">
          <span>{text}</span>
        </div>}
      <RunBadges nodeId={id} />
      <ReviewBadge nodeId={id} kind={node.kind} />
      <NodeRunToolbar nodeId={id} selected={!!selected} kind={node.kind} />
    </div>
  );
}

export const CascadeNode = memo(CascadeNodeView);
