import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { openchoreoBuildTranslationRef } from '../../translation';

// Not 'info': white on the theme's light blue is below WCAG AA contrast.
const SOURCE_COLORS: Record<StepLogSource, 'success' | 'primary' | 'default'> =
  {
    live: 'success',
    polling: 'primary',
    archive: 'default',
  };

/** Where the lines come from (live, polling, archive), with what that means in a tooltip. */
export function LogSourceChip(props: {
  source: StepLogSource;
  /** Render the tooltip inside the viewer (in full screen nothing outside it is shown). */
  inlineTooltip?: boolean;
}) {
  const { source } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const label = t(`logViewerTools.sources.${source}`);
  return (
    <Tooltip
      title={t(`logViewerTools.sourceHints.${source}`)}
      slotProps={{ popper: { disablePortal: props.inlineTooltip } }}
    >
      <Chip
        size="small"
        color={SOURCE_COLORS[source]}
        label={label}
        data-testid="log-source"
        aria-label={t('logViewerTools.sourceLabel', { source: label })}
      />
    </Tooltip>
  );
}
