/**
 * One command: everything the app can do from a menu, the toolbar, the right-click menu, the Ctrl+K palette or
 * a shortcut is one of these (see registry.ts).
 */
import type { XY } from "../store/graphOps";

/** What a command runs on: where the user right-clicked or double-clicked, which node or edge. */
export interface CommandContext {
  /** A point of the canvas in flow coordinates (a right-click, a double-click). */
  at?: XY;
  nodeId?: string;
  edgeId?: string;
  /** A group whose frame was right-clicked. */
  groupId?: string;
  /** "Vary this": the --set path of a config field and its current value. */
  fieldPath?: string;
  fieldValue?: unknown;
  /** In the Experiment panel: an axis (its position) and one of its values. */
  axis?: number;
  value?: number;
  /** An experiment of the list of earlier ones. */
  experimentId?: string;
}

/** Where a command is offered in the right-click menu. */
export type MenuTarget = "canvas" | "node" | "edge" | "group";

export type CommandSection = "File" | "Edit" | "Canvas" | "Run" | "Experiment" | "View" | "Help";

export interface Command {
  /** Stable id, e.g. "edit.undo"; toolbar buttons and tests refer to it. */
  id: string;
  title: string;
  section: CommandSection;
  /** Shortcuts like "Mod+Shift+Z" (Mod is Ctrl, or Cmd on a Mac); the first is shown. */
  keys?: string[];
  /** Keys that work while typing in a text field (save). Default: ignored while typing. */
  whileTyping?: boolean;
  /** The right-click menus that offer it. */
  menus?: MenuTarget[];
  /** Not offered (greyed out) when this says false. */
  enabled?: (ctx: CommandContext) => boolean;
  /** Runs it; return false when there was nothing to do (the key press is then not swallowed). */
  run: (ctx: CommandContext) => void | boolean | Promise<unknown>;
}
