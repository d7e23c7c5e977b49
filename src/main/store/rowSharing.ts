/**
 * Runs that share equal rows (migration 14), so that re-running a pipeline stores what changed, not a copy of
 * every row. When a run ends done, each of its nodes' rows is compared with the rows of that node in recent
 * earlier runs that own theirs; where every row's content is equal (item, order, output, error, cache key,
 * tokens, cost, drop reason, trace content), the run keeps a reference to the earlier run's rows (`run_nodes.
 * rows_of`) and, in `shared_facts`, only its facts that differ (status, latency, trace call facts: a warm
 * re-run's "cached" and look-up times), and its own copies are deleted (their pages go back to the file system
 * where auto_vacuum is incremental). Reading is unchanged: the views join through `run_nodes`.
 * A run whose rows are shared is deleted only after `handOverRows` has made one of its sharers their owner.
 */
import type { Database } from "better-sqlite3";

/** Earlier runs whose rows of a node are compared with a finished run's: the most recent ones. */
const CANDIDATES = 3;

/** Equal cache keys, also where one row holds a key as text (written before migration 12, or imported from a bundle) and the other as its 32 bytes. */
const SAME_KEY = `(b.cache_key IS a.cache_key
  OR (typeof(a.cache_key) = 'blob' AND typeof(b.cache_key) = 'text' AND b.cache_key = lower(hex(a.cache_key)))
  OR (typeof(a.cache_key) = 'text' AND typeof(b.cache_key) = 'blob' AND a.cache_key = lower(hex(b.cache_key))))`;

/** A row of `run` that has no equal row in `owner` (same item), for one node; none when all match. */
const MISMATCH_SQL = `
  SELECT 1 FROM result_rows a
  WHERE a.run_id = @run AND a.node_id = @node AND NOT EXISTS (
    SELECT 1 FROM result_rows b
    WHERE b.run_id = @owner AND b.node_id = @node AND b.item_id = a.item_id
      AND b.seq IS a.seq AND b.output IS a.output AND b.output_hash IS a.output_hash AND b.error IS a.error
      AND ${SAME_KEY} AND b.input_tokens IS a.input_tokens AND b.output_tokens IS a.output_tokens
      AND b.cost_usd IS a.cost_usd AND b.drop_reason IS a.drop_reason)
  LIMIT 1`;

const TRACE_MISMATCH_SQL = `
  SELECT 1 FROM trace_rows a
  WHERE a.run_id = @run AND a.node_id = @node AND NOT EXISTS (
    SELECT 1 FROM trace_rows b WHERE b.run_id = @owner AND b.node_id = @node AND b.item_id = a.item_id AND b.trace_hash = a.trace_hash)
  LIMIT 1`;

const COUNT_ROWS_SQL = "SELECT COUNT(*) FROM result_rows WHERE run_id = ? AND node_id = ?";
const COUNT_TRACES_SQL = "SELECT COUNT(*) FROM trace_rows WHERE run_id = ? AND node_id = ?";

/** Recent done runs other than `run` that own their rows of `node`, newest first. */
const CANDIDATES_SQL = `
  SELECT n.run_id FROM run_nodes n JOIN runs ON runs.id = n.run_id
  WHERE n.node_id = @node AND n.rows_of = n.run_id AND n.run_id != @run AND runs.status = 'done'
  ORDER BY runs.started_at DESC, runs.id DESC LIMIT ${CANDIDATES}`;

/** The facts of `run`'s rows of `node` that differ from `owner`'s equal rows, under key `share`. */
const INSERT_FACTS_SQL = `
  INSERT INTO shared_facts (share, item_id, status, latency_ms, calls)
  SELECT @share, a.item_id, a.status, a.latency_ms, ta.calls
  FROM result_rows a JOIN result_rows b ON b.run_id = @owner AND b.node_id = @node AND b.item_id = a.item_id
  LEFT JOIN trace_rows ta ON ta.run_id = @run AND ta.node_id = @node AND ta.item_id = a.item_id
  LEFT JOIN trace_rows tb ON tb.run_id = @owner AND tb.node_id = @node AND tb.item_id = a.item_id
  WHERE a.run_id = @run AND a.node_id = @node
    AND (a.status IS NOT b.status OR a.latency_ms IS NOT b.latency_ms OR ta.calls IS NOT tb.calls)`;

/** Whether `run`'s rows of `node` equal `owner`'s in everything but their facts. */
function rowsEqual(db: Database, run: string, owner: string, node: string): boolean {
  const p = { run, owner, node };
  const count = (sql: string, id: string) => db.prepare(sql).pluck().get(id, node) as number;
  return (
    count(COUNT_ROWS_SQL, run) === count(COUNT_ROWS_SQL, owner) &&
    count(COUNT_TRACES_SQL, run) === count(COUNT_TRACES_SQL, owner) &&
    db.prepare(MISMATCH_SQL).get(p) === undefined &&
    db.prepare(TRACE_MISMATCH_SQL).get(p) === undefined
  );
}

function nextShare(db: Database): number {
  return db.prepare("SELECT coalesce(MAX(share), 0) + 1 FROM run_nodes").pluck().get() as number;
}

/** Makes `run`'s rows of `node` a reference to `owner`'s (equal: rowsEqual) plus its differing facts. */
function share(db: Database, run: string, owner: string, node: string): void {
  const id = nextShare(db);
  db.prepare(INSERT_FACTS_SQL).run({ share: id, run, owner, node });
  db.prepare("UPDATE run_nodes SET rows_of = ?, share = ? WHERE run_id = ? AND node_id = ?").run(owner, id, run, node);
  db.prepare("DELETE FROM result_rows WHERE run_id = ? AND node_id = ?").run(run, node);
  db.prepare("DELETE FROM trace_rows WHERE run_id = ? AND node_id = ?").run(run, node);
}

