/** The right-click menu of the canvas, a node or an edge: the registry's commands offered for that target. */
import { useEffect, useRef } from "react";
import { useCommandUi } from "./commandUi";
import { formatChord } from "./keys";
import { allCommandList, isEnabled, runCommand } from "./registry";
import "./commands.css";

export function ContextMenu() {
  const menu = useCommandUi((s) => s.menu);
  const box = useRef<HTMLDivElement>(null);
  const close = () => useCommandUi.getState().openMenu(null);

  useEffect(() => {
    if (!menu) return;
    const away = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && close();
    const esc = (e: KeyboardEvent) => e.key === "Escape" && close();
    window.addEventListener("mousedown", away);
    window.addEventListener("keydown", esc);
    window.addEventListener("wheel", close, { passive: true });
    return () => {
      window.removeEventListener("mousedown", away);
      window.removeEventListener("keydown", esc);
      window.removeEventListener("wheel", close);
    };
  }, [menu]);

  if (!menu) return null;
  const items = allCommandList().filter((c) => c.menus?.includes(menu.target));
  // Keep the menu inside the window.
  const x = Math.min(menu.x, innerWidth - 240);
  const y = Math.min(menu.y, innerHeight - 32 * items.length - 16);
  return (
    <div className="ctxmenu" role="menu" style={{ left: x, top: y }} ref={box} data-testid="context-menu" data-target={menu.target} onContextMenu={(e) => e.preventDefault()}>
      {items.map((c, i) => {
        const enabled = isEnabled(c, menu.ctx);
        const sectionBreak = i > 0 && items[i - 1].section !== c.section;
        return (
          <button
            key={c.id}
            type="button"
            role="menuitem"
            className={`ctxmenu__item${sectionBreak ? " ctxmenu__item--break" : ""}`}
            disabled={!enabled}
            data-testid={`menu-${c.id}`}
            onClick={() => {
              close();
              runCommand(c.id, menu.ctx);
            }}
          >
            <span>{c.title}</span>
            {c.keys?.[0] && <kbd className="kbd">{formatChord(c.keys[0])}</kbd>}
          </button>
        );
      })}
    </div>
  );
}
