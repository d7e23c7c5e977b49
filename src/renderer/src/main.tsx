import "@xyflow/react/dist/style.css";
import "./styles/theme.css";
import "./styles/layout.css";
import "./styles/canvas.css";
import "./styles/panels.css";
import "./styles/controls.css";
import { createRoot } from "react-dom/client";
import "./commands/allCommands";
import { App } from "./App";
import { installBenchHook } from "./benchHook";
import { checkAccess } from "./ui/access";
import { AccessPage } from "./ui/AccessPage";

installBenchHook();
const root = createRoot(document.getElementById("root")!);
void checkAccess().then((access) => {
  if (access === "ok") root.render(<App />);
  else {
    root.render(<AccessPage access={access} />);
    document.body.setAttribute("data-ready", "true");
  }
});
