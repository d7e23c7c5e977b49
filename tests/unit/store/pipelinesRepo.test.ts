import { describe, expect, it } from "vitest";
import { openStore } from "../../../src/main/store/store";
import { tinyDoc } from "./helpers";

describe("pipelinesRepo", () => {
  it("makes a new version only when the content changes", () => {
    const store = openStore(":memory:");
    const a = store.pipelines.save(tinyDoc());
    expect(a.version).toBe(1);
    expect(store.pipelines.save(tinyDoc(), { id: a.id }).version).toBe(1);
    const b = store.pipelines.save(tinyDoc("tiny", "Q: {{question}}"), { id: a.id });
    expect(b.version).toBe(2);
    expect(store.pipelines.versions(a.id).map((v) => v.version)).toEqual([2, 1]);
    expect(store.pipelines.get(a.id, 1).doc.nodes[1].config.template).toBe("{{question}}");
    expect(store.pipelines.get(a.id).doc.nodes[1].config.template).toBe("Q: {{question}}");
    store.close();
  });

  it("replaces the previous autosave after the last manual save", () => {
    const store = openStore(":memory:");
    const { id } = store.pipelines.save(tinyDoc());
    expect(store.pipelines.save(tinyDoc("tiny", "a {{question}}"), { id, autosave: true }).version).toBe(2);
    expect(store.pipelines.save(tinyDoc("tiny", "b {{question}}"), { id, autosave: true }).version).toBe(2);
    expect(store.pipelines.versions(id)).toHaveLength(2);
    expect(store.pipelines.versions(id)[0].autosave).toBe(true);
    // A manual save of the same content turns the autosave into a manual version.
    expect(store.pipelines.save(tinyDoc("tiny", "b {{question}}"), { id }).version).toBe(2);
    expect(store.pipelines.versions(id)[0].autosave).toBe(false);
    expect(store.pipelines.save(tinyDoc("tiny", "c {{question}}"), { id, autosave: true }).version).toBe(3);
    expect(store.pipelines.get(id).doc.nodes[1].config.template).toBe("c {{question}}");
    store.close();
  });

  it("lists, renames and deletes", () => {
    const store = openStore(":memory:");
    const a = store.pipelines.save(tinyDoc("alpha"));
    const b = store.pipelines.save(tinyDoc("beta"));
    expect(store.pipelines.list().map((p) => p.name).sort()).toEqual(["alpha", "beta"]);
    store.pipelines.rename(a.id, "gamma");
    expect(store.pipelines.get(a.id).name).toBe("gamma");
    expect(store.pipelines.get(a.id).doc.name).toBe("gamma");
    store.pipelines.delete(b.id);
    expect(store.pipelines.list().map((p) => p.id)).toEqual([a.id]);
    expect(() => store.pipelines.get(b.id)).toThrow(/no pipeline/);
    expect(() => store.pipelines.get(a.id, 99)).toThrow(/no version 99/);
    store.close();
  });
});
