import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { KubernetesObject } from '@openchoreo-build/plugin-openchoreo-build-common';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Typography from '@mui/material/Typography';
import { stringify } from 'yaml';
import { openchoreoBuildTranslationRef } from '../../translation';

/** A collapsed "Preview" of the run the dialog would create, as YAML. */
export const RunPreviewSection = (props: {
  manifest: KubernetesObject;
  componentKnown: boolean;
}) => {
  const { manifest, componentKnown } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <Accordion
      disableGutters
      sx={{ mt: 2 }}
      TransitionProps={{ unmountOnExit: true }}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="start-build-preview"
        id="start-build-preview-header"
      >
        <Typography>{t('startBuild.preview.title')}</Typography>
      </AccordionSummary>
      <AccordionDetails id="start-build-preview">
        <Typography variant="body2" color="text.secondary">
          {t('startBuild.preview.description', {
            kind: manifest.kind ?? 'run',
          })}
          {componentKnown ? '' : ` ${t('startBuild.preview.componentUnknown')}`}
        </Typography>
        <Typography
          component="pre"
          variant="body2"
          data-testid="start-build-preview"
          sx={{ fontFamily: 'monospace', overflowX: 'auto', m: 0, mt: 1 }}
        >
          {stringify(manifest)}
        </Typography>
      </AccordionDetails>
    </Accordion>
  );
};
