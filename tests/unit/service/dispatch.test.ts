import { afterEach, describe, expect, it } from "vitest";
import { METHODS } from "../../../src/main/service/paramSchemas";
import { makeService } from "./helpers";

let env: ReturnType<typeof makeService>;
afterEach(async () => env?.close());

describe("dispatch", () => {
  it("has a param schema for every method and answers app.info", async () => {
    env = makeService({ mode: "browser", dbPath: "/tmp/x.db" });
    expect(METHODS).toHaveLength(52);
    expect(await env.service.dispatch("app.info", undefined)).toMatchObject({ mode: "browser", dbPath: "/tmp/x.db", canStoreSecrets: false, version: "0.1.0" });
  });

  it("rejects unknown methods, including inherited object keys", async () => {
    env = makeService();
    await expect(env.service.dispatch("pipelines.drop", {})).rejects.toThrow('unknown method "pipelines.drop"');
    await expect(env.service.dispatch("constructor", {})).rejects.toThrow(/unknown method/);
    await expect(env.service.dispatch(42, {})).rejects.toThrow(/unknown method 42/);
  });

  it("rejects bad params and names the field", async () => {
    env = makeService();
    await expect(env.service.dispatch("pipelines.get", { id: 5 })).rejects.toThrow(/pipelines\.get: bad params: params\.id: /);
    await expect(env.service.dispatch("pipelines.get", {})).rejects.toThrow(/params\.id/);
    await expect(env.service.dispatch("pipelines.get", { id: "a", extra: 1 })).rejects.toThrow(/extra/);
    await expect(env.service.dispatch("runs.results", { runId: "r", nodeId: "n", limit: -1 })).rejects.toThrow(/params\.limit/);
    await expect(env.service.dispatch("pipelines.import", null)).rejects.toThrow(/bad params/);
  });

  it("accepts missing params for methods without params, not junk", async () => {
    env = makeService();
    expect(await env.service.dispatch("pipelines.list", undefined)).toEqual([]);
    expect(await env.service.dispatch("pipelines.list", null)).toEqual([]);
    await expect(env.service.dispatch("pipelines.list", { x: 1 })).rejects.toThrow(/bad params/);
  });
});
