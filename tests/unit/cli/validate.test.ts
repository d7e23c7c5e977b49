/** `cascade validate` (and the command dispatcher) through main() with a capturing io, plus one run of the real bin. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../../src/main/cli/command";
import { main } from "../../../src/main/cli/main";
import { edge, looseBase, promptNode } from "../shared/basePipeline";

const ROOT = join(__dirname, "../../..");
const TEMPLATES = ["cas-seat.json", "seat.json", "cot.json"].map((f) => join(ROOT, "templates", f));

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    isTTY: false,
    out: (t: string) => void (io.stdout += t.endsWith("\n") ? t : t + "\n"),
    err: (t: string) => void (io.stderr += t.endsWith("\n") ? t : t + "\n"),
  };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), "cascade-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

/** A pipeline with four distinct problems: a cycle, a dangling edge, an unknown kind and an unbound {{var}}. */
function fourProblemFile(): string {
  const d = looseBase();
  d.nodes.push(promptNode("a", "{{x}}"), promptNode("b", "{{y}}"));
  d.edges.push(edge("ab", "a", "text", "b", "y"), edge("ba", "b", "text", "a", "x"));
  d.edges.push(edge("lost", "phantom", "text", "pick", "text2"));
  d.nodes[4].kind = "sticker";
  d.nodes[1].config.template = "Solve {{question}} in {{language}}";
  const file = join(dir, "four-problems.json");
  writeFileSync(file, JSON.stringify(d, null, 2));
  return file;
}

describe("cascade validate", () => {
  it("accepts the shipped templates (exit 0)", async () => {
    const io = capture();
    expect(await main(["validate", ...TEMPLATES], io)).toBe(0);
    for (const f of TEMPLATES) expect(io.stdout).toContain(`${f}: valid`);
    expect(io.stderr).toBe("");
  });

  it("names each of four problems in a broken file, with paths (exit 2)", async () => {
    const file = fourProblemFile();
    const io = capture();
    expect(await main(["validate", file], io)).toBe(2);
    expect(io.stderr).toContain(`${file}: 4 problems`);
    expect(io.stderr).toMatch(/nodes\[5\] \(node "a"\): cycle: a → b → a \[cycle\]/);
    expect(io.stderr).toMatch(/edges\[6\]\.source \(edge "lost"\): source node "phantom" does not exist \[dangling-edge\]/);
    expect(io.stderr).toMatch(/nodes\[4\]\.kind \(node "note"\): unknown node kind "sticker".*\[unknown-kind\]/);
    expect(io.stderr).toMatch(/nodes\[1\]\.config\.template \(node "ask"\): template variable \{\{language\}\} has no incoming edge \[unbound-variable\]/);
  });

  it("exits 2 when any one of several files is bad, and still reports the good ones", async () => {
    const io = capture();
    expect(await main(["validate", TEMPLATES[0], fourProblemFile()], io)).toBe(2);
    expect(io.stdout).toContain(`${TEMPLATES[0]}: valid`);
  });

  it("--json prints one machine-readable report", async () => {
    const io = capture();
    expect(await main(["validate", "--json", TEMPLATES[0], fourProblemFile()], io)).toBe(2);
    const report = JSON.parse(io.stdout) as { file: string; valid: boolean; problems: { code: string }[] }[];
    expect(report.map((r) => r.valid)).toEqual([true, false]);
    expect(report[1].problems.map((p) => p.code).sort()).toEqual(["cycle", "dangling-edge", "unbound-variable", "unknown-kind"]);
    expect(io.stderr).toBe("");
  });

  it("reports a file that is not JSON", async () => {
    const file = join(dir, "not-json.json");
    writeFileSync(file, "format: yaml?\n");
    const io = capture();
    expect(await main(["validate", file], io)).toBe(2);
    expect(io.stderr).toContain(`${file}: 1 problem`);
    expect(io.stderr).toContain("[bad-json]");
  });

  it("names a file it cannot read (exit 2)", async () => {
    const missing = join(dir, "does-not-exist.json");
    const io = capture();
    expect(await main(["validate", missing], io)).toBe(2);
    expect(io.stderr).toContain(`${missing}: cannot read: ENOENT`);
  });

  it("without files is a usage error (exit 2)", async () => {
    const io = capture();
    expect(await main(["validate"], io)).toBe(2);
    expect(io.stderr).toContain("name at least one pipeline file");
    expect(io.stderr).toContain("Usage: cascade validate <file...>");
  });

  it("an unknown option is a usage error (exit 2)", async () => {
    const io = capture();
    expect(await main(["validate", "--strictly", TEMPLATES[0]], io)).toBe(2);
    expect(io.stderr).toContain("--strictly");
  });
});

describe("cascade (dispatcher)", () => {
  it("an unknown command exits 2 and prints the usage", async () => {
    const io = capture();
    expect(await main(["validat"], io)).toBe(2);
    expect(io.stderr).toContain('unknown command "validat"');
    expect(io.stderr).toMatch(/Usage:[\s\S]*cascade validate <file\.\.\.>/);
  });

  it("no command exits 2 with the usage; help exits 0", async () => {
    const none = capture();
    expect(await main([], none)).toBe(2);
    expect(none.stdout).toContain("Usage:");
    const help = capture();
    expect(await main(["--help"], help)).toBe(0);
    expect(help.stdout).toContain("cascade schema");
  });

  it("schema prints the JSON Schema", async () => {
    const io = capture();
    expect(await main(["schema"], io)).toBe(0);
    expect(JSON.parse(io.stdout).title).toBe("Cascade Studio pipeline");
  });
});

describe("the real bin", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin/cascade.mjs"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

  it("node bin/cascade.mjs validate templates/cas-seat.json exits 0", () => {
    const r = run("validate", "templates/cas-seat.json");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("templates/cas-seat.json: valid\n");
    expect(r.status).toBe(0);
  });

  it("passes the exit code of a failed validation to the shell", () => {
    const r = run("validate", fourProblemFile());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("4 problems");
  });
});
