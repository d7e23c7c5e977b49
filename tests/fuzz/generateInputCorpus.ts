/**
 * Writes the committed input corpus of the fuzz suite (tests/fuzz/corpus/inputs-*.json) from one seed:
 * malformed pipelines, datasets (JSONL, CSV, JSON, images), filter conditions and --set paths. Each case is
 * a small mutation of a valid input (truncation, a byte flipped, a field removed, a wrong type, BOMs, deep
 * nesting, huge repeats) so that most reach past the first check. Run: npx tsx tests/fuzz/generateInputCorpus.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng, type Rng } from "../../src/shared/random";

const SEED = 20260213;
const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "corpus");
const ROOT = join(HERE, "../..");

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)];
const int = (rng: Rng, n: number) => Math.floor(rng.next() * n);

/** Mutations of a text: truncation, a flipped character, an inserted token, a deleted span, a BOM. */
function mutateText(rng: Rng, text: string): string {
  const at = int(rng, text.length + 1);
  switch (int(rng, 7)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + String.fromCharCode(int(rng, 128)) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + pick(rng, ["{", "}", "[", "]", ",", '"', ":", "null", "\u0000", "\uFEFF", "\\", "\n", "1e999", "-"]) + text.slice(at);
    case 3:
      return text.slice(0, at) + text.slice(at + 1 + int(rng, 40));
    case 4:
      return `\uFEFF${text}`;
    case 5:
      return text.replace(/"[a-zA-Z]+"/, pick(rng, ['"__proto__"', '"constructor"', '""', '"x y"', "1", "null"]));
    default:
      return text + pick(rng, ["", " trailing", "}", "]]", "\n\n{"]);
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const STRANGE: Json[] = [null, true, 0, -1, 1e308, "", "x".repeat(300), [], {}, [[[]]], { nested: { deeper: [1, 2] } }, "__proto__", "javascript:alert(1)", "../../etc/passwd", "\u0000"];

/** Structural mutations of a parsed document: a field removed, replaced by a strange value, or duplicated. */
function mutateValue(rng: Rng, doc: Json): Json {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  const containers: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) {
      v.forEach((c, i) => {
        containers.push({ parent: v, key: i });
        walk(c);
      });
    } else if (v && typeof v === "object") {
      for (const k of Object.keys(v)) {
        containers.push({ parent: v, key: k });
        walk(v[k]);
      }
    }
  };
  walk(copy);
  const n = 1 + int(rng, 3);
  for (let i = 0; i < n && containers.length; i++) {
    const { parent, key } = pick(rng, containers);
    const r = int(rng, 4);
    if (r === 0 && !Array.isArray(parent)) delete (parent as Record<string, Json>)[key as string];
    else if (r === 1) {
      let deep: Json = 1;
      for (let d = 0; d < 300 + int(rng, 3000); d++) deep = [deep];
      (parent as Record<string | number, Json>)[key] = deep;
    } else (parent as Record<string | number, Json>)[key] = pick(rng, STRANGE);
  }
  return copy;
}

