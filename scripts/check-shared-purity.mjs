#!/usr/bin/env node
// src/shared is used by the renderer and the Node side alike: it must not import node:, electron, DOM or React.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const forbidden = /from\s+["'](node:[^"']+|fs|path|os|child_process|electron|react|react-dom|better-sqlite3|ws)["']/;
const bad = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name)) {
      readFileSync(p, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (forbidden.test(line) || /\b(window|document|localStorage)\./.test(line)) bad.push(`${p}:${i + 1}: ${line.trim()}`);
        });
    }
  }
};
walk("src/shared");
if (bad.length) {
  console.error("src/shared must stay pure (no node:, electron, DOM or React):\n" + bad.join("\n"));
  process.exit(1);
}
console.log("src/shared is pure");
