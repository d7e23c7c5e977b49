/**
 * Saved pipelines and their versions. A save makes a new version only when the content changed; an autosave
 * replaces the previous autosave made after the last manual save, so autosaves never pile up.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "better-sqlite3";
import type { PipelineSummary, PipelineVersionInfo, SavedPipeline } from "../../shared/contract";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { contentHash } from "./hash";

interface VersionRow {
  pipeline_id: string;
  version: number;
  saved_at: number;
  hash: string;
  autosave: number;
  doc: string;
}

export interface SaveOptions {
  id?: string;
  autosave?: boolean;
  /** The version this save was based on (as the saver last got it): a save based on an older one is refused. */
  base?: { version: number; savedAt: number };
}

/** A save based on a version that is no longer the latest (another tab or window saved meanwhile). */
export class StaleSaveError extends Error {
  constructor(
    readonly latest: SavedPipeline,
    readonly base: { version: number; savedAt: number },
  ) {
    super(
      `"${latest.name}" was saved elsewhere (another tab or window) since this page got version ${base.version}: the latest is version ${latest.version}, saved ${new Date(latest.savedAt).toISOString()}`,
    );
    this.name = "StaleSaveError";
  }
}

export class PipelinesRepo {
  constructor(private readonly db: Database) {}

  save(doc: PipelineDoc, opts: SaveOptions = {}): SavedPipeline {
    const tx = this.db.transaction((): SavedPipeline => {
      const now = Date.now();
      const id = opts.id ?? randomUUID();
      const hash = contentHash(doc);
      const autosave = opts.autosave === true;
      const exists = this.db.prepare("SELECT 1 FROM pipelines WHERE id = ?").get(id);
      if (!exists) {
        this.db.prepare("INSERT INTO pipelines (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)").run(id, doc.name, now, now);
      }
      const latest = this.latestRow(id);
      let version: number;
      // An autosave replaces its version in place, so the version and its time together name what was based on.
      if (latest && opts.base && latest.hash !== hash && (latest.version !== opts.base.version || latest.saved_at !== opts.base.savedAt)) {
        throw new StaleSaveError(this.toSaved(id, latest), opts.base);
      }
      if (latest && latest.hash === hash) {
        version = latest.version;
        // Saving by hand what an autosave already holds makes that version a manual one.
        if (!autosave && latest.autosave) this.db.prepare("UPDATE pipeline_versions SET autosave = 0 WHERE pipeline_id = ? AND version = ?").run(id, version);
        return { id, name: doc.name, version, savedAt: latest.saved_at, doc };
      }
      if (latest && autosave && latest.autosave) {
        version = latest.version;
        this.db
          .prepare("UPDATE pipeline_versions SET saved_at = ?, hash = ?, doc = ? WHERE pipeline_id = ? AND version = ?")
          .run(now, hash, JSON.stringify(doc), id, version);
      } else {
        version = (latest?.version ?? 0) + 1;
        this.db
          .prepare("INSERT INTO pipeline_versions (pipeline_id, version, saved_at, hash, autosave, doc) VALUES (?, ?, ?, ?, ?, ?)")
          .run(id, version, now, hash, autosave ? 1 : 0, JSON.stringify(doc));
      }
      this.db.prepare("UPDATE pipelines SET name = ?, updated_at = ? WHERE id = ?").run(doc.name, now, id);
      return { id, name: doc.name, version, savedAt: now, doc };
    });
    return tx();
  }

  get(id: string, version?: number): SavedPipeline {
    const row =
      version === undefined
        ? this.latestRow(id)
        : (this.db.prepare("SELECT * FROM pipeline_versions WHERE pipeline_id = ? AND version = ?").get(id, version) as VersionRow | undefined);
    if (!row) throw new Error(version === undefined ? `no pipeline "${id}"` : `pipeline "${id}" has no version ${version}`);
    return this.toSaved(id, row);
  }

  private toSaved(id: string, row: VersionRow): SavedPipeline {
    const name = (this.db.prepare("SELECT name FROM pipelines WHERE id = ?").get(id) as { name: string }).name;
    return { id, name, version: row.version, savedAt: row.saved_at, doc: JSON.parse(row.doc) as PipelineDoc };
  }

  has(id: string): boolean {
    return this.db.prepare("SELECT 1 FROM pipelines WHERE id = ?").get(id) !== undefined;
  }

  list(): PipelineSummary[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.name, p.updated_at, (SELECT COUNT(*) FROM pipeline_versions v WHERE v.pipeline_id = p.id) AS versions
         FROM pipelines p ORDER BY p.updated_at DESC, p.name`,
      )
      .all() as { id: string; name: string; updated_at: number; versions: number }[];
    return rows.map((r) => ({ id: r.id, name: r.name, updatedAt: r.updated_at, versions: r.versions }));
  }

  versions(id: string): PipelineVersionInfo[] {
    this.requireExists(id);
    const rows = this.db
      .prepare("SELECT version, saved_at, hash, autosave FROM pipeline_versions WHERE pipeline_id = ? ORDER BY version DESC")
      .all(id) as Pick<VersionRow, "version" | "saved_at" | "hash" | "autosave">[];
    return rows.map((r) => ({ version: r.version, savedAt: r.saved_at, hash: r.hash, autosave: r.autosave === 1 }));
  }

  /** Renames the pipeline; the latest document gets the new name as a new (manual) version. */
  rename(id: string, name: string): void {
    if (!name.trim()) throw new Error("a pipeline name cannot be empty");
    const current = this.get(id);
    this.save({ ...current.doc, name }, { id });
  }

  delete(id: string): void {
    this.requireExists(id);
    this.db.prepare("DELETE FROM pipelines WHERE id = ?").run(id);
  }

  private latestRow(id: string): VersionRow | undefined {
    return this.db.prepare("SELECT * FROM pipeline_versions WHERE pipeline_id = ? ORDER BY version DESC LIMIT 1").get(id) as VersionRow | undefined;
  }

  private requireExists(id: string): void {
    if (!this.has(id)) throw new Error(`no pipeline "${id}"`);
  }
}