function pipelines(rng: Rng): { name: string; text: string }[] {
  const templates = ["cas-seat.json", "cot.json", "seat.json", "cas-seat-data.json", "ddf-source-filter.json"].map((f) => readFileSync(join(ROOT, "templates", f), "utf8"));
  const out: { name: string; text: string }[] = [];
  for (let i = 0; i < 160; i++) {
    const base = pick(rng, templates);
    const text = i % 2 === 0 ? mutateText(rng, base) : `${JSON.stringify(mutateValue(rng, JSON.parse(base) as Json))}\n`;
    out.push({ name: `pipeline-${String(i).padStart(3, "0")}.json`, text });
  }
  // Hostile shapes kept whatever the seed.
  out.push({ name: "pipeline-deep-parens.json", text: JSON.stringify({ ...JSON.parse(templates[0]), nodes: [{ id: "f", kind: "filter", position: { x: 0, y: 0 }, config: { condition: `${"(".repeat(2000)}a${")".repeat(2000)}`, inputs: ["a"] } }], edges: [] }) });
  out.push({ name: "pipeline-empty.json", text: "" });
  out.push({ name: "pipeline-array.json", text: "[]" });
  out.push({ name: "pipeline-deep-json.json", text: `${"[".repeat(50_000)}${"]".repeat(50_000)}` });
  // Sources and sections added later: a hub dataset and a sweep's experiment, each malformed.
  const cas = JSON.parse(templates[0]) as { nodes: { kind: string; config: Record<string, unknown> }[] };
  const withSource = (source: unknown) => JSON.stringify({ ...cas, nodes: cas.nodes.map((n) => (n.kind === "dataset" ? { ...n, config: { ...n.config, source } } : n)) });
  out.push({ name: "pipeline-hub-bad-repo.json", text: withSource({ type: "huggingface", repo: "../../etc", split: "test" }) });
  out.push({ name: "pipeline-hub-no-split.json", text: withSource({ type: "huggingface", repo: "AI4Math/MathVista" }) });
  out.push({ name: "pipeline-hub-wrong-types.json", text: withSource({ type: "huggingface", repo: 7, split: [], revision: {} }) });
  out.push({ name: "pipeline-experiment-not-object.json", text: JSON.stringify({ ...cas, experiment: "models.reasoner.model=A,B" }) });
  out.push({ name: "pipeline-experiment-bad-axes.json", text: JSON.stringify({ ...cas, experiment: { axes: [{ path: "" }, { path: "models.reasoner.model", values: [] }, 3], maxCalls: -1 } }) });
  // Batch models: a kind without a batch API, a wrong type, a fallback without batch and one that is no choice.
  const models = (cas as unknown as { models: Record<string, Record<string, unknown>> }).models;
  const withModel = (patch: Record<string, unknown>) => JSON.stringify({ ...cas, models: Object.fromEntries(Object.entries(models).map(([k, m]) => [k, { ...m, ...patch }])) });
  out.push({ name: "pipeline-batch-ollama.json", text: withModel({ provider: "ollama", batch: true }) });
  out.push({ name: "pipeline-batch-wrong-type.json", text: withModel({ batch: "yes" }) });
  out.push({ name: "pipeline-batch-fallback.json", text: withModel({ batchFallback: "retry" }) });
  // Endpoint pools: a replica twice, replicas on the embedded engine, a replica that is no URL.
  out.push({ name: "pipeline-replicas-twice.json", text: withModel({ baseUrl: "http://127.0.0.1:8000/v1", replicas: ["http://127.0.0.1:8000/v1/"] }) });
  out.push({ name: "pipeline-replicas-embedded.json", text: withModel({ provider: "llama-cpp", replicas: ["http://127.0.0.1:8001/v1"] }) });
  out.push({ name: "pipeline-replicas-not-url.json", text: withModel({ replicas: ["gpu2:8000", 7] }) });
  out.push({ name: "pipeline-batch-unknown-provider.json", text: withModel({ provider: "nope", batch: true, replicas: ["http://127.0.0.1:8001/v1"] }) });
  return out;
}

function datasets(rng: Rng): { name: string; text?: string; base64?: string }[] {
  const rows = Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, question: `what is ${i} + ${i}?`, answer: String(2 * i), image: `img${i}.png` }));
  const jsonl = `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;
  const csv = `id,question,answer,image\n${rows.map((r) => `${r.id},"${r.question}",${r.answer},${r.image}`).join("\n")}\n`;
  const json = JSON.stringify(rows, null, 1);
  const out: { name: string; text?: string; base64?: string }[] = [];
  for (let i = 0; i < 40; i++) out.push({ name: `data-${i}.jsonl`, text: mutateText(rng, jsonl) });
  for (let i = 0; i < 40; i++) out.push({ name: `data-${i}.csv`, text: mutateText(rng, csv) });
  for (let i = 0; i < 40; i++) out.push({ name: `data-${i}.json`, text: i % 2 ? mutateText(rng, json) : JSON.stringify(mutateValue(rng, rows as unknown as Json)) });
  out.push({ name: "data-bom.csv", text: `\uFEFF${csv}` });
  out.push({ name: "data-quotes.csv", text: `id,question\nq1,"never closed\nq2,x\n` });
  out.push({ name: "data-wide.csv", text: `id,${Array.from({ length: 3000 }, (_, i) => `c${i}`).join(",")}\nq1,${"x,".repeat(3000)}\n` });
  out.push({ name: "data-deep.jsonl", text: `{"id":"q1","question":${"[".repeat(20_000)}${"]".repeat(20_000)}}\n` });
  // Images: a real PNG header, cut short or with garbage after it; pure garbage; an empty file.
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61", "hex");
  for (let i = 0; i < 20; i++) {
    const bytes = i % 4 === 0 ? Buffer.alloc(0) : i % 4 === 1 ? png.subarray(0, int(rng, png.length)) : Buffer.concat([i % 4 === 2 ? png : Buffer.alloc(0), Buffer.from(Array.from({ length: 64 + int(rng, 512) }, () => int(rng, 256)))]);
    out.push({ name: `image-${i}.png`, base64: bytes.toString("base64") });
  }
  return out;
}

