/**
 * A bundle of runs that share rows (rowSharing.ts): written from the views, it holds each run's rows whole with
 * its own facts, so imported into another store (or into the same one, after the run was deleted) the runs read
 * exactly as they did where they were written; an import while another connection commits (another process's
 * run, its writer sharing rows) takes the write lock first instead of failing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BundleFile, importBundleRuns } from "../../../src/main/store/bundleReader";
import { writeBundleFile } from "../../../src/main/store/bundleWriter";
import { databaseOf } from "../../../src/main/store/database";
import { openStore, type Store } from "../../../src/main/store/store";
import { seedCascadeRuns } from "./storageFixture";
import { runReads } from "./runReads";

const stores: Store[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

const reads = runReads;

function exportRuns(s: Store, dir: string, name: string, runIds: string[]): BundleFile {
  const path = join(dir, name);
  writeBundleFile(s, path, { runIds, meta: {}, recordOf: (_id, stored) => stored, images: [] });
  return BundleFile.open(path);
}

describe("bundles of runs that share rows", () => {
  it("export and import keep every run's reads, in another store and in the same one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-share-bundle-"));
    dirs.push(dir);
    const a = openStore(":memory:");
    stores.push(a);
    const [cold, warm, other] = await seedCascadeRuns(a);
    const before = Object.fromEntries([cold, warm, other].map((id) => [id, reads(a, id)]));
    const bundle = exportRuns(a, dir, "shared.cascade", [warm, other]);
    const b = openStore(":memory:");
    stores.push(b);
    const runs = [warm, other].map((id) => ({ id, record: undefined, baseDir: dir }));
    expect(importBundleRuns(b, bundle, runs).imported).toEqual([warm, other]);
    for (const id of [warm, other]) expect(reads(b, id), id).toEqual(before[id]);
    // Imported, they share as runs finished here, in the order imported: the warm run the rows equal to the newer
    // other prompt's run (the cold run they shared in the first store was not exported).
    const sharedOf = (s: Store, id: string) => databaseOf(s).prepare("SELECT node_id FROM run_nodes WHERE run_id = ? AND rows_of != run_id ORDER BY node_id").pluck().all(id);
    expect(sharedOf(b, warm)).toEqual(["data", "pick", "score", "vote"]);
    expect(sharedOf(b, other)).toEqual([]);
    // Into a store with its own equal runs (cache keys stored as bytes; the bundle's are text): the imported run shares theirs.
    const e = openStore(":memory:");
    stores.push(e);
    await seedCascadeRuns(e);
    expect(importBundleRuns(e, bundle, [runs[0]]).imported).toEqual([warm]);
    expect(sharedOf(e, warm)).toEqual(["check", "data", "pick", "reason", "score", "vote"]);
    expect(reads(e, warm)).toEqual(before[warm]);
    // Back into the first store, once the runs (and the cold run they share with) are gone.
    a.runs.delete(cold);
    a.runs.delete(warm);
    a.runs.delete(other);
    expect(importBundleRuns(a, bundle, runs).imported).toEqual([warm, other]);
    for (const id of [warm, other]) expect(reads(a, id), id).toEqual(before[id]);
    bundle.close();
    // A bundle written after the hand-over reads the same.
    const c = openStore(":memory:");
    stores.push(c);
    const [cold2, warm2] = await seedCascadeRuns(c);
    const warmReads = reads(c, warm2);
    c.runs.delete(cold2);
    const again = exportRuns(c, dir, "handed.cascade", [warm2]);
    const d = openStore(":memory:");
    stores.push(d);
    importBundleRuns(d, again, [{ id: warm2, record: undefined, baseDir: dir }]);
    expect(reads(d, warm2)).toEqual(warmReads);
    again.close();
  });

  it("an import while another connection commits between the import's first read and its first write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-share-bundle-"));
    dirs.push(dir);
    const a = openStore(":memory:");
    stores.push(a);
    const [, warm] = await seedCascadeRuns(a);
    const expected = reads(a, warm);
    const bundle = exportRuns(a, dir, "shared.cascade", [warm]);
    const path = join(dir, "store.db");
    const one = openStore(path, { writer: { thread: false } });
    const two = openStore(path, { writer: { thread: false } });
    stores.push(one, two);
    const other = one.runs.create({ doc: { ...bundle.runs()[0]!.doc, name: "meanwhile" }, datasetFingerprint: "" }).id;
    // Right after the import's first statement, the other connection tries to commit (not waiting for the lock).
    const db = databaseOf(two);
    const prepare = db.prepare.bind(db);
    let tried = false;
    const meanwhile = () => {
      if (tried || !db.inTransaction) return;
      tried = true;
      databaseOf(one).pragma("busy_timeout = 0");
      try {
        one.runs.rename(other, "labelled meanwhile");
      } catch (e) {
        expect((e as { code?: string }).code).toBe("SQLITE_BUSY");
      }
    };
    db.prepare = ((sql: string) => {
      const stmt = prepare(sql);
      for (const name of ["get", "run"] as const) {
        const method = (stmt[name] as (...a: unknown[]) => unknown).bind(stmt);
        Object.assign(stmt, {
          [name]: (...args: unknown[]) => {
            const out = method(...args);
            meanwhile();
            return out;
          },
        });
      }
      return stmt;
    }) as typeof db.prepare;
    expect(importBundleRuns(two, bundle, [{ id: warm, record: undefined, baseDir: dir }]).imported).toEqual([warm]);
    expect(tried).toBe(true);
    expect(reads(two, warm)).toEqual(expected);
    bundle.close();
  });
});
