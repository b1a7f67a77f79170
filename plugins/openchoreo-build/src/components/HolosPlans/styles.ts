import type { SxProps, Theme } from '@mui/material/styles';

/** Read by screen readers, not shown (the usual clip pattern). */
export const VISUALLY_HIDDEN: SxProps<Theme> = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  border: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

/** A block of YAML or command text: monospace, scrolls instead of stretching the card. */
export const CODE_BLOCK: SxProps<Theme> = {
  m: 0,
  p: 1.5,
  fontFamily: 'monospace',
  fontSize: '0.8125rem',
  whiteSpace: 'pre',
  overflow: 'auto',
  maxHeight: 320,
  bgcolor: 'action.hover',
  borderRadius: 1,
};
