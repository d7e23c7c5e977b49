/**
 * Adds a throwaway node kind ("shout") and a throwaway provider ("echo") to a copy of src/, touching only the
 * files docs/ARCHITECTURE.md lists under "Add a node kind" and "Add a provider": the fixture files of
 * tests/fixtures/throwaway go where the list says, and each listed registry gets its one entry. The copy must
 * type-check; then a script in it runs a pipeline with the kind against the provider (a local HTTP server)
 * through the engine and reads back what the schema, the descriptors, the reports and the pre-flight say.
 * Without the two registry entries the copy must NOT type-check (no Partial map lets a kind slip through).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../../..");
const FIXTURE = join(ROOT, "tests/fixtures/throwaway");

/** New files: fixture → place in the tree. */
const ADDED: Record<string, string> = {
  "shoutKind.ts.txt": "src/shared/nodes/kinds/shout.ts",
  "shoutExecutor.ts.txt": "src/main/engine/nodes/shout.ts",
  "echoProtocol.ts.txt": "src/main/providers/echo.ts",
};

/** Registry entries: file → [text it has, text it gets]. */
const ENTRIES: Record<string, [string, string][]> = {
  "src/shared/pipeline/schema.ts": [['"gemini", "llama-cpp"] as const;', '"gemini", "llama-cpp", "echo"] as const;']],
  "src/shared/providers.ts": [
    [
      "} as const satisfies Record<ProviderKind, ProviderDescriptor>;",
      '  echo: { defaultBaseUrl: "http://127.0.0.1:7399", keyEnv: null, needsKey: false, isLocal: true, listsCallableIds: true, modelLabel: "Model", batchPriceFactor: null },\n} as const satisfies Record<ProviderKind, ProviderDescriptor>;',
    ],
  ],
  "src/main/providers/registry.ts": [
    ['import { openaiProtocol } from "./openai";', 'import { openaiProtocol } from "./openai";\nimport { echoProtocol } from "./echo";'],
    ["} satisfies Record<ProviderKind, ProviderFactory>;", "  echo: overHttp(echoProtocol),\n} satisfies Record<ProviderKind, ProviderFactory>;"],
  ],
  "src/main/providers/stopReasons.ts": [['  "llama-cpp": { truncated: [], blocked: [] },\n', '  "llama-cpp": { truncated: [], blocked: [] },\n  echo: { truncated: ["cut"], blocked: [] },\n']],
  "src/main/providers/imageLimits.ts": [['  "llama-cpp": undefined,\n', '  "llama-cpp": undefined,\n  echo: undefined,\n']],
  "src/shared/nodes/registry.ts": [
    ['import { exportKind } from "./kinds/export";', 'import { exportKind } from "./kinds/export";\nimport { shoutKind } from "./kinds/shout";'],
    ["mixKind, exportKind] as const;", "mixKind, exportKind, shoutKind] as const;"],
  ],
  "src/main/engine/nodes/registry.ts": [
    ['import { reviewExecutor } from "./review";', 'import { reviewExecutor } from "./review";\nimport { shoutExecutor } from "./shout";'],
    ["  review: reviewExecutor,\n} satisfies ExecutorRegistry;", "  review: reviewExecutor,\n  shout: shoutExecutor,\n} satisfies ExecutorRegistry;"],
  ],
};

let copy: string;

function edit(file: string, pairs: [string, string][]): void {
  const path = join(copy, file);
  let text = readFileSync(path, "utf8");
  for (const [had, gets] of pairs) {
    if (!text.includes(had)) throw new Error(`${file}: the fixture expects "${had}" there (update the test with the file)`);
    text = text.replace(had, gets);
  }
  writeFileSync(path, text);
}

function typecheck(): { ok: boolean; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "--incremental", "--tsBuildInfoFile", join(copy, "tsbuildinfo"), "-p", join(copy, "tsconfig.json")], { encoding: "utf8" });
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

