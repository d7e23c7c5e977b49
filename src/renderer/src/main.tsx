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

installBenchHook();
createRoot(document.getElementById("root")!).render(<App />);
