/** `?`: every command with a shortcut, by section, read from the registry (so the sheet cannot go stale). */
import { Dialog } from "../ui/Dialog";
import { useCommandUi } from "./commandUi";
import { formatChord } from "./keys";
import { allCommandList } from "./registry";
import type { Command, CommandSection } from "./types";
import "./commands.css";

/** Canvas gestures are React Flow's, not commands; listed so the sheet is complete. */
const GESTURES: [string, string][] = [
  ["Double-click the canvas", "Add a node there (search)"],
  ["Right-click", "Menu of the canvas, a node or an edge"],
  ["Shift+drag", "Select with a box"],
  ["Shift/Ctrl+click", "Add to the selection"],
];

/** The canvas by keyboard alone: React Flow's focus keys and the port menu's (canvas/PortMenu.tsx). */
const CANVAS_KEYS: [string[], string][] = [
  [["Tab", "Shift+Tab"], "Move the focus to the next or previous node or edge"],
  [["Enter", "Space"], "Select the focused node or edge"],
  [["Arrow keys"], "Nudge the selected nodes"],
  [["C"], "Connect: a menu of the ports that fit"],
  [["↑", "↓", "Enter"], "In that menu: choose a connection and make it (type to filter)"],
  [["Esc"], "Close the menu (the focus goes back to the node)"],
];

export function ShortcutSheet() {
  const open = useCommandUi((s) => s.sheetOpen);
  if (!open) return null;
  const sections = new Map<CommandSection, Command[]>();
  for (const c of allCommandList()) if (c.keys?.length) sections.set(c.section, [...(sections.get(c.section) ?? []), c]);
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => useCommandUi.getState().setSheetOpen(false)} testId="shortcut-sheet" wide>
      <div className="sheet">
        {[...sections].map(([section, list]) => (
          <section key={section} className="sheet__section">
            <h3>{section}</h3>
            <dl>
              {list.map((c) => (
                <div key={c.id} className="sheet__row" data-testid={`shortcut-${c.id}`}>
                  <dt>{c.title}</dt>
                  <dd>
                    {c.keys!.map((k) => (
                      <kbd key={k} className="kbd">
                        {formatChord(k)}
                      </kbd>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <section className="sheet__section" data-testid="shortcut-canvas-keys">
          <h3>Canvas by keyboard</h3>
          <dl>
            {CANVAS_KEYS.map(([keys, what]) => (
              <div key={what} className="sheet__row">
                <dt>{what}</dt>
                <dd>
                  {keys.map((k) => (
                    <kbd key={k} className="kbd">
                      {k}
                    </kbd>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="sheet__section">
          <h3>Mouse</h3>
          <dl>
            {GESTURES.map(([g, what]) => (
              <div key={g} className="sheet__row">
                <dt>{what}</dt>
                <dd>
                  <kbd className="kbd">{g}</kbd>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </Dialog>
  );
}
