/**
 * The SQL of endpoint limits shared by workers (#19): an endpoint's `capacity` slots are rows of
 * cascade_endpoint_leases, each free (holder NULL) or held by one worker until it frees it or its lease
 * expires (the server's clock: workers' clocks may differ). A worker killed while it holds slots gets no say:
 * its leases run out and the slots are free again. Acquiring takes free rows with FOR UPDATE SKIP LOCKED, so
 * workers asking at once take different slots instead of queueing on one row.
 *
 * Fairness: a worker that did not get every slot it asked for is a waiter (cascade_endpoint_waiters, since
 * when); a free slot goes to the longest waiter first — anybody else, the worker that just freed it
 * included, gets nothing while an older waiter waits — and a waiter that got some slots goes to the back of
 * the line. So a worker with calls queued cannot be starved by one that keeps freeing and re-taking slots.
 * Freeing a slot while others wait sends a NOTIFY on SLOTS_CHANNEL naming the waiter whose turn it is, which
 * wakes that worker only (distributed/sharedEndpointLimits.ts); a worker whose call ended and that has another
 * call waiting keeps the slot for it in one query (HAND_OVER) unless someone waited longer.
 *
 * An endpoint is stored by the SHA-256 of its key (a base URL may hold a password); `label` names it for
 * people (`SELECT label, holder, expires_at FROM cascade_endpoint_leases`).
 */
import { createHash } from "node:crypto";
import type pg from "pg";

export const SLOTS_CHANNEL = "cascade_endpoint_slots";

