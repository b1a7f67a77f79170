import type { RunStatus } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Theme } from '@mui/material/styles';

/**
 * The colour a run of each status gets in the status strip and the sparkline's dots: the theme's
 * success / error / info colours as Backstage's status icons use them; grey for not started yet.
 */
export function statusColor(theme: Theme, status: RunStatus): string {
  switch (status) {
    case 'Succeeded':
    case 'Completed':
      return theme.palette.success.main;
    case 'Failed':
      return theme.palette.error.main;
    case 'Running':
      return theme.palette.info.main;
    default:
      return theme.palette.grey[500];
  }
}
