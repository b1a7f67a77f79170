import { unstable_useId as useMuiId } from '@mui/material/utils';

/**
 * A unique id for ARIA wiring (`aria-labelledby`, `labelId`). React 18's `useId` where there is
 * one, else (React 17) an id MUI generates after the first render: the plugin supports both, as
 * Backstage's own plugins do (`scripts/react17-check.mjs` renders these components on React 17).
 */
export function useElementId(): string | undefined {
  return useMuiId();
}
