/**
 * Ports of a node as the editor shows them, cached per config object (immer keeps unchanged configs
 * identical, so a 500-node document derives each node's ports once). Lenient: a config that does not pass
 * its schema yet (a prompt without a model) still gets the ports its fields imply.
 */
import { getKind } from "../../../shared/nodes/registry";
import type { NodeDoc } from "../../../shared/pipeline/schema";
import type { NodePorts, PortDef } from "../../../shared/ports";

const NONE: NodePorts = { inputs: [], outputs: [] };
const cache = new WeakMap<object, { kind: string; ports: NodePorts }>();

function derive(node: NodeDoc): NodePorts {
  const kind = getKind(node.kind);
  if (!kind) return NONE;
  const parsed = kind.configSchema.safeParse(node.config);
  try {
    return kind.ports(parsed.success ? parsed.data : node.config);
  } catch {
    return NONE;
  }
}

export function portsOf(node: NodeDoc): NodePorts {
  const key = node.config as object;
  const hit = cache.get(key);
  if (hit && hit.kind === node.kind) return hit.ports;
  const ports = derive(node);
  cache.set(key, { kind: node.kind, ports });
  return ports;
}

export function findPort(node: NodeDoc, side: "input" | "output", name: string): PortDef | undefined {
  const ports = portsOf(node);
  return (side === "input" ? ports.inputs : ports.outputs).find((p) => p.name === name);
}

/** A short signature of a node's handles, to tell React Flow when they change. */
export function portSignature(ports: NodePorts): string {
  return ports.inputs.map((p) => `${p.name}:${p.type}`).join(",") + "|" + ports.outputs.map((p) => `${p.name}:${p.type}`).join(",");
}
