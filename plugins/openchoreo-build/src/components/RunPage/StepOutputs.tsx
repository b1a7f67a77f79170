import { CopyTextButton, Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  safeClusterLink,
  type RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useElementId } from '../../hooks/useElementId';
import { openchoreoBuildTranslationRef } from '../../translation';

/** Longer than this, or more than one line, a value starts collapsed (e.g. `workload-cr`). */
const INLINE_LIMIT = 120;

function lineCount(value: string): number {
  return value.replace(/\n$/, '').split('\n').length;
}

/** A value too long to show inline: collapsed behind a button, then scrollable. */
const LongValue = ({ name, value }: { name: string; value: string }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const [open, setOpen] = useState(false);
  const id = useElementId();
  const lines = lineCount(value);
  const size =
    lines > 1
      ? t('runPageDetails.stepOutputs.lines', { lines: String(lines) })
      : t('runPageDetails.stepOutputs.characters', {
          characters: String(value.length),
        });
  return (
    <Box>
      <Box display="flex" alignItems="center" gap={1}>
        <Button
          size="small"
          aria-expanded={open}
          aria-controls={open ? id : undefined}
          onClick={() => setOpen(shown => !shown)}
          sx={{ textTransform: 'none' }}
        >
          {open
            ? t('runPageDetails.stepOutputs.hide', { name, size })
            : t('runPageDetails.stepOutputs.show', { name, size })}
        </Button>
        <CopyTextButton
          text={value}
          tooltipText={t('runPageDetails.stepOutputs.copied')}
          aria-label={t('runPageDetails.stepOutputs.copy', { name })}
        />
      </Box>
      <Collapse in={open} unmountOnExit>
        <Box
          id={id}
          component="pre"
          aria-label={t('runPageDetails.stepOutputs.valueLabel', { name })}
          tabIndex={0}
          sx={{
            m: 0,
            p: 1,
            maxHeight: 320,
            overflow: 'auto',
            fontSize: 12,
            bgcolor: 'action.hover',
            borderRadius: 1,
          }}
        >
          {value}
        </Box>
      </Collapse>
    </Box>
  );
};

/** One value: a link when it is a safe web address (the rule of `-common`), else text. */
const OutputValue = ({ name, value }: { name: string; value: string }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const link = safeClusterLink(value);
  if (link) {
    return (
      <Box component="span" sx={{ wordBreak: 'break-all' }}>
        <Link
          to={link}
          target="_blank"
          rel="noopener noreferrer"
          externalLinkIcon
          aria-label={t('runPageDetails.stepOutputs.link', { name, link })}
        >
          {link}
        </Link>
      </Box>
    );
  }
  if (value.length > INLINE_LIMIT || value.trimEnd().includes('\n'))
    return <LongValue name={name} value={value} />;
  return (
    <Box component="code" sx={{ wordBreak: 'break-all' }}>
      {value}
    </Box>
  );
};

/**
 * The output parameters of the selected step (`image`, `git-revision`, `workload-cr`,
 * `pull-request-url`, …), name → value. Values come from whatever the step ran, so they are shown
 * as text; only values that pass the link rule become links.
 */
export const StepOutputs = ({ step }: { step: RunStep }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const entries = Object.entries(step.outputs ?? {});
  if (entries.length === 0) return null;
  const label = step.displayPath ?? step.name;
  return (
    <Box mb={2} data-testid="step-outputs">
      <Typography variant="overline" component="h3" color="text.secondary">
        {t('runPageDetails.stepOutputs.heading', { step: label })}
      </Typography>
      <Box
        component="dl"
        aria-label={t('runPageDetails.stepOutputs.heading', { step: label })}
        sx={{
          display: 'grid',
          gridTemplateColumns: 'minmax(120px, max-content) 1fr',
          columnGap: 2,
          rowGap: 1,
          m: 0,
          fontSize: 13,
        }}
      >
        {entries.map(([name, value]) => (
          <Box key={name} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ fontFamily: 'monospace' }}>
              {name}
            </Box>
            <Box component="dd" sx={{ m: 0, minWidth: 0 }}>
              <OutputValue name={name} value={value} />
            </Box>
          </Box>
        ))}
      </Box>
    </Box>
  );
};