/** The endpoint key's stored id. */
export function endpointId(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The key as it may be shown: an endpoint key is "kind URL"; the URL loses its user and password. */
export function endpointLabel(key: string): string {
  const at = key.indexOf(" ");
  try {
    const u = new URL(key.slice(at + 1));
    u.username = "";
    u.password = "";
    return `${key.slice(0, at)} ${u.toString().replace(/\/+$/, "")}`;
  } catch {
    return key.slice(0, at);
  }
}

const ENSURE_SLOTS = `INSERT INTO cascade_endpoint_leases (endpoint, slot, label) SELECT $1, s, $2 FROM generate_series(0, $3::int - 1) s ON CONFLICT DO NOTHING`;

// $1 endpoint, $2 holder, $3 capacity, $4 slots wanted, $5 lease seconds, $6 waiter seconds
const ACQUIRE = `
WITH me AS (
  SELECT coalesce((SELECT since FROM cascade_endpoint_waiters WHERE endpoint = $1 AND holder = $2 AND expires_at > now()), now()) AS since
), ahead AS (
  SELECT EXISTS (SELECT 1 FROM cascade_endpoint_waiters w WHERE w.endpoint = $1 AND w.holder <> $2 AND w.expires_at > now() AND w.since < (SELECT since FROM me)) AS yes
), free AS (
  SELECT slot FROM cascade_endpoint_leases
  WHERE endpoint = $1 AND slot < $3 AND (holder IS NULL OR expires_at <= now()) AND NOT (SELECT yes FROM ahead)
  ORDER BY slot LIMIT $4 FOR UPDATE SKIP LOCKED
), taken AS (
  UPDATE cascade_endpoint_leases l SET holder = $2, expires_at = now() + make_interval(secs => $5)
  FROM free WHERE l.endpoint = $1 AND l.slot = free.slot RETURNING l.slot
), waiting AS (
  INSERT INTO cascade_endpoint_waiters (endpoint, holder, since, expires_at)
  SELECT $1, $2, CASE WHEN (SELECT count(*) FROM taken) > 0 THEN now() ELSE (SELECT since FROM me) END, now() + make_interval(secs => $6)
  WHERE (SELECT count(*) FROM taken) < $4
  ON CONFLICT (endpoint, holder) DO UPDATE SET since = excluded.since, expires_at = excluded.expires_at
  RETURNING 1
), served AS (
  DELETE FROM cascade_endpoint_waiters WHERE endpoint = $1 AND holder = $2 AND (SELECT count(*) FROM taken) >= $4 RETURNING 1
)
SELECT slot FROM taken`;

/** The waiter other than $2 that waited longest (and longer than $2, if $2 waits): the next slot is its. */
const NEXT_WAITER = `
  SELECT holder FROM cascade_endpoint_waiters
  WHERE endpoint = $1 AND holder <> $2 AND expires_at > now()
    AND since < coalesce((SELECT since FROM cascade_endpoint_waiters WHERE endpoint = $1 AND holder = $2 AND expires_at > now()), now())
  ORDER BY since LIMIT 1`;

// $1 endpoint, $2 holder, $3 slots. The NOTIFY names the waiter whose turn it is: only that worker asks.
const RELEASE = `
WITH freed AS (
  UPDATE cascade_endpoint_leases SET holder = NULL, expires_at = '-infinity' WHERE endpoint = $1 AND holder = $2 AND slot = ANY($3::int[]) RETURNING slot
), next AS (${NEXT_WAITER})
SELECT pg_notify('${SLOTS_CHANNEL}', (SELECT holder FROM next)) AS n
WHERE EXISTS (SELECT 1 FROM freed) AND EXISTS (SELECT 1 FROM next)`;

// $1 endpoint, $2 holder, $3 slot, $4 lease seconds, $5 waiter seconds. A slot whose call ended, wanted again
// by the same worker: kept (one query, no NOTIFY) unless another worker waited longer, who then gets it as
// RELEASE would give it — and the worker joins the waiters (keeping its place if it already waits).
const HAND_OVER = `
WITH next AS (${NEXT_WAITER}), passed AS (
  UPDATE cascade_endpoint_leases
  SET holder = CASE WHEN EXISTS (SELECT 1 FROM next) THEN NULL ELSE $2 END,
      expires_at = CASE WHEN EXISTS (SELECT 1 FROM next) THEN '-infinity'::timestamptz ELSE now() + make_interval(secs => $4) END
  WHERE endpoint = $1 AND slot = $3 AND holder = $2 RETURNING holder
), queued AS (
  INSERT INTO cascade_endpoint_waiters (endpoint, holder, since, expires_at)
  SELECT $1, $2, now(), now() + make_interval(secs => $5) FROM passed WHERE passed.holder IS NULL
  ON CONFLICT (endpoint, holder) DO UPDATE SET expires_at = excluded.expires_at
  RETURNING 1
)
SELECT p.holder IS NOT NULL AS kept, CASE WHEN p.holder IS NULL THEN pg_notify('${SLOTS_CHANNEL}', (SELECT holder FROM next)) END AS n FROM passed p`;

export interface EndpointLeaseTable {
  /** Creates the endpoint's slot rows 0..capacity-1 (once per endpoint and capacity). */
  ensureSlots(id: string, label: string, capacity: number): Promise<void>;
  /** Takes up to `wanted` free slots below `capacity` (fewer, or none, when others hold them or wait longer). */
  acquire(id: string, holder: string, capacity: number, wanted: number, leaseSeconds: number, waiterSeconds: number): Promise<number[]>;
  /** Frees the holder's slots (waking the waiter whose turn it is). */
  release(id: string, holder: string, slots: number[]): Promise<void>;
  /** Keeps a slot for another call of the holder's, unless another worker waited longer (then frees it for them). */
  handOver(id: string, holder: string, slot: number, leaseSeconds: number, waiterSeconds: number): Promise<"kept" | "passed" | "lost">;
  /** No longer waits for the endpoint (its calls were cancelled). */
  stopWaiting(id: string, holder: string): Promise<void>;
  /** Extends the holder's leases of these slots (only these: a slot whose freeing failed runs out). */
  renew(id: string, holder: string, slots: number[], leaseSeconds: number): Promise<void>;
  /** Frees everything the holder has and waits for (a worker that stops). */
  releaseAll(holder: string): Promise<void>;
}

export function endpointLeaseTable(pool: pg.Pool): EndpointLeaseTable {
  return {
    async ensureSlots(id, label, capacity) {
      await pool.query(ENSURE_SLOTS, [id, label, capacity]);
    },
    async acquire(id, holder, capacity, wanted, leaseSeconds, waiterSeconds) {
      const { rows } = await pool.query<{ slot: number }>(ACQUIRE, [id, holder, capacity, wanted, leaseSeconds, waiterSeconds]);
      return rows.map((r) => r.slot);
    },
    async release(id, holder, slots) {
      await pool.query(RELEASE, [id, holder, slots]);
    },
    async handOver(id, holder, slot, leaseSeconds, waiterSeconds) {
      const { rows } = await pool.query<{ kept: boolean }>(HAND_OVER, [id, holder, slot, leaseSeconds, waiterSeconds]);
      return rows.length === 0 ? "lost" : rows[0].kept ? "kept" : "passed";
    },
    async stopWaiting(id, holder) {
      await pool.query("DELETE FROM cascade_endpoint_waiters WHERE endpoint = $1 AND holder = $2", [id, holder]);
    },
    async renew(id, holder, slots, leaseSeconds) {
      await pool.query("UPDATE cascade_endpoint_leases SET expires_at = now() + make_interval(secs => $4) WHERE endpoint = $1 AND holder = $2 AND slot = ANY($3::int[])", [id, holder, slots, leaseSeconds]);
    },
    async releaseAll(holder) {
      await pool.query("DELETE FROM cascade_endpoint_waiters WHERE holder = $1", [holder]);
      await pool.query(`WITH freed AS (UPDATE cascade_endpoint_leases SET holder = NULL, expires_at = '-infinity' WHERE holder = $1 RETURNING 1) SELECT pg_notify('${SLOTS_CHANNEL}', '') FROM (SELECT 1) x WHERE EXISTS (SELECT 1 FROM freed)`, [holder]);
    },
  };
}
