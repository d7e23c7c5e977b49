/** A pause sign as inline SVG: the ⏸ character renders as an empty box in Debian Chromium's default fonts. */
export function PauseIcon() {
  return (
    <svg className="pause-icon" width="9" height="10" viewBox="0 0 9 10" aria-hidden="true" data-testid="pause-icon">
      <rect x="0.5" y="0.5" width="3" height="9" rx="0.8" fill="currentColor" />
      <rect x="5.5" y="0.5" width="3" height="9" rx="0.8" fill="currentColor" />
    </svg>
  );
}