function conditions(rng: Rng): string[] {
  const atoms = ["a", "b.c", "b[0]", 'a == "x"', "len(a) > 3", "a matches /^(a+)+$/", "a matches /(x)\\1/", "a matches /(?=y)/", "a contains 'q'", "a in [1, 2, 'x']", "!a", "n >= 4", "n < -1.5e3"];
  const noise = ["(", ")", "&&", "||", "!", "==", "=", "&", "|", "/", "/re/", '"', "'", "[", "]", ",", ".", "len(", "matches", "\u0000", "1e999", "\\"];
  const out: string[] = [];
  for (let i = 0; i < 80; i++) {
    let s = pick(rng, atoms);
    const steps = 1 + int(rng, 6);
    for (let k = 0; k < steps; k++) s = int(rng, 3) === 0 ? `${s} ${pick(rng, noise)}` : `${s} ${pick(rng, ["&&", "||"])} ${pick(rng, atoms)}`;
    out.push(int(rng, 4) === 0 ? mutateText(rng, s) : s);
  }
  out.push(`${"(".repeat(2000)}a${")".repeat(2000)}`, Array.from({ length: 20_000 }, () => "a").join(" || "), "!".repeat(5000) + "a", "", "   ");
  return out;
}

function setArguments(rng: Rng): string[] {
  const paths = ["models.reasoner.baseUrl", "models.__proto__.x", "nodes[0].config.template", "nodes.reason.config.template", "nodes[999].id", "settings.concurrency", "name", "edges[0]", "models.reasoner", "nodes.nope.config", "__proto__.polluted", "constructor.prototype.x", "nodes[0]..id", "nodes[", "a.b[c]", ".", "", "nodes[-1]"];
  const values = ["http://127.0.0.1:1/v1", "javascript:alert(1)", "1", "-1", "null", "{}", "[]", '{"__proto__":{"x":1}}', "x".repeat(200), "true", '"quoted"', "{broken"];
  const out: string[] = [];
  for (let i = 0; i < 40; i++) out.push(`${pick(rng, paths)}${int(rng, 8) === 0 ? "" : "="}${pick(rng, values)}`);
  return out;
}

/** `--shared-cache` values (cascade run, sweep, worker): not PostgreSQL, not a URL, no host, passwords to hide. */
function sharedCacheUrls(): string[] {
  return [
    " ",
    "postgres://",
    "postgres://:secret@127.0.0.1:1/x",
    "mysql://root:secret@db/lab",
    "not a url",
    "postgres://user:secret@127.0.0.1:99999/x",
    "postgresql://127.0.0.1:1/db?sslmode=require",
    "file:///etc/passwd",
    "http://127.0.0.1:1/",
    "postgres://[::1/x",
    "postgres://u:secret@[::1]:1/lab",
    "//127.0.0.1:1/x",
  ];
}

/**
 * `--db` values that name a store by URL (`cascade runs --db postgres://…`, store/openRunStore.ts): not
 * PostgreSQL, no host, unparsable, a server that is not there, odd case and spaces, passwords to hide.
 */
function storeUrls(): string[] {
  return [
    "postgres://",
    "postgresql://",
    "postgres:///db",
    "postgres://:secret@127.0.0.1:1/x",
    "POSTGRES://u:secret@127.0.0.1:1/x",
    " postgres://u:secret@127.0.0.1:1/x ",
    "postgres://user:secret@127.0.0.1:99999/x",
    "postgres://u:se%zzcret@127.0.0.1:1/x",
    "postgres://[::1/x",
    "postgres://u:secret@[::1]:1/lab",
    "postgresql://127.0.0.1:1/db?sslmode=require",
    "postgres://u:secret@127.0.0.1:1/x?connect_timeout=abc",
    "mysql://root:secret@db/lab",
    "sqlite://u:secret@/tmp/x.db",
    "file:///etc/passwd",
    "http://127.0.0.1:1/",
  ];
}

