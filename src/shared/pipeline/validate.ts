/**
 * Checks a pipeline document and returns every problem found, not only the first.
 * `parsePipeline` is the one entry point used by the editor, the engine and the CLI.
 */
import type { z } from "zod";
import { stripBom } from "../bom";
import { getKind, kindNames } from "../nodes/registry";
import { connectionRefusal, type NodePorts } from "../ports";
import { parseTemplate } from "../template";
import { MAX_JSON_DEPTH, structureProblem } from "./nesting";
import { formatPath, type Problem } from "./problems";
import { providerParamProblems } from "./providerRules";
import { humanIssue } from "./zodMessages";
import { PipelineDocSchema, type ModelParams, type NodeDoc, type PipelineDoc } from "./schema";

export interface ParseResult {
  /** The document when its shape is right (it may still have graph problems). */
  doc?: PipelineDoc;
  problems: Problem[];
}

function zodProblems(error: z.ZodError, prefix: PropertyKey[], code: Problem["code"], nodeId?: string): Problem[] {
  return error.issues.map((issue) => {
    let message = humanIssue(issue, [...prefix, ...issue.path]);
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as { keys: string[] }).keys;
      message = keys.some((k) => /key|secret|token|password/i.test(k))
        ? `"${keys.join('", "')}" is not allowed: secrets never go into a pipeline; name an environment variable in apiKeyEnv`
        : `unknown field${keys.length > 1 ? "s" : ""} "${keys.join('", "')}"`;
    }
    return { code, message, path: formatPath([...prefix, ...issue.path]), ...(nodeId ? { nodeId } : {}) };
  });
}

/** Ports of a node for its (valid) config; undefined when the kind is unknown or the config invalid. */
export function nodePorts(node: NodeDoc): NodePorts | undefined {
  const kind = getKind(node.kind);
  if (!kind) return undefined;
  const parsed = kind.configSchema.safeParse(node.config);
  return parsed.success ? kind.ports(parsed.data) : undefined;
}

export function parsePipelineJson(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(stripBom(text));
  } catch (e) {
    return { problems: [{ code: "bad-json", message: `not valid JSON: ${(e as Error).message}`, path: "$" }] };
  }
  return parsePipeline(data);
}

export function parsePipeline(data: unknown): ParseResult {
  const structure = structureProblem(data);
  if (structure) {
    const deep = structure.path;
    const message =
      structure.kind === "too-deep"
        ? `nested more than ${MAX_JSON_DEPTH} levels deep (arrays and objects inside each other)`
        : `"${String(deep[deep.length - 1])}" is a reserved name in JavaScript and cannot be a model name, field or key`;
    const node = deep[0] === "nodes" && typeof deep[1] === "number" ? (data as { nodes: { id?: unknown }[] }).nodes[deep[1]] : undefined;
    const nodeId = typeof node?.id === "string" ? { nodeId: node.id } : {};
    return { problems: [{ code: "bad-document", message, path: formatPath(deep.slice(0, 8)) + (deep.length > 8 ? "…" : ""), ...nodeId }] };
  }
  const shape = PipelineDocSchema.safeParse(data);
  if (!shape.success) {
    // Report shape problems, and still check the graph parts that parse, so the user sees everything at once.
    const problems = zodProblems(shape.error, [], "bad-document");
    const partial = data as Partial<PipelineDoc> | null;
    if (partial && Array.isArray(partial.nodes) && Array.isArray(partial.edges)) {
      const nodes = partial.nodes.filter((n) => n && typeof n === "object" && typeof n.id === "string" && typeof n.kind === "string");
      const edges = partial.edges.filter((e) => e && typeof e === "object" && typeof e.source === "string" && typeof e.target === "string");
      const models = partial.models && typeof partial.models === "object" ? partial.models : {};
      const graph = validateGraph({ ...(partial as PipelineDoc), nodes: nodes as NodeDoc[], edges, models }, partial.nodes, partial.edges);
      for (const p of graph) if (!problems.some((q) => q.path === p.path && q.message === p.message)) problems.push(p);
    }
    return { problems };
  }
  return { doc: shape.data, problems: validateGraph(shape.data) };
}

/**
 * The checks of parsePipeline after the shape: for a document that already passed PipelineDocSchema (the
 * service checks every method's params at its door), so that it is not parsed a second time.
 */
