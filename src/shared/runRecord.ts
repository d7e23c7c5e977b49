/**
 * The run record: what is needed to reproduce a run besides its pipeline document (stored with the run, which
 * already keeps the document and its hash). Written by the engine when the run starts (versions, command line)
 * and when its items have been read (the dataset), stored in `runs.record`, printed by `cascade show <run> --meta`.
 */

export interface DatasetRecord {
  /** sha256 over the dataset file's bytes (or the inline rows): the run's `datasetFingerprint`. */
  fileFingerprint: string;
  /**
   * sha256 over fileFingerprint, the number of items read and, for every item read, the content hash of each
   * image its image columns name (a local file or data URI; a remote image by its URL; an unreadable one as
   * "unreadable"). Two runs with the same value read the same rows with the same image bytes.
   */
  fingerprint: string;
  /** Items the run read (a --limit run reads fewer than the file holds). */
  items: number;
  /** Images named by the items read: hashed, named by URL only (remote), unreadable. */
  images: number;
  remoteImages: number;
  unreadableImages: number;
}

export interface RunRecord {
  app: {
    name: string;
    version: string;
    /** The checkout's commit when the app runs from a git checkout. */
    commit?: string;
    /** True when that checkout had uncommitted changes to tracked files. */
    dirty?: boolean;
  };
  runtime: { node: string; electron?: string; platform: string; arch: string };
  /** Who started the run: `cascade run`, the app, or a program calling the engine. */
  origin: "cli" | "app" | "api";
  /** The CLI command line as typed (arguments in order) and its working directory. */
  commandLine?: string[];
  cwd?: string;
  /** Present once the run's items have been read. */
  dataset?: DatasetRecord;
  /** Set when the run came from a bundle (`cascade import`): which file, written by which app, when imported. */
  imported?: ImportedFrom;
}

export interface ImportedFrom {
  /** The bundle's file name (no folder). */
  bundle: string;
  /** The version of the app that wrote the bundle, and the bundle's format version. */
  appVersion: string;
  format: number;
  /** When it was imported (ms since the epoch). */
  at: number;
}
