import { describe, expect, it } from "vitest";
import { produce } from "immer";
import { copySelection, parseClipboard, pasteInto, pasteOffset, PASTE_GAP, serializeClipboard } from "../../../src/renderer/src/store/clipboard";
import { emptyDoc } from "../../../src/renderer/src/store/emptyDoc";
import { addNode, connect } from "../../../src/renderer/src/store/graphOps";
import { emptyHistory, record, COALESCE_MS } from "../../../src/renderer/src/store/history";

function graph() {
  return produce(emptyDoc(), (doc) => {
    addNode(doc, "dataset", { x: 0, y: 0 });
    addNode(doc, "prompt", { x: 300, y: 0 });
    addNode(doc, "score", { x: 600, y: 0 });
    connect(doc, { source: "dataset_1", sourcePort: "question", target: "prompt_1", targetPort: "question" });
    connect(doc, { source: "prompt_1", sourcePort: "text", target: "score_1", targetPort: "prediction" });
  });
}

describe("clipboard", () => {
  it("copies the selected nodes and only the edges between them", () => {
    const clip = copySelection(graph(), ["dataset_1", "prompt_1"])!;
    expect(clip.nodes.map((n) => n.id)).toEqual(["dataset_1", "prompt_1"]);
    expect(clip.edges.map((e) => e.target)).toEqual(["prompt_1"]);
    expect(copySelection(graph(), [])).toBeNull();
  });

  it("pastes with new ids, rewired edges and an offset", () => {
    const doc = graph();
    const clip = copySelection(doc, ["dataset_1", "prompt_1"])!;
    let added: string[] = [];
    const next = produce(doc, (d) => {
      added = pasteInto(d, clip, { x: 32, y: 32 });
    });
    expect(added).toEqual(["dataset_2", "prompt_2"]);
    expect(next.nodes.find((n) => n.id === "prompt_2")!.position).toEqual({ x: 332, y: 32 });
    const pasted = next.edges.filter((e) => e.source === "dataset_2");
    expect(pasted).toHaveLength(1);
    expect(pasted[0]).toMatchObject({ target: "prompt_2", targetPort: "question" });
    expect(new Set(next.edges.map((e) => e.id)).size).toBe(next.edges.length);
  });

  it("pastes beside the originals and beside earlier pastes, never on top of a node", () => {
    let doc = graph();
    const clip = copySelection(doc, ["dataset_1", "prompt_1"])!;
    const first = pasteOffset(doc, clip);
    // The group is 300 + 256 wide and one node high: below it, by its height plus a gap.
    expect(first).toEqual({ x: 0, y: 150 + PASTE_GAP });
    doc = produce(doc, (d) => void pasteInto(d, clip, first));
    const second = pasteOffset(doc, clip);
    expect(second).toEqual({ x: 0, y: 2 * (150 + PASTE_GAP) });
    doc = produce(doc, (d) => void pasteInto(d, clip, second));
    const boxes = doc.nodes.map((n) => n.position);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= 256 || Math.abs(a.y - b.y) >= 150).toBe(true);
  });

  it("round-trips through text and ignores foreign text", () => {
    const clip = copySelection(graph(), ["prompt_1"])!;
    expect(parseClipboard(serializeClipboard(clip))).toEqual(clip);
    expect(parseClipboard("hello")).toBeNull();
    expect(parseClipboard('{"nodes":[]}')).toBeNull();
  });
});

describe("history", () => {
  it("does not merge edits with the same key that are far apart in time", () => {
    const e = (at: number) => ({ patches: [{ op: "replace" as const, path: ["name"], value: String(at) }], inverse: [], key: "k", at });
    let h = record(emptyHistory(), e(0));
    h = record(h, e(10));
    expect(h.past).toHaveLength(1);
    h = record(h, e(10 + COALESCE_MS + 1));
    expect(h.past).toHaveLength(2);
  });
});

describe("freeSpot", () => {
  it("finds the nearest spot that does not overlap, below first", async () => {
    const { freeSpot } = await import("../../../src/renderer/src/store/graphOps");
    const doc = graph(); // nodes at x 0, 300, 600 on y 0
    expect(freeSpot(doc, { x: 0, y: 0 })).toEqual({ x: 0, y: 198 });
    expect(freeSpot(doc, { x: 0, y: 400 })).toEqual({ x: 0, y: 400 });
    expect(freeSpot(doc, { x: 300, y: 20 })).toEqual({ x: 300, y: 218 });
  });
});