export function validateParsedPipeline(doc: PipelineDoc): ParseResult {
  const structure = structureProblem(doc);
  if (structure) return parsePipeline(doc); // the same words as for raw input
  return { doc, problems: validateGraph(doc) };
}

/**
 * Graph checks on a document whose shape is right. `rawNodes`/`rawEdges` give the original arrays so that
 * paths keep their indices when some entries were filtered out.
 */
export function validateGraph(doc: PipelineDoc, rawNodes: unknown[] = doc.nodes, rawEdges: unknown[] = doc.edges): Problem[] {
  const problems: Problem[] = [];
  const nodeIndex = (n: NodeDoc) => rawNodes.indexOf(n);
  const edgeIndex = (e: unknown) => rawEdges.indexOf(e);

  // Ids.
  const byId = new Map<string, NodeDoc>();
  for (const node of doc.nodes) {
    if (byId.has(node.id)) {
      problems.push({ code: "duplicate-id", message: `node id "${node.id}" is used more than once`, path: `nodes[${nodeIndex(node)}].id`, nodeId: node.id });
    } else byId.set(node.id, node);
  }
  const edgeIds = new Set<string>();
  for (const edge of doc.edges) {
    if (edgeIds.has(edge.id)) problems.push({ code: "duplicate-id", message: `edge id "${edge.id}" is used more than once`, path: `edges[${edgeIndex(edge)}].id`, edgeId: edge.id });
    edgeIds.add(edge.id);
  }

  // Groups: unique ids; a node names an existing group.
  const groupIds = new Set<string>();
  (doc.groups ?? []).forEach((g, i) => {
    if (groupIds.has(g.id)) problems.push({ code: "duplicate-id", message: `group id "${g.id}" is used more than once`, path: `groups[${i}].id` });
    groupIds.add(g.id);
  });
  for (const node of doc.nodes) {
    if (node.group !== undefined && !groupIds.has(node.group)) problems.push({ code: "unknown-group", message: `group "${node.group}" does not exist (declare it in "groups")`, path: `nodes[${nodeIndex(node)}].group`, nodeId: node.id });
  }

  // Kinds, configs, templates, model refs.
  const ports = new Map<string, NodePorts>();
  const configs = new Map<string, unknown>();
  for (const node of doc.nodes) {
    const at = `nodes[${nodeIndex(node)}]`;
    const kind = getKind(node.kind);
    if (!kind) {
      problems.push({ code: "unknown-kind", message: `unknown node kind "${node.kind}" (known: ${kindNames().join(", ")})`, path: `${at}.kind`, nodeId: node.id });
      continue;
    }
    const parsed = kind.configSchema.safeParse(node.config);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, [...pathOf(at), "config"], "bad-config", node.id));
      continue;
    }
    // A node whose id repeats an earlier one is reported above; it must not replace that node's ports.
    if (byId.get(node.id) !== node) continue;
    configs.set(node.id, parsed.data);
    ports.set(node.id, kind.ports(parsed.data));
    for (const t of kind.templates(parsed.data)) {
      for (const err of parseTemplate(t.text).errors) {
        problems.push({ code: "template-syntax", message: `${err.message} (line ${err.line}, column ${err.column})`, path: `${at}.config.${t.field}`, nodeId: node.id });
      }
    }
    for (const ref of kind.modelRefs(parsed.data)) {
      if (!Object.prototype.hasOwnProperty.call(doc.models ?? {}, ref)) {
        const known = Object.keys(doc.models ?? {});
        problems.push({
          code: "undefined-model",
          message: `model "${ref}" is not defined in models${known.length ? ` (defined: ${known.join(", ")})` : ""}`,
          path: `${at}.config.model`,
          nodeId: node.id,
        });
      }
    }
  }

  // Parameters the model's API refuses (OpenAI reasoning models, Anthropic).
  problems.push(...providerParamProblems(doc, (id) => configs.get(id) as { model?: string; params?: ModelParams } | undefined));

  // Edges.
  const incoming = new Map<string, Map<string, string>>(); // node -> port -> edge id
  for (const edge of doc.edges) {
    const at = `edges[${edgeIndex(edge)}]`;
    const src = byId.get(edge.source);
    const dst = byId.get(edge.target);
    if (!src) problems.push({ code: "dangling-edge", message: `source node "${edge.source}" does not exist`, path: `${at}.source`, edgeId: edge.id });
    if (!dst) problems.push({ code: "dangling-edge", message: `target node "${edge.target}" does not exist`, path: `${at}.target`, edgeId: edge.id });
    if (!src || !dst) continue;
    const srcPorts = ports.get(src.id);
    const dstPorts = ports.get(dst.id);
    const out = srcPorts?.outputs.find((p) => p.name === edge.sourcePort);
    const inp = dstPorts?.inputs.find((p) => p.name === edge.targetPort);
    const sides = [
      { node: src, list: srcPorts?.outputs, found: out, port: edge.sourcePort, field: "sourcePort", noun: "output" },
      { node: dst, list: dstPorts?.inputs, found: inp, port: edge.targetPort, field: "targetPort", noun: "input" },
    ];
    for (const side of sides) {
      if (!side.list || side.found) continue;
      const names = side.list.map((p) => p.name).join(", ") || "none";
      problems.push({
        code: "unknown-port",
        message: `node "${side.node.id}" has no ${side.noun} "${side.port}" (${side.noun}s: ${names})`,
        path: `${at}.${side.field}`,
        edgeId: edge.id,
        nodeId: side.node.id,
      });
    }
    if (out && inp) {
      const refusal = connectionRefusal(out.type, inp.type);
      if (refusal) problems.push({ code: "port-type", message: `${src.id}.${out.name} → ${dst.id}.${inp.name}: ${refusal}`, path: at, edgeId: edge.id, nodeId: dst.id });
    }
    const taken = incoming.get(dst.id) ?? new Map<string, string>();
    if (taken.has(edge.targetPort)) {
      problems.push({
        code: "duplicate-input",
        message: `input "${edge.targetPort}" of node "${dst.id}" already has an edge ("${taken.get(edge.targetPort)}")`,
        path: `${at}.targetPort`,
        edgeId: edge.id,
        nodeId: dst.id,
      });
    }
    taken.set(edge.targetPort, edge.id);
    incoming.set(dst.id, taken);
  }

  // Required inputs and template variables without an edge.
  for (const node of doc.nodes) {
    const p = ports.get(node.id);
    const kind = getKind(node.kind);
    if (!p || !kind || byId.get(node.id) !== node) continue;
    const connected = incoming.get(node.id) ?? new Map();
    // Variable name -> the first template field that uses it, so the problem points at that field.
    const templateVars = new Map<string, string>();
    for (const t of kind.templates(configs.get(node.id))) {
      for (const v of parseTemplate(t.text).variables) if (!templateVars.has(v)) templateVars.set(v, t.field);
    }
    for (const input of p.inputs) {
      if (connected.has(input.name)) continue;
      const at = `nodes[${nodeIndex(node)}]`;
      if (templateVars.has(input.name)) {
        problems.push({ code: "unbound-variable", message: `template variable {{${input.name}}} has no incoming edge`, path: `${at}.config.${templateVars.get(input.name)}`, nodeId: node.id });
      } else if (input.required) {
        problems.push({ code: "missing-input", message: `required input "${input.name}" (${input.type}) has no incoming edge`, path: at, nodeId: node.id });
      }
    }
  }

  problems.push(...findCycles(doc, nodeIndex));
  return problems;
}

function pathOf(at: string): PropertyKey[] {
  const m = /^nodes\[(\d+)\]$/.exec(at);
  return m ? ["nodes", Number(m[1])] : [at];
}

/** Reports each cycle once, naming its nodes in order. */
function findCycles(doc: PipelineDoc, nodeIndex: (n: NodeDoc) => number): Problem[] {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const next = new Map<string, string[]>();
  for (const e of doc.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  }
  const state = new Map<string, 1 | 2>(); // 1: on the stack, 2: done
  const stack: string[] = [];
  const problems: Problem[] = [];
  const visit = (id: string) => {
    state.set(id, 1);
    stack.push(id);
    for (const t of next.get(id) ?? []) {
      if (state.get(t) === 1) {
        const cycle = [...stack.slice(stack.indexOf(t)), t];
        const node = doc.nodes.find((n) => n.id === t)!;
        problems.push({ code: "cycle", message: `cycle: ${cycle.join(" → ")}`, path: `nodes[${nodeIndex(node)}]`, nodeId: t });
      } else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(id, 2);
  };
  for (const n of doc.nodes) if (!state.has(n.id)) visit(n.id);
  return problems;
}
