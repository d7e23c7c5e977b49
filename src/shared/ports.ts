/**
 * Port types and their compatibility. A connection from an output of type `from`
 * into an input of type `to` is allowed when `canConnect(from, to)` holds.
 */
export const PORT_TYPES = ["text", "number", "boolean", "image", "json", "conversation", "any"] as const;
export type PortType = (typeof PORT_TYPES)[number];

export interface PortDef {
  name: string;
  type: PortType;
  /** Inputs only: the node cannot run without it. */
  required?: boolean;
  description?: string;
}

export interface NodePorts {
  inputs: PortDef[];
  outputs: PortDef[];
}

/** Which output types each input type accepts. Scalars convert to text; `any` accepts and feeds everything. */
const ACCEPTS: Record<PortType, readonly PortType[]> = {
  text: ["text", "number", "boolean", "json", "any"],
  number: ["number", "text", "boolean", "any"],
  boolean: ["boolean", "number", "text", "any"],
  image: ["image", "text", "any"],
  json: ["json", "text", "number", "boolean", "any"],
  conversation: ["conversation", "any"],
  any: PORT_TYPES,
};

export function canConnect(from: PortType, to: PortType): boolean {
  return ACCEPTS[to].includes(from);
}

/** Why a connection is refused, or null when it is allowed. */
export function connectionRefusal(from: PortType, to: PortType): string | null {
  if (canConnect(from, to)) return null;
  return `a ${from} output cannot feed a ${to} input (accepted: ${ACCEPTS[to].join(", ")})`;
}
