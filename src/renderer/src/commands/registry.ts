/**
 * The one command registry. Every action of the app is one `Command` here; the toolbar, the right-click menu,
 * the Ctrl+K palette, the `?` sheet and the one keydown listener (useCommandKeys.ts) all read it, so a name,
 * a shortcut or a condition is written once. Add an action: write its entry in one of the *Commands.ts files
 * of this folder (or a new one listed in allCommands.ts).
 */
import type { Command, CommandContext } from "./types";

const byId = new Map<string, Command>();
let order: Command[] = [];

export function registerCommands(list: readonly Command[]): void {
  for (const c of list) {
    if (byId.has(c.id)) throw new Error(`command "${c.id}" is registered twice`);
    byId.set(c.id, c);
  }
  order = [...byId.values()];
}

export function allCommandList(): readonly Command[] {
  return order;
}

export function getCommand(id: string): Command {
  const c = byId.get(id);
  if (!c) throw new Error(`no command "${id}"`);
  return c;
}

export function isEnabled(c: Command, ctx: CommandContext = {}): boolean {
  return c.enabled ? c.enabled(ctx) : true;
}

/** Runs a command if it is enabled; false when it was not (or had nothing to do). */
export function runCommand(id: string, ctx: CommandContext = {}): boolean {
  const c = getCommand(id);
  if (!isEnabled(c, ctx)) return false;
  const r = c.run(ctx);
  if (r instanceof Promise) r.catch((e) => console.error(`command ${id}:`, e));
  return r !== false;
}
