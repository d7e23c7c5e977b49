/**
 * What `cascade --help` lists: each command's name, summary and usage, here once, so that the help and an
 * unknown command load no command module (main.ts imports a command's file only to run it).
 */
export const COMMAND_INFO = {
  validate: {
    name: "validate",
    summary: "check pipeline files; print every problem with its path",
    usage: "cascade validate <file...> [--json]",
  },
  schema: {
    name: "schema",
    summary: "print the JSON Schema of the pipeline format",
    usage: "cascade schema",
  },
  run: {
    name: "run",
    summary: "run a pipeline over its dataset (cached; re-runs only what changed)",
    usage: "cascade run <pipeline.json> [--data FILE] [--db FILE|postgres://…] [--set PATH=VALUE ...] [--concurrency N] [--limit N] [--label TEXT] [--repeats K] [--no-cache] [--no-check] [--shared-cache postgres://…] [--distributed [--chunk N] [--job-timeout SECONDS]] [--json]",
  },
  runs: {
    name: "runs",
    summary: "list the runs in the database with their sizes; pin or unpin a run (gc keeps pinned runs)",
    usage: "cascade runs [--db FILE|postgres://…] [--json] | cascade runs pin|unpin <run> [--db FILE]",
  },
  show: {
    name: "show",
    summary: "print a run's results (JSON Lines or CSV)",
    usage: "cascade show <run> [--node ID] [--format jsonl|csv] [--db FILE|postgres://…] | cascade show <run> --meta [--json] [--db FILE]",
  },
  push: {
    name: "push",
    summary: "copy finished runs (results, traces, cached calls) from the SQLite file into a lab's PostgreSQL store; a run there already is skipped",
    usage: "cascade push <run>... --to postgres://… [--db FILE] [--json] | cascade push --all --to postgres://… [--db FILE] [--json]",
  },
  compare: {
    name: "compare",
    summary: "compare runs: accuracy, latency, tokens, errors, exact McNemar and bootstrap CI",
    usage: "cascade compare <runA> <runB> [run...] [--baseline RUN] [--node ID] [--by COLUMN]... [--unscored exclude|wrong] " + "[--level 0.95] [--seed N] [--resamples N|auto] [--db FILE] [--json]",
  },
  models: {
    name: "models",
    summary: "list where models can come from: saved models, local servers (--probe), the embedded engine",
    usage: "cascade models [--probe] [--port N ...] [--db FILE] [--json]",
  },
  export: {
    name: "export",
    summary: "write an export node's training file again from a stored run",
    usage: "cascade export <run> --node ID --out FILE [--format sharegpt|openai-chat|...] [--base-dir DIR] [--db FILE]",
  },
  review: {
    name: "review",
    summary: "record review decisions (accept/reject/edit) for a review node from a file; the next run uses them",
    usage: "cascade review <run> --node ID --decisions FILE [--db FILE]",
  },
  sweep: { name: "sweep", summary: "run a pipeline over models × prompts × params (one run per cell); matrix, paired tests, best cell", usage: "cascade sweep <pipeline.json> --axis PATH=V1,V2[,@file…] [--axis …] [--set PATH=VALUE ...] [--max-cost USD] [--max-calls N] [--limit N] [--by COLUMN] [--dry-run] [--no-check] [--db FILE] [--shared-cache postgres://…] [--json]" },
  serve: {
    name: "serve",
    summary: "browser mode: serve the app on 127.0.0.1 and print its URL (with the access token)",
    usage: "cascade serve [--port N] [--host H] [--db FILE] [--new-token]",
  },
  bundle: { name: "bundle", summary: "write runs (documents, records, dataset rows, results, traces, cached calls; --images) into one file that opens without re-running", usage: "cascade bundle <run>... --out FILE.cascade [--images] [--db FILE] [--json]" },
  import: { name: "import", summary: "add a bundle's runs to the database (marked imported), with a folder to re-run each from the imported cache", usage: "cascade import FILE.cascade [--db FILE] [--dir DIR] [--json]" },
  report: { name: "report", summary: "write a self-contained HTML report of runs: comparison, pipeline graph, per-item outputs with search", usage: "cascade report <run>... --out FILE.html [--node ID] [--by COLUMN]... [--thumbnails N] [--db FILE]" },
  gc: {
    name: "gc",
    summary: "delete old runs and unreferenced cache rows, and return the space to the file system",
    usage: "cascade gc [--keep-last N] [--newer-than DATE|Nd] [--cache-older-than DATE|Nd] [--cache-max-size SIZE] [--dry-run] [--db FILE] [--json]",
  },
  db: { name: "db", summary: "the database's size by table and index, and the largest runs", usage: "cascade db [--top N] [--db FILE] [--json]" },
  worker: {
    name: "worker",
    summary: "serve distributed runs (cascade run --distributed): take their jobs from the shared cache's PostgreSQL and run them here",
    usage: "cascade worker --shared-cache postgres://… [--concurrency N] [--jobs N] [--lease-seconds S] [--db FILE]",
  },
  watch: {
    name: "watch",
    summary: "follow a distributed run's progress from any machine until its jobs are all done (exit 1 if some failed)",
    usage: "cascade watch <run-key> --shared-cache postgres://… [--json]",
  },
} as const satisfies Record<string, { name: string; summary: string; usage: string }>;

export type CommandName = keyof typeof COMMAND_INFO;
