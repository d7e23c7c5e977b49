import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeService, templateDoc } from "./helpers";

let env: ReturnType<typeof makeService>;
afterEach(async () => env?.close());

describe("templates.*", () => {
  it("lists the shipped templates with names and descriptions", async () => {
    env = makeService();
    const list = await env.service.call("templates.list", undefined);
    const files = list.map((t) => t.file);
    expect(files).toEqual(expect.arrayContaining(["cas-seat.json", "cot.json", "seat.json"]));
    const cot = list.find((t) => t.file === "cot.json")!;
    expect(cot.name).toBe(templateDoc("cot.json").name);
    expect(cot.description.length).toBeGreaterThan(0);
  });

  it("opens a template as a valid doc", async () => {
    env = makeService();
    expect(await env.service.call("templates.open", { file: "seat.json" })).toEqual(templateDoc("seat.json"));
  });

  it("refuses names with paths and names that do not exist", async () => {
    env = makeService();
    await expect(env.service.call("templates.open", { file: "../package.json" })).rejects.toThrow(/not a template file name/);
    await expect(env.service.call("templates.open", { file: "missing.json" })).rejects.toThrow(/does not exist/);
  });

  it("lists a broken template as invalid and refuses to open it, with problems", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-templates-"));
    writeFileSync(join(dir, "broken.json"), '{"format": "cascade-studio/pipeline"');
    env = makeService({ templatesDir: dir });
    const [info] = await env.service.call("templates.list", undefined);
    expect(info).toMatchObject({ file: "broken.json", description: expect.stringMatching(/^invalid template: \$: not valid JSON/) });
    const error = await env.service.call("templates.open", { file: "broken.json" }).catch((e) => e);
    expect(error.problems[0]).toMatchObject({ code: "bad-json" });
  });

  it("gives an empty list when the templates folder is missing", async () => {
    env = makeService({ templatesDir: join(tmpdir(), "no-such-templates-dir-cascade") });
    expect(await env.service.call("templates.list", undefined)).toEqual([]);
  });
});