/**
 * Shares the rows of each node of the finished run `run` that equal an earlier run's (see the file comment), one
 * transaction per node (so that another connection's writes wait for one node at most); returns the nodes now
 * shared. Freed pages go back to the file system (incremental vacuum) where the database has auto_vacuum
 * INCREMENTAL. Only a run that ended done: no row of it is written again.
 */
export function shareEqualRows(db: Database, run: string): string[] {
  if (db.prepare("SELECT status FROM runs WHERE id = ?").pluck().get(run) !== "done") return [];
  const nodes = db.prepare("SELECT node_id FROM run_nodes WHERE run_id = ? AND rows_of = run_id ORDER BY node_id").pluck().all(run) as string[];
  const shareNode = db.transaction((node: string): boolean => {
    // Again inside the write transaction: another connection may have deleted or shared meanwhile.
    if (db.prepare("SELECT 1 FROM run_nodes WHERE run_id = ? AND node_id = ? AND rows_of = run_id").get(run, node) === undefined) return false;
    // Another run shares these rows already (it finished on another connection and shared them before this
    // run's turn came): they stay this run's, since deleting them would empty the other run.
    if (db.prepare("SELECT 1 FROM run_nodes WHERE rows_of = ? AND node_id = ? AND run_id != rows_of LIMIT 1").get(run, node) !== undefined) return false;
    const owners = db.prepare(CANDIDATES_SQL).pluck().all({ run, node }) as string[];
    const owner = owners.find((o) => rowsEqual(db, run, o, node));
    if (owner === undefined) return false;
    share(db, run, owner, node);
    return true;
  });
  const shared = nodes.filter((node) => shareNode.immediate(node));
  if (shared.length && (db.pragma("auto_vacuum", { simple: true }) as number) === 2) db.pragma("incremental_vacuum");
  return shared;
}

/**
 * Before runs `doomed` are deleted: every node's rows that one of them owns and a run not deleted shares get
 * that run (the newest sharer) as their owner — its own facts written into the rows, the other sharers' facts
 * that were the old owner's written out first where the heir's differ (only there do the rows' facts change) — so
 * that deleting the owner deletes no row another run reads and adds no fact a sharer does not need (writing them
 * all out cost every other sharer a fact per row: a warm re-run's ~50 bytes per item again, storageSizes.ts).
 * Doomed runs that share rows drop their references first. Call inside the transaction that deletes them.
 */
export function handOverRows(db: Database, doomed: readonly string[]): void {
  if (doomed.length === 0) return;
  const ids = JSON.stringify(doomed);
  db.prepare("DELETE FROM run_nodes WHERE run_id IN (SELECT value FROM json_each(?)) AND run_id != rows_of").run(ids);
  const sharers = db
    .prepare(
      `SELECT n.rows_of AS owner, n.node_id AS node, n.run_id AS run, n.share AS share FROM run_nodes n JOIN runs ON runs.id = n.run_id
       WHERE n.rows_of IN (SELECT value FROM json_each(?)) AND n.run_id != n.rows_of
       ORDER BY n.rows_of, n.node_id, runs.started_at DESC, n.run_id DESC`,
    )
    .all(ids) as { owner: string; node: string; run: string; share: number }[];
  const groups = new Map<string, typeof sharers>();
  for (const s of sharers) {
    const k = `${s.owner}\0${s.node}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  for (const [heir, ...others] of groups.values()) {
    const { owner, node } = heir;
    const p = { owner, node };
    // Only where the heir's facts replace the owner's: elsewhere the rows keep the facts the others read.
    for (const o of others)
      db.prepare(
        `INSERT OR IGNORE INTO shared_facts (share, item_id, status, latency_ms, calls)
         SELECT @share, r.item_id, r.status, r.latency_ms, t.calls FROM shared_facts h
         JOIN result_rows r ON r.run_id = @owner AND r.node_id = @node AND r.item_id = h.item_id
         LEFT JOIN trace_rows t ON t.run_id = r.run_id AND t.node_id = r.node_id AND t.item_id = r.item_id
         WHERE h.share = @heir AND (h.status IS NOT r.status OR h.latency_ms IS NOT r.latency_ms OR h.calls IS NOT t.calls)`,
      ).run({ ...p, share: o.share, heir: heir.share });
    db.prepare(
      `UPDATE result_rows SET status = f.status, latency_ms = f.latency_ms FROM shared_facts f
       WHERE f.share = @share AND f.item_id = result_rows.item_id AND result_rows.run_id = @owner AND result_rows.node_id = @node`,
    ).run({ ...p, share: heir.share });
    db.prepare(
      `UPDATE trace_rows SET calls = f.calls FROM shared_facts f
       WHERE f.share = @share AND f.item_id = trace_rows.item_id AND trace_rows.run_id = @owner AND trace_rows.node_id = @node`,
    ).run({ ...p, share: heir.share });
    db.prepare("UPDATE result_rows SET run_id = @run WHERE run_id = @owner AND node_id = @node").run({ ...p, run: heir.run });
    db.prepare("UPDATE trace_rows SET run_id = @run WHERE run_id = @owner AND node_id = @node").run({ ...p, run: heir.run });
    db.prepare("UPDATE run_nodes SET rows_of = @run WHERE rows_of = @owner AND node_id = @node").run({ ...p, run: heir.run });
    db.prepare("UPDATE run_nodes SET share = NULL WHERE run_id = ? AND node_id = ?").run(heir.run, node);
    db.prepare("DELETE FROM shared_facts WHERE share = ?").run(heir.share);
  }
}
