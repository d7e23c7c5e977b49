/** Auto-layout (dagre) of documents and import texts, and the group recipes. */
import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { layoutImportText, layoutPositions, needsLayout } from "../../../src/renderer/src/canvas/autoLayout";
import { frameBox, FRAME_MARGIN, FRAME_TITLE } from "../../../src/renderer/src/canvas/deriveGroups";
import { pasteInto } from "../../../src/renderer/src/store/clipboard";
import { removeNodes } from "../../../src/renderer/src/store/graphOps";
import { createGroup, dropEmptyGroups, renameGroup, ungroup } from "../../../src/renderer/src/store/groupOps";
import { parsePipelineJson } from "../../../src/shared/pipeline/validate";
import { serializePipeline } from "../../../src/shared/pipeline/serialize";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";

function chain(): PipelineDoc {
  const node = (id: string, kind: string, config: Record<string, unknown>) => ({ id, kind, position: { x: 0, y: 0 }, config });
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "chain",
    models: {},
    nodes: [
      node("d", "dataset", { source: { type: "inline", rows: [{ q: "1" }] }, columns: [{ name: "q", type: "text" }] }),
      node("t1", "text", { mode: "constant", value: "a" }),
      node("t2", "text", { mode: "constant", value: "b" }),
    ],
    edges: [],
  };
}

describe("auto-layout", () => {
  it("puts each edge's target to the right of its source, on the grid, without overlaps", () => {
    const doc = { nodes: [{ id: "a", kind: "note", config: {} }, { id: "b", kind: "note", config: {} }, { id: "c", kind: "note", config: {} }], edges: [{ source: "a", target: "b" }, { source: "b", target: "c" }, { source: "a", target: "c" }] };
    const p = layoutPositions(doc);
    expect(p.get("b")!.x).toBeGreaterThan(p.get("a")!.x);
    expect(p.get("c")!.x).toBeGreaterThan(p.get("b")!.x);
    for (const v of p.values()) expect([v.x % 16, v.y % 16].map(Math.abs)).toEqual([0, 0]);
    const xs = [...p.values()].map((v) => v.x);
    expect(new Set(xs).size).toBe(3);
  });

  it("keeps a group's members together (compound layout) and respects the origin", () => {
    const doc = { nodes: ["a", "b", "c", "d"].map((id) => ({ id, kind: "note", config: {}, group: id === "a" || id === "d" ? "g" : undefined })), edges: [{ source: "a", target: "b" }, { source: "c", target: "d" }] };
    const p = layoutPositions(doc, undefined, { x: 320, y: 160 });
    expect(Math.min(...[...p.values()].map((v) => v.x))).toBeGreaterThanOrEqual(320);
    expect(Math.min(...[...p.values()].map((v) => v.y))).toBeGreaterThanOrEqual(160);
  });

  it("needs a layout when positions are missing or all equal", () => {
    expect(needsLayout([{ position: { x: 1, y: 2 } }, {}])).toBe(true);
    expect(needsLayout([{ position: { x: 0, y: 0 } }, { position: { x: 0, y: 0 } }])).toBe(true);
    expect(needsLayout([{ position: { x: 0, y: 0 } }, { position: { x: 16, y: 0 } }])).toBe(false);
    expect(needsLayout([{ position: { x: 0, y: 0 } }])).toBe(false);
    expect(needsLayout([])).toBe(false);
  });

  it("lays out an import text without positions so that it validates; leaves other texts alone", () => {
    const doc = chain();
    doc.edges = [];
    const bare = { ...doc, nodes: doc.nodes.map(({ position: _p, ...n }) => n) };
    const text = JSON.stringify(bare);
    expect(parsePipelineJson(text).problems.length).toBeGreaterThan(0);
    const { text: laid, laidOut } = layoutImportText(text);
    expect(laidOut).toBe(3);
    expect(parsePipelineJson(laid).problems).toEqual([]);
    expect(layoutImportText("{ not json").text).toBe("{ not json");
    const placed = JSON.stringify({ ...doc, nodes: doc.nodes.map((n, i) => ({ ...n, position: { x: i * 300, y: 0 } })) });
    expect(layoutImportText(placed)).toEqual({ text: placed, laidOut: 0 });
  });
});

describe("groups", () => {
  it("creates, renames and removes groups; members leave their old group; empty groups go", () => {
    let doc = chain();
    doc = produce(doc, (d) => void createGroup(d, ["d", "t1"]));
    expect(doc.groups).toEqual([{ id: "group_1", label: "Group 1" }]);
    expect(doc.nodes.map((n) => n.group)).toEqual(["group_1", "group_1", undefined]);
    doc = produce(doc, (d) => void createGroup(d, ["d", "t1"], "Inputs"));
    // group_1 lost its members and went.
    expect(doc.groups).toEqual([{ id: "group_2", label: "Inputs" }]);
    doc = produce(doc, (d) => renameGroup(d, "group_2", "Data"));
    expect(doc.groups![0].label).toBe("Data");
    doc = produce(doc, (d) => removeNodes(d, ["d", "t1"]));
    expect(doc.groups).toBeUndefined();
    doc = produce(doc, (d) => void createGroup(d, ["t2"]));
    doc = produce(doc, (d) => ungroup(d, "group_1"));
    expect(doc.groups).toBeUndefined();
    expect(doc.nodes.every((n) => n.group === undefined)).toBe(true);
    expect(produce(doc, (d) => dropEmptyGroups(d))).toBe(doc);
  });

  it("serialises groups deterministically and validates references", () => {
    const doc = produce(chain(), (d) => void createGroup(d, ["t1"], "Texts"));
    const text = serializePipeline(doc);
    expect(text).toContain('"group": "group_1"');
    expect(text.indexOf('"groups"')).toBeGreaterThan(text.indexOf('"edges"'));
    expect(serializePipeline(JSON.parse(text))).toBe(text);
    expect(parsePipelineJson(text).problems).toEqual([]);
    const dangling = JSON.parse(text);
    dangling.groups = [];
    expect(parsePipelineJson(JSON.stringify(dangling)).problems).toMatchObject([{ code: "unknown-group", path: "nodes[1].group", nodeId: "t1" }]);
    // A document without groups stays as it was (no "groups" key).
    expect(serializePipeline(chain())).not.toContain("groups");
  });

  it("pasting keeps the group only where it exists", () => {
    const src = produce(chain(), (d) => void createGroup(d, ["t1"]));
    const clip = { nodes: [src.nodes[1]], edges: [] };
    const same = produce(src, (d) => void pasteInto(d, clip, { x: 32, y: 32 }));
    expect(same.nodes.at(-1)!.group).toBe("group_1");
    const other = produce(chain(), (d) => void pasteInto(d, clip, { x: 32, y: 32 }));
    expect(other.nodes.at(-1)!.group).toBeUndefined();
  });

  it("a frame surrounds its members with a margin and a title bar", () => {
    const doc = chain();
    const members = [
      { ...doc.nodes[1], position: { x: 100, y: 200 } },
      { ...doc.nodes[2], position: { x: 500, y: 260 } },
    ];
    const box = frameBox(members, new Map(), new Map([["t1", { width: 256, height: 80 }], ["t2", { width: 256, height: 90 }]]));
    expect(box).toEqual({ x: 100 - FRAME_MARGIN, y: 200 - FRAME_MARGIN - FRAME_TITLE, width: 656 + 2 * FRAME_MARGIN, height: 150 + 2 * FRAME_MARGIN + FRAME_TITLE });
  });
});
