/**
 * runs.report and bundles.import, the contract methods behind the app's "Save report…" and "Open bundle…":
 * the report is the one `cascade report` writes; a bundle's bytes import as `cascade import` does (marked,
 * re-run folder beside the database, a second import adds nothing); bad input gets an error that names it.
 */
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeBundle } from "../../../src/main/bundle/writeBundle";
import { loadReportData } from "../../../src/main/report/reportData";
import { reportHtml } from "../../../src/main/report/reportHtml";
import { reportFileName } from "../../../src/main/service/reportService";
import { APP_VERSION } from "../../../src/main/service/version";
import { docAt, runToEnd, startEnv, type Env } from "./inspectHelpers";

const envs: Env[] = [];
afterEach(async () => {
  for (const e of envs.splice(0)) await e.close();
});
const withoutTime = (html: string) => html.replace(/ on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\./g, "");

describe("runs.report", () => {
  it("is the HTML cascade report writes for the same runs and options, named after the runs' labels", async () => {
    const env = await startEnv();
    envs.push(env);
    const a = await runToEnd(env, { doc: docAt("seat.json", env.fake.url), limit: 6, label: "SEAT small" });
    const b = await runToEnd(env, { doc: docAt("cas-seat.json", env.fake.url), limit: 6, label: "Cas/SEAT" });
    const got = await env.service.call("runs.report", { runIds: [a.runId, b.runId], by: ["answer_type"], unscored: "wrong" });
    expect(got.fileName).toBe("SEAT-small-vs-Cas-SEAT.html");
    const cli = reportHtml(await loadReportData(env.store, [a.runId, b.runId], { by: ["answer_type"], unscored: "wrong", thumbnails: 100 }), { version: APP_VERSION, now: 0 });
    expect(withoutTime(got.html)).toBe(withoutTime(cli));
    expect(got.html).toContain("never-scored items count as wrong");
    // The baseline the compare view marks is the report's A.
    const marked = await env.service.call("runs.report", { runIds: [a.runId, b.runId], baseline: b.runId });
    expect(marked.html).toContain("B (SEAT small) vs A (Cas/SEAT): 6 paired items");
    await expect(env.service.call("runs.report", { runIds: ["no-such-run"] })).rejects.toThrow(/^runs\.report: .*no-such-run/);
  });

  it("makes a file name of any label", () => {
    expect(reportFileName(["../../etc/passwd", "  ", "Ünïcode run"])).toBe("etc-passwd-vs-run-vs-Ünïcode-run.html");
  });
});

describe("bundles.import", () => {
  it("imports a bundle's bytes as cascade import does; a second time adds nothing", async () => {
    const author = await startEnv();
    const reader = await startEnv();
    envs.push(author, reader);
    const { runId } = await runToEnd(author, { doc: docAt("seat.json", author.fake.url), limit: 4, label: "made elsewhere" });
    const file = join(dirname(author.dbPath), "seat.cascade");
    writeBundle(author.store, { runs: [runId], out: file });
    const bytesBase64 = readFileSync(file).toString("base64");

    const first = await reader.service.call("bundles.import", { name: "seat.cascade", bytesBase64 });
    expect(first.runs).toEqual([{ id: runId, label: "made elsewhere", imported: true }]);
    const listed = (await reader.service.call("runs.list", undefined)).find((r) => r.id === runId);
    expect(listed?.imported).toMatchObject({ bundle: "seat.cascade", appVersion: APP_VERSION });
    expect(existsSync(join(dirname(reader.dbPath), "imported", runId, "pipeline.json"))).toBe(true);

    const again = await reader.service.call("bundles.import", { name: "C:\\Users\\me\\seat.cascade", bytesBase64 });
    expect(again.runs).toEqual([{ id: runId, label: "made elsewhere", imported: false }]);
    expect((await reader.service.call("runs.list", undefined)).filter((r) => r.id === runId)).toHaveLength(1);
  });

  it("refuses what is not a bundle, naming the file and not the temp folder", async () => {
    const env = await startEnv();
    envs.push(env);
    const err = await env.service.call("bundles.import", { name: "notes.cascade", bytesBase64: Buffer.from("just some text, not SQLite").toString("base64") }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^bundles\.import: .*notes\.cascade/);
    expect((err as Error).message).not.toContain(tmpdir());
    expect(await env.service.call("runs.list", undefined)).toEqual([]);
  });
});
