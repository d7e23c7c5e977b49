/**
 * cascade push <run>... --to postgres://… [--db FILE]: copies finished runs from the local SQLite store into a
 * lab's PostgreSQL store, through the store contract (store/pushRun.ts: the run, its results with traces, the
 * cache rows they name; page by page). `--all`: every finished run of the file. A run the target has finished
 * already is skipped, and said; a run still running or interrupted is refused by name before anything is
 * written. A push that stops halfway (the server went away) says so naming the URL, password hidden; the run
 * stays unfinished there, and pushing it again completes it.
 */
import { isPostgresUrl, isStoreUrl, openRunStore } from "../../store/openRunStore";
import { pushRun, PushRefused, type PushResult } from "../../store/pushRun";
import { redactedText } from "../../store/shared/redactUrl";
import { SqliteRunStore } from "../../store/sqliteRunStore";
import type { RunStore } from "../../store/contract/runStore";
import { openCliStore } from "../openCliStore";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";

const unfinished = (status: string) => status === "running" || status === "interrupted";
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The runs to push: the named ones (ids or unique prefixes, each once), or with --all every finished run, oldest first. */
async function chosenRuns(local: RunStore, names: string[], all: boolean): Promise<{ ids: string[]; leftOut: number }> {
  if (all) {
    const runs = (await local.runs.list()).reverse();
    const finished = runs.filter((r) => !unfinished(r.status));
    return { ids: finished.map((r) => r.id), leftOut: runs.length - finished.length };
  }
  const ids: string[] = [];
  for (const name of names) {
    let id: string;
    try {
      id = await local.runs.resolveId(name);
    } catch (e) {
      throw new UsageError(`${message(e)} in ${local.where}`);
    }
    if (!ids.includes(id)) ids.push(id);
  }
  const refused = (await Promise.all(ids.map((id) => local.runs.get(id)))).filter((r) => unfinished(r.status));
  if (refused.length) {
    const names = refused.map((r) => `${r.id} (${r.status})`).join(", ");
    throw new Error(`only finished runs are pushed; not finished: ${names}. Nothing was pushed (wait for a running run to end; resume an interrupted one with cascade run)`);
  }
  return { ids, leftOut: 0 };
}

function line(r: PushResult, where: string): string {
  if (r.outcome === "skipped") return `skipped ${r.id}: ${where} has it already`;
  const what = `${r.results} results, ${r.cacheRows} cached calls`;
  return r.outcome === "completed" ? `completed ${r.id} (${what}): an earlier push of it had stopped` : `pushed ${r.id} (${what})`;
}

export const pushCommand: Command = {
  ...COMMAND_INFO.push,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { to: { type: "string" }, all: { type: "boolean" }, db: { type: "string" }, json: { type: "boolean" } });
    if (values.to === undefined) throw new UsageError("--to postgres://user@host:port/database is required (the PostgreSQL store to push to)");
    if (!isPostgresUrl(values.to)) throw new UsageError(`--to takes a PostgreSQL URL (postgres://user@host:port/database), got "${redactedText(values.to)}"`);
    if (values.all && positionals.length) throw new UsageError("name runs or give --all, not both");
    if (!values.all && positionals.length === 0) throw new UsageError("name at least one run (an id or a unique prefix; see `cascade runs`), or give --all");
    if (values.db !== undefined && isStoreUrl(values.db)) throw new UsageError(`--db is the local SQLite file to push from, got the URL "${redactedText(values.db)}" (the store pushed to is --to)`);
    const local = new SqliteRunStore(openCliStore(values.db, "read"));
    try {
      const { ids, leftOut } = await chosenRuns(local, positionals, values.all === true);
      const target = await openRunStore(values.to);
      const done: PushResult[] = [];
      try {
        for (const id of ids) {
          let pushed = { results: 0, cacheRows: 0 };
          try {
            const r = await pushRun(local, target, id, { onPage: (p) => void (pushed = p) });
            done.push(r);
            if (!values.json) io.out(line(r, target.where));
          } catch (e) {
            if (e instanceof PushRefused) throw e;
            const progress = pushed.results ? ` after ${pushed.results} results` : "";
            throw new Error(`pushing run ${id} to ${target.where} stopped${progress}: ${message(e)}. It is not finished there; push it again to complete it`);
          }
        }
      } finally {
        await target.close().catch(() => {});
      }
      if (values.json) io.out(JSON.stringify({ to: target.where, runs: done, leftOut }, null, 2));
      else if (values.all) io.out(`${done.length} finished run${done.length === 1 ? "" : "s"} in ${local.where} checked against ${target.where}${leftOut ? `; ${leftOut} running or interrupted left out` : ""}`);
      return 0;
    } finally {
      await local.close();
    }
  },
};
