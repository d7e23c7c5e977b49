/** The workbench: toolbar on top, palette left, canvas centre, inspector right, problems at the bottom. */
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import { BottomPanel } from "./BottomPanel";
import { CompareView } from "./compare/CompareView";
import { ExperimentResults } from "./experiment/ExperimentResults";
import { listenToExperiments } from "./experiment/experimentStore";
import { ResultsGrid } from "./results/ResultsGrid";
import { TraceDrawer } from "./inspector/TraceDrawer";
import { ReviewPanel } from "./review/ReviewPanel";
import { PreviewDialog } from "./run/PreviewDialog";
import { RunStatusBar } from "./run/RunStatusBar";
import { listenToRuns } from "./run/runStore";
import { Canvas } from "./canvas/Canvas";
import { PortMenu } from "./canvas/PortMenu";
import { CommandPalette } from "./commands/CommandPalette";
import { ContextMenu } from "./commands/ContextMenu";
import { ShortcutSheet } from "./commands/ShortcutSheet";
import { useCommandKeys } from "./commands/useCommandKeys";
import { Dialogs } from "./library/Dialogs";
import { SaveConflictDialog } from "./library/SaveConflictDialog";
import { rememberPanels } from "./library/layoutMemory";
import { openOnStartup } from "./library/startup";
import { Toolbar } from "./library/Toolbar";
import { useAutosave } from "./library/useAutosave";
import { useEnvironmentCheck } from "./problems/environmentStore";
import { Palette } from "./palette/Palette";
import { RightPanel } from "./RightPanel";
import { useUi } from "./store/uiStore";
import { Toasts } from "./ui/Toasts";
import { useResolvedTheme } from "./ui/useTheme";

export function App() {
  const paletteOpen = useUi((s) => s.paletteOpen);
  useResolvedTheme();
  useAutosave();
  useEnvironmentCheck();
  useCommandKeys();
  useEffect(() => {
    listenToRuns();
    listenToExperiments();
    rememberPanels();
    void openOnStartup().finally(() => document.body.setAttribute("data-ready", "true"));
  }, []);
  return (
    <ReactFlowProvider>
      <div className={`app${paletteOpen ? "" : " app--palette-closed"}`}>
        <Toolbar />
        <Palette />
        <main className="centre">
          <Canvas />
          <RunStatusBar />
        </main>
        <RightPanel />
        <BottomPanel />
      </div>
      <Dialogs />
      <SaveConflictDialog />
      <PreviewDialog />
      <ExperimentResults />
      <CompareView />
      <ResultsGrid />
      <TraceDrawer />
      <ReviewPanel />
      <CommandPalette />
      <ShortcutSheet />
      <ContextMenu />
      <PortMenu />
      <Toasts />
    </ReactFlowProvider>
  );
}