/** The src/ paths named in a "**Add a …**" paragraph of ARCHITECTURE.md (`<kind>` as a wildcard). */
function listedFiles(heading: string): RegExp[] {
  const doc = readFileSync(join(ROOT, "docs/ARCHITECTURE.md"), "utf8");
  const start = doc.indexOf(`**${heading}**`);
  const section = doc.slice(start, doc.indexOf("\n\n", start));
  const dirOf = new Map<string, string>();
  const paths: RegExp[] = [];
  for (const [, p] of section.matchAll(/`([^`\s]+\.tsx?)`/g)) {
    // A bare file name ("imageLimits.ts") is in the folder of the path named before it.
    const full = p.includes("/") ? p : `${dirOf.get("last") ?? ""}/${p}`;
    if (p.includes("/")) dirOf.set("last", p.slice(0, p.lastIndexOf("/")));
    paths.push(new RegExp(`^${full.replace(/[.]/g, "\\.").replace(/<[A-Za-z]+>/g, "[A-Za-z]+")}$`));
  }
  return paths;
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), "cascade-throwaway-"));
  cpSync(join(ROOT, "src"), join(copy, "src"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  const tsconfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8"));
  writeFileSync(join(copy, "tsconfig.json"), JSON.stringify({ ...tsconfig, include: ["src"] }));
  cpSync(join(ROOT, "package.json"), join(copy, "package.json"));
});

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe("a throwaway node kind and provider, added as ARCHITECTURE.md says", () => {
  it("touch only the files ARCHITECTURE.md lists", () => {
    const kindFiles = listedFiles("Add a node kind");
    const providerFiles = listedFiles("Add a provider");
    const listed = [...kindFiles, ...providerFiles];
    for (const file of [...Object.values(ADDED), ...Object.keys(ENTRIES)]) expect({ file, listed: listed.some((re) => re.test(file)) }).toEqual({ file, listed: true });
  });

  it("without their registry entries the copy does not type-check, naming the registries", () => {
    for (const [fixture, place] of Object.entries(ADDED)) writeFileSync(join(copy, place), readFileSync(join(FIXTURE, fixture), "utf8"));
    const { "src/main/engine/nodes/registry.ts": _executors, "src/shared/providers.ts": _descriptor, ...rest } = ENTRIES;
    for (const [file, pairs] of Object.entries(rest)) edit(file, pairs);
    const r = typecheck();
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/src\/main\/engine\/nodes\/registry\.ts.*Property 'shout' is missing/s);
    expect(r.out).toMatch(/src\/shared\/providers\.ts.*Property 'echo' is missing/s);
  }, 180_000);

  it("with them it type-checks, runs through the engine, and every part reads it from its descriptor", () => {
    edit("src/main/engine/nodes/registry.ts", ENTRIES["src/main/engine/nodes/registry.ts"]);
    edit("src/shared/providers.ts", ENTRIES["src/shared/providers.ts"]);
    const t = typecheck();
    expect(t.out).toBe("");
    expect(t.ok).toBe(true);

    mkdirSync(join(copy, "scripts"));
    cpSync(join(FIXTURE, "check.ts.txt"), join(copy, "scripts/check.ts"));
    const r = spawnSync(process.execPath, ["--import", "tsx", join(copy, "scripts/check.ts")], { cwd: copy, encoding: "utf8" });
    expect(r.stderr).toBe("");
    const got = JSON.parse(r.stdout);
    expect(got.problems).toEqual([]);
    expect(got.schemaKinds).toContain("shout");
    expect(got.providerInSchema).toBe(true);
    expect(got.status).toBe("done");
    expect(got.asked.sort()).toEqual(["say be quiet", "say be quiet", "say hello", "say hello"]);
    expect(got.outputs).toEqual([
      expect.objectContaining({ itemId: "a", status: "done", output: { text: "ECHO SAY HELLO ECHO SAY HELLO" } }),
      expect.objectContaining({ itemId: "b", status: "dropped" }),
    ]);
    expect(got.summary).toBe("×2: say {{q}}");
    expect(got.structuralCalls).toEqual({ data: 0, yell: 2 });
    // Both items are in the cache after the run: the preview counts their 2 calls each.
    expect(got.previewCalls).toBe(4);
    expect(got.report).toMatchObject({ nodeId: "yell", kind: "shout", in: 2, out: 1, dropped: 1, dropReasons: [expect.objectContaining({ reason: "the model said hush", count: 1 })] });
    expect(got.preflight).toEqual([{ kind: "no-server", where: "http://127.0.0.1:7399", models: ["unstarted"] }]);
    expect(got.defaultEndpoint).toBe("http://127.0.0.1:7399");
    expect(got.local).toBe(true);
    expect(got.price).toBe("local");
  }, 240_000);
});
