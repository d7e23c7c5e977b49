import { afterEach, describe, expect, it } from "vitest";
import { parsePipelineJson } from "../../../src/shared/pipeline/validate";
import { makeService, templateDoc } from "./helpers";

let env: ReturnType<typeof makeService>;
afterEach(async () => env?.close());

describe("pipelines.*", () => {
  it("saves, lists, gets, versions, renames and deletes a pipeline", async () => {
    env = makeService();
    const { service } = env;
    const doc = templateDoc();
    const first = await service.call("pipelines.save", { doc });
    expect(first).toMatchObject({ name: doc.name, version: 1, doc });
    const second = await service.call("pipelines.save", { id: first.id, doc: { ...doc, description: "changed" } });
    expect(second.version).toBe(2);
    expect((await service.call("pipelines.get", { id: first.id, version: 1 })).doc.description).toBe(doc.description);
    expect((await service.call("pipelines.get", { id: first.id })).doc.description).toBe("changed");
    expect((await service.call("pipelines.versions", { id: first.id })).map((v) => v.version)).toEqual([2, 1]);
    await service.call("pipelines.rename", { id: first.id, name: "Renamed" });
    const list = await service.call("pipelines.list", undefined);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: first.id, name: "Renamed" });
    await service.call("pipelines.delete", { id: first.id });
    expect(await service.call("pipelines.list", undefined)).toEqual([]);
    await expect(service.call("pipelines.get", { id: first.id })).rejects.toThrow(first.id);
  });

  it("refuses to save under an id that does not exist", async () => {
    env = makeService();
    await expect(env.service.call("pipelines.save", { id: "nope", doc: templateDoc() })).rejects.toThrow(/nope/);
  });

  it("refuses a doc with a key in a model config (secrets never go into pipelines)", async () => {
    env = makeService();
    const doc = templateDoc();
    const bad = { ...doc, models: { ...doc.models, reasoner: { ...doc.models.reasoner, apiKey: "sk-secret" } } };
    const error = await env.service.dispatch("pipelines.save", { doc: bad }).catch((e: Error & { problems?: unknown[] }) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/pipelines\.save: bad params/);
    expect((error as { problems: { path: string }[] }).problems[0].path).toBe("models.reasoner");
  });

  it("imports a valid file and returns its doc", async () => {
    env = makeService();
    const doc = templateDoc();
    const result = await env.service.call("pipelines.import", { text: JSON.stringify(doc) });
    expect(result.problems).toEqual([]);
    expect(result.doc).toEqual(doc);
  });

  it("imports broken JSON as problems without a doc", async () => {
    env = makeService();
    const result = await env.service.call("pipelines.import", { text: '{"format": ' });
    expect(result.doc).toBeUndefined();
    expect(result.problems).toEqual([expect.objectContaining({ code: "bad-json", path: "$" })]);
  });

  it("imports an invalid pipeline as problems with paths, without a doc", async () => {
    env = makeService();
    const doc = templateDoc();
    doc.edges[0] = { ...doc.edges[0], target: "ghost" };
    const result = await env.service.call("pipelines.import", { text: JSON.stringify(doc) });
    expect(result.doc).toBeUndefined();
    expect(result.problems.some((p) => p.code === "dangling-edge" && p.path.startsWith("edges[0]"))).toBe(true);
  });

  it("exports deterministic text that validates, with a file name from the pipeline name", async () => {
    env = makeService();
    const doc = { ...templateDoc(), name: "My CoT: test #1" };
    const { text, fileName } = await env.service.call("pipelines.export", { doc });
    expect(fileName).toBe("my-cot-test-1.json");
    expect(parsePipelineJson(text)).toEqual({ doc, problems: [] });
    const shuffled = Object.fromEntries(Object.entries(doc).reverse()) as typeof doc;
    expect((await env.service.call("pipelines.export", { doc: shuffled })).text).toBe(text);
  });
});
