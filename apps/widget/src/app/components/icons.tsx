/** The few icons of the panel, inline SVG (decorative: buttons carry their labels). */

export const CloseIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" class="stroke">
    <path d="M6 6l12 12M18 6L6 18" />
  </svg>
);

/** A speaker; crossed out when muted. */
export const SoundIcon = ({ muted }: { muted: boolean }) => (
  <svg viewBox="0 0 24 24" aria-hidden="true" class="stroke">
    <path d="M4 9v6h4l5 4V5L8 9z" />
    <path d={muted ? 'M16 9l5 6M21 9l-5 6' : 'M16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11'} />
  </svg>
);

export const DownloadIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" class="stroke">
    <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
  </svg>
);
