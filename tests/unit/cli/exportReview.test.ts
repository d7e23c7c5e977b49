/**
 * `cascade run` with a review node (items pending, said in the summary; --json reports), `cascade review`
 * (decisions from JSONL / JSON, refused ones named by line), the re-run using them, and `cascade export` writing
 * an export node's file again from the stored run. The export of a run lands next to the pipeline file,
 * whatever the working directory.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../../src/main/cli/command";
import { main } from "../../../src/main/cli/main";
import { parseDecisionsFile } from "../../../src/main/cli/commands/review";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import { reviewDoc } from "../review/reviewDoc";

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

const dir = mkdtempSync(join(tmpdir(), "cascade-cli-review-"));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  await closeSharedSandboxPool();
});

const lines = (file: string) => readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));

describe("cascade run / review / export", () => {
  it("pending → review from a file → re-run uses the decisions → export again from the stored run", async () => {
    const project = join(dir, "project");
    const pipeline = join(project, "reviewed.json");
    const db = join(dir, "cascade.db");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(project, { recursive: true });
    writeFileSync(pipeline, JSON.stringify(reviewDoc()));

    // Run 1 (human summary): every item waits; the summary says so and how to decide.
    const first = capture();
    expect(await main(["run", pipeline, "--db", db], first)).toBe(0);
    const runId = /^run (\S+) done/m.exec(first.stdout)![1];
    expect(first.stdout).toContain("review check: 4 in, 0 out, 4 pending");
    expect(first.stdout).toContain(`4 items pending review at check: decide in the app or with \`cascade review ${runId} --node check --decisions FILE --db ${db}\`, then run again`);
    // The export went next to the pipeline file, not into the working directory.
    expect(existsSync(join(project, "out/train.jsonl"))).toBe(true);
    expect(existsSync(join(process.cwd(), "out/train.jsonl"))).toBe(false);

    // Decisions with one refused line (a non-editable field) and one unknown item.
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, ['{"itemId":"a","decision":"edit","edits":{"question":"x"}}', '{"itemId":"zz","decision":"accept"}', "not json"].join("\n"));
    const refused = capture();
    expect(await main(["review", runId, "--node", "check", "--decisions", bad, "--db", db], refused)).toBe(1);
    expect(refused.stdout).toContain("applied 0 decisions to check (0 accepted, 0 edited, 0 rejected); 3 refused; 4 items still waiting");
    expect(refused.stderr).toContain(`${bad}:1: review check, item "a": "question" is not editable (editable: answer)`);
    expect(refused.stderr).toContain(`${bad}:2: review check, item "zz": the item did not reach this review node`);
    expect(refused.stderr).toContain(`${bad}:3: not valid JSON`);

    const good = join(dir, "decisions.jsonl");
    writeFileSync(
      good,
      [
        { itemId: "a", decision: "accept" },
        { itemId: "b", decision: "edit", edits: { answer: "5" }, note: "fixed" },
        { itemId: "c", decision: "reject", note: "wrong sum" },
      ]
        .map((d) => JSON.stringify(d))
        .join("\n") + "\n",
    );
    const applied = capture();
    expect(await main(["review", runId.slice(0, 10), "--node", "check", "--decisions", good, "--db", db], applied)).toBe(0);
    expect(applied.stdout).toContain("applied 3 decisions to check (1 accepted, 1 edited, 1 rejected); 1 item still waiting");

    // Run 2 (--json): reports per filter, review and export node; the file has the accepted and edited items.
    const second = capture();
    expect(await main(["run", pipeline, "--db", db, "--json"], second)).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report.status).toBe("done");
    const byNode = Object.fromEntries(report.reports.map((r: { nodeId: string }) => [r.nodeId, r]));
    expect(byNode.check).toMatchObject({ kind: "review", in: 4, out: 2, dropped: 1, pending: 1, dropReasons: [{ reason: "rejected by reviewer: wrong sum", count: 1, items: ["c"] }] });
    expect(byNode.short).toMatchObject({ kind: "filter", in: 2, out: 1, dropped: 1 });
    expect(Object.keys(byNode).sort()).toEqual(["check", "export", "short"]);
    const written = lines(join(project, "out/train.jsonl"));
    // The export is in the report too, in samples: every one that reached it was written.
    expect(byNode.export).toMatchObject({ kind: "export", unit: "samples", in: written.length, out: written.length, dropped: 0 });
    expect(written.map((l) => l.messages.map((m: { role: string }) => m.role))).toEqual([
      ["user", "assistant"],
      ["user", "assistant"],
    ]);
    expect(written.map((l) => l.messages[1].content)).toEqual(["2", "5"]);

    // Export again, in another format, from the stored run.
    const again = join(dir, "elsewhere/sharegpt.jsonl");
    const exp = capture();
    const code = await main(["export", report.runId, "--node", "export", "--out", again, "--format", "sharegpt", "--db", db], exp);
    expect(exp.stderr).toBe("");
    expect(code).toBe(0);
    expect(exp.stdout).toBe(`wrote 2 records to ${again}\n`);
    expect(lines(again).map((l) => l.conversations.map((c: { from: string }) => c.from))).toEqual([
      ["human", "gpt"],
      ["human", "gpt"],
    ]);
    expect(lines(again)[1].conversations[1].value).toBe("5");

    // Usage errors name what is wrong.
    const wrongNode = capture();
    expect(await main(["export", report.runId, "--node", "check", "--out", again, "--db", db], wrongNode)).toBe(2);
    expect(wrongNode.stderr).toContain('node "check" is a review node, not an export node');
    expect(await main(["export", report.runId, "--out", again, "--db", db], capture())).toBe(2);
    const notReview = capture();
    expect(await main(["review", report.runId, "--node", "short", "--decisions", good, "--db", db], notReview)).toBe(2);
    expect(notReview.stderr).toContain('node "short" is a filter node, not a review node');
  });

  it("reads decisions as JSON Lines or a JSON array, each with where it came from", () => {
    expect(parseDecisionsFile("d.json", '[{"itemId":"a","decision":"accept"}, {"itemId":"b","decision":"reject"}]').map((e) => e.where)).toEqual(["d.json[0]", "d.json[1]"]);
    const jsonl = parseDecisionsFile("d.jsonl", '{"itemId":"a","decision":"accept"}\n\n{"itemId":"b","decision":"reject"}\n');
    expect(jsonl.map((e) => e.where)).toEqual(["d.jsonl:1", "d.jsonl:3"]);
  });
});
