/**
 * A reply function for the fake servers that plays a small vision model on the sample visual-maths data, so
 * runs of the templates give meaningful, deterministic accuracies (used by compare tests and screenshots).
 *
 * - A reasoning request carries the item's image: the oracle recognises it (SHA-256 of the PNG → the item in
 *   templates/data/visual-math.jsonl) and writes a short solution ending in "Final answer: X". It is right
 *   with probability `pFirstTurn` on a first turn, and `pAfterCheck` when the chat already holds an answer
 *   (a self-evaluation turn) — decided by a hash, so every run gives the same replies.
 * - An extraction request (no image, a solution quoted in the text) gets the last "Final answer: X" quoted.
 *
 *   startFakeOpenAI({ reply: visualMathOracle() })
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { RecordedRequest } from "./fakeHttp";

interface Item {
  id: string;
  answer: string;
  choices: string[];
}

function sha(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

function loadItems(dataDir: string): Map<string, Item> {
  const byImageHash = new Map<string, Item>();
  const lines = readFileSync(join(dataDir, "visual-math.jsonl"), "utf8").split("\n").filter(Boolean);
  for (const line of lines) {
    const row = JSON.parse(line) as Item & { image: string };
    byImageHash.set(sha(readFileSync(join(dataDir, row.image))), row);
  }
  return byImageHash;
}

type OpenAIPart = { type: string; text?: string; image_url?: { url: string } };
type OpenAIMessage = { role: string; content: string | OpenAIPart[] };

function texts(m: OpenAIMessage): string {
  return typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("\n");
}

function imageHashes(messages: OpenAIMessage[]): string[] {
  const out: string[] = [];
  for (const m of messages) {
    if (typeof m.content === "string") continue;
    for (const p of m.content) {
      const url = p.image_url?.url;
      if (url?.startsWith("data:")) out.push(sha(Buffer.from(url.slice(url.indexOf(",") + 1), "base64")));
    }
  }
  return out;
}

function wrongAnswer(item: Item, seed: string): string {
  if (item.choices.length) {
    const letters = item.choices.map((_, i) => String.fromCharCode(65 + i)).filter((l) => l !== item.answer);
    return letters[parseInt(seed.slice(0, 4), 16) % letters.length];
  }
  return String(Number(item.answer) + 1 + (parseInt(seed.slice(0, 2), 16) % 3));
}

export function visualMathOracle(opts: { pFirstTurn?: number; pAfterCheck?: number; dataDir?: string } = {}) {
  const items = loadItems(opts.dataDir ?? resolve("templates/data"));
  const pFirst = opts.pFirstTurn ?? 0.55;
  const pCheck = opts.pAfterCheck ?? 0.85;
  return (req: RecordedRequest): string => {
    const messages = ((req.body as { messages?: OpenAIMessage[] }).messages ?? []) as OpenAIMessage[];
    const item = imageHashes(messages).map((h) => items.get(h)).find(Boolean);
    const lastUser = texts([...messages].reverse().find((m) => m.role === "user") ?? { role: "user", content: "" });
    if (!item) {
      const quoted = [...lastUser.matchAll(/Final answer:\s*([A-E]|-?\d+(?:\.\d+)?)/gi)].pop();
      return quoted ? quoted[1] : "unknown";
    }
    const checking = messages.some((m) => m.role === "assistant");
    const seed = sha(`${item.id}\n${lastUser}`);
    const right = parseInt(seed.slice(0, 8), 16) / 0xffffffff < (checking ? pCheck : pFirst);
    const answer = right ? item.answer : wrongAnswer(item, seed.slice(8));
    const opening = checking ? "Checking each step against the picture again." : "Looking at the picture step by step.";
    return `${opening} The relevant quantity is read from the image and combined as the question asks.\nFinal answer: ${answer}`;
  };
}
