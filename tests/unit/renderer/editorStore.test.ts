import { beforeEach, describe, expect, it } from "vitest";
import { useEditor } from "../../../src/renderer/src/store/editorStore";
import { emptyDoc } from "../../../src/renderer/src/store/emptyDoc";
import { danglingPortsOf, isDanglingEdge } from "../../../src/renderer/src/store/danglingPorts";
import { addNode, connect, moveNodes, refuseConnection, removeEdges, removeNodes } from "../../../src/renderer/src/store/graphOps";
import { portsOf } from "../../../src/renderer/src/store/ports";
import { validationOf } from "../../../src/renderer/src/store/validation";

const s = () => useEditor.getState();

function datasetAndPrompt() {
  const d = s().edit((doc) => addNode(doc, "dataset", { x: 0, y: 0 }));
  const p = s().edit((doc) => addNode(doc, "prompt", { x: 300, y: 0 }));
  return { d, p };
}

describe("editor store", () => {
  beforeEach(() => s().openDoc(emptyDoc()));

  it("gives readable unique ids per kind", () => {
    const a = s().edit((doc) => addNode(doc, "prompt", { x: 0, y: 0 }));
    const b = s().edit((doc) => addNode(doc, "prompt", { x: 0, y: 0 }));
    const c = s().edit((doc) => addNode(doc, "dataset", { x: 0, y: 0 }));
    expect([a, b, c]).toEqual(["prompt_1", "prompt_2", "dataset_1"]);
  });

  it("undoes and redoes an edit, and marks the document dirty", () => {
    const { d, p } = datasetAndPrompt();
    expect(s().dirty).toBe(true);
    s().edit((doc) => connect(doc, { source: d, sourcePort: "question", target: p, targetPort: "question" }));
    expect(s().doc.edges).toHaveLength(1);
    expect(s().undo()).toBe(true);
    expect(s().doc.edges).toHaveLength(0);
    expect(s().redo()).toBe(true);
    expect(s().doc.edges).toHaveLength(1);
    expect(s().doc.edges[0]).toMatchObject({ source: d, target: p, targetPort: "question" });
  });

  it("keeps one edge per input: a new connection replaces the old one", () => {
    const { d, p } = datasetAndPrompt();
    s().edit((doc) => connect(doc, { source: d, sourcePort: "question", target: p, targetPort: "question" }));
    s().edit((doc) => connect(doc, { source: d, sourcePort: "answer", target: p, targetPort: "question" }));
    expect(s().doc.edges.map((e) => e.sourcePort)).toEqual(["answer"]);
    s().undo();
    expect(s().doc.edges.map((e) => e.sourcePort)).toEqual(["question"]);
  });

  it("keeps an edge whose port vanished while a template is typed, shows it dangling, and reattaches it when the var returns", () => {
    const { d, p } = datasetAndPrompt();
    s().edit((doc) => connect(doc, { source: d, sourcePort: "question", target: p, targetPort: "question" }));
    const edgeId = s().doc.edges[0].id;
    // Select all + type "Solve: {{question}}" one key at a time: the var is half typed for a while.
    for (const t of ["S", "Solve: ", "Solve: {{", "Solve: {{quest", "Solve: {{question}", "Solve: {{question}}"]) {
      s().edit((doc) => void (doc.nodes.find((n) => n.id === p)!.config.template = t), { coalesce: `${p}.template` });
      expect(s().doc.edges.map((e) => e.id)).toEqual([edgeId]);
      if (t === "Solve: {{quest") {
        expect(portsOf(s().doc.nodes[1]).inputs.map((i) => i.name)).not.toContain("question");
        expect(danglingPortsOf(s().doc, p)).toEqual({ inputs: ["question"], outputs: [] });
        expect(isDanglingEdge(s().doc, s().doc.edges[0])).toBe(true);
      }
    }
    expect(danglingPortsOf(s().doc, p)).toEqual({ inputs: [], outputs: [] });
    expect(isDanglingEdge(s().doc, s().doc.edges[0])).toBe(false);
    // Removing the var for good still keeps the edge (dangling) until the user deletes it; undo restores all.
    s().edit((doc) => void (doc.nodes.find((n) => n.id === p)!.config.template = "No variables here"));
    expect(s().doc.edges).toHaveLength(1);
    expect(danglingPortsOf(s().doc, p).inputs).toEqual(["question"]);
    s().edit((doc) => removeEdges(doc, [edgeId]));
    expect(s().doc.edges).toHaveLength(0);
    s().undo();
    s().undo();
    s().undo();
    expect(s().doc.nodes[1].config.template).toBe("{{question}}");
    expect(s().doc.edges.map((e) => e.id)).toEqual([edgeId]);
  });

  it("derives a prompt's input ports from its template even before a model is chosen", () => {
    const { p } = datasetAndPrompt();
    s().edit((doc) => {
      doc.nodes.find((n) => n.id === p)!.config.template = "Answer: {{question}} using {{context}}";
    });
    expect(portsOf(s().doc.nodes[1]).inputs.map((i) => i.name)).toEqual(["question", "context"]);
  });

  it("coalesces a typing burst in one field into one undo step, but not edits of different fields", () => {
    const { p } = datasetAndPrompt();
    const before = s().history.past.length;
    for (const t of ["A", "An", "Ans"]) s().edit((doc) => void (doc.nodes[1].config.template = t), { coalesce: `${p}.template` });
    expect(s().history.past.length).toBe(before + 1);
    s().edit((doc) => void (doc.nodes[1].label = "x"), { coalesce: `${p}.label` });
    expect(s().history.past.length).toBe(before + 2);
    s().undo();
    s().undo();
    expect(s().doc.nodes[1].config.template).toBe("{{question}}");
  });

  it("refuses type-incompatible and cyclic connections with a reason", () => {
    const { d, p } = datasetAndPrompt();
    const p2 = s().edit((doc) => addNode(doc, "prompt", { x: 600, y: 0 }));
    s().edit((doc) => {
      doc.nodes.find((n) => n.id === p2)!.config.continueConversation = true;
    });
    expect(refuseConnection(s().doc, { source: d, sourcePort: "question", target: p2, targetPort: "conversation" })).toMatch(/text output cannot feed a conversation input/);
    expect(refuseConnection(s().doc, { source: p, sourcePort: "conversation", target: p2, targetPort: "conversation" })).toBeNull();
    s().edit((doc) => connect(doc, { source: p, sourcePort: "text", target: p2, targetPort: "question" }));
    expect(refuseConnection(s().doc, { source: p2, sourcePort: "text", target: p, targetPort: "question" })).toMatch(/cycle/);
  });

  it("deletes nodes with their edges, moves nodes, and validation follows the document", () => {
    const { d, p } = datasetAndPrompt();
    s().edit((doc) => connect(doc, { source: d, sourcePort: "question", target: p, targetPort: "question" }));
    expect(validationOf(s().doc).byNode.get(p)?.map((x) => x.code)).toEqual(["bad-config"]);
    s().edit((doc) => moveNodes(doc, new Map([[p, { x: 17.4, y: 33.6 }]])));
    expect(s().doc.nodes[1].position).toEqual({ x: 17, y: 34 });
    s().select({ nodes: [d, p] });
    s().edit((doc) => removeNodes(doc, [d]));
    expect(s().doc.edges).toHaveLength(0);
    expect(s().selection.nodes).toEqual([p]);
    expect(validationOf(s().doc)).toBe(validationOf(s().doc));
  });
});