/**
 * Malformed arguments of the distributed commands: `cascade worker --lease-seconds` and `cascade watch`. Each
 * must be refused as a usage error (exit 2) before anything connects (the URL given names no server).
 */
function distributedArgs(): string[][] {
  const unreachable = "postgres://u:secret@127.0.0.1:1/x";
  const lease = ["", "abc", "-1", "0", "1", "1.5", "3601", "1e3", "0x10", "30s", "99999999999999999999", "NaN"];
  return [
    ...lease.map((v) => ["worker", "--shared-cache", unreachable, "--lease-seconds", v]),
    ["worker", "--shared-cache", unreachable, "--lease-seconds"],
    ["worker", "--shared-cache", ""],
    ["worker", "--shared-cache", "  "],
    ["watch"],
    ["watch", "--shared-cache", unreachable],
    ["watch", "a", "b", "--shared-cache", unreachable],
    ["watch", " ", "--shared-cache", unreachable],
    ["watch", "x".repeat(300), "--shared-cache", unreachable],
    ["watch", "mx1-0001"],
    ["watch", "mx1-0001", "--shared-cache"],
    ["watch", "mx1-0001", "--shared-cache", ""],
    ["watch", "mx1-0001", "--shared-cache", unreachable, "--json=1"],
    ["watch", "mx1-0001", "--shared-cache", unreachable, "--lease-seconds", "3"],
    ["watch", "mx1-0001", "--shared-cache", unreachable, "--chunk", "2"],
  ];
}

/**
 * Malformed arguments of `cascade push`: no or a wrong --to, runs and --all together, neither, a URL as --db,
 * options it has not, run ids the (empty) local file has not ("{db}" is a new SQLite file the suite names). Each
 * must be refused as a usage error (exit 2) before anything connects (the URL given names no server).
 */
function pushArgs(): string[][] {
  const unreachable = "postgres://u:secret@127.0.0.1:1/x";
  const db = ["--db", "{db}"];
  return [
    ["push"],
    ["push", "abc"],
    ["push", "abc", "--to"],
    ["push", "abc", "--to", ""],
    ["push", "abc", "--to", "  "],
    ["push", "abc", "--to", "mysql://root:secret@db/lab"],
    ["push", "abc", "--to", "/tmp/other.db"],
    ["push", "abc", "--to", "file:///tmp/x.db"],
    ["push", "abc", "--to", "http://u:secret@127.0.0.1:1/"],
    ["push", "--to", unreachable],
    ["push", "abc", "--all", "--to", unreachable],
    ["push", "--all=1", "--to", unreachable],
    ["push", "abc", "--to", unreachable, "--db", unreachable],
    ["push", "abc", "--to", unreachable, "--db", "mysql://root:secret@db/lab"],
    ["push", "abc", "--to", unreachable, "--bogus"],
    ["push", "abc", "--to", unreachable, "--json=yes"],
    ["push", "abc", "--to", unreachable, "--node", "x"],
    ["push", "abc", "--to", unreachable, ...db],
    ["push", "", "--to", unreachable, ...db],
    ["push", "%", "--to", unreachable, ...db],
    ["push", "x".repeat(300), "--to", unreachable, ...db],
    ["push", "abc", "def", "--to", ` ${unreachable} `, ...db],
  ];
}

const rng = createRng(SEED);
mkdirSync(OUT, { recursive: true });
const write = (name: string, value: unknown) => writeFileSync(join(OUT, name), `${JSON.stringify(value, null, 1)}\n`);
write("inputs-pipelines.json", pipelines(rng));
write("inputs-datasets.json", datasets(rng));
write("inputs-conditions.json", conditions(rng));
write("inputs-set.json", setArguments(rng));
write("inputs-shared-cache.json", sharedCacheUrls());
write("inputs-distributed-args.json", distributedArgs());
write("inputs-store-urls.json", storeUrls());
write("inputs-push-args.json", pushArgs());
