import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  HolosPlatformReport,
  HolosValidationResult,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import { PlanView } from './PlanView';
import { summarizeResult } from './pipelineModel';
import { ProblemsList } from './ProblemsList';

const PlatformCard = ({ platform }: { platform: HolosPlatformReport }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <InfoCard
      title={t('holos.platform.title', { name: platform.name })}
      subheader={t('holos.platform.subheader', {
        count: platform.components.length,
      })}
    >
      <Table
        size="small"
        aria-label={t('holos.platform.componentsLabel', {
          name: platform.name,
        })}
      >
        <TableHead>
          <TableRow>
            <TableCell>{t('holos.platform.columns.name')}</TableCell>
            <TableCell>{t('holos.platform.columns.path')}</TableCell>
            <TableCell>{t('holos.platform.columns.parameters')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {platform.components.map(c => (
            <TableRow key={`${c.name}-${c.path}`}>
              <TableCell>{c.name}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{c.path}</TableCell>
              <TableCell>
                <Box display="flex" gap={0.5} flexWrap="wrap">
                  {Object.entries(c.parameters ?? {}).map(([key, value]) => (
                    <Chip
                      key={key}
                      size="small"
                      variant="outlined"
                      label={`${key}=${value}`}
                    />
                  ))}
                </Box>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {platform.errors.length > 0 && (
        <Box mt={2}>
          <ProblemsList
            problems={platform.errors}
            label={t('holos.platform.problemsLabel', { name: platform.name })}
          />
        </Box>
      )}
    </InfoCard>
  );
};

/**
 * An analysis as the backend answers it: the summary, the plans (one selected at a time) and the
 * platforms. Shared by the Render plans page and the entity tab.
 */
export const HolosResultView = ({
  result,
}: {
  result: HolosValidationResult;
}) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const [selected, setSelected] = useState(0);
  const plan = result.plans[selected] ?? result.plans[0];
  return (
    <Box data-testid="holos-result">
      <Typography
        variant="subtitle1"
        role="status"
        data-testid="holos-summary"
        sx={{ mb: 2 }}
      >
        {summarizeResult(t, result)}
      </Typography>
      {result.plans.length === 0 && result.platforms.length === 0 && (
        <Typography variant="body2">{t('holos.result.noDocuments')}</Typography>
      )}
      {plan && (
        <>
          <Typography variant="h6" component="h2" id="holos-plans-heading">
            {t('holos.result.plansHeading')}
          </Typography>
          {/* A row that wraps, so the selected plan's pipelines get the page's whole width. */}
          <List
            dense
            aria-labelledby="holos-plans-heading"
            sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 1 }}
          >
            {result.plans.map((p, i) => (
              <ListItem
                key={`${p.document}-${p.name}`}
                disablePadding
                sx={{ width: 'auto' }}
              >
                <ListItemButton
                  selected={p === plan}
                  aria-current={p === plan ? 'true' : undefined}
                  onClick={() => setSelected(i)}
                  data-testid={`holos-plan-item-${p.name}`}
                  sx={{
                    flex: '0 0 auto',
                    border: 1,
                    borderColor: p === plan ? 'primary.main' : 'divider',
                    borderRadius: 1,
                  }}
                >
                  <ListItemText
                    primary={
                      <Box display="flex" gap={0.5} alignItems="center">
                        <span>{p.name}</span>
                        {p.disabled && (
                          <Chip
                            size="small"
                            label={t('holos.result.disabled')}
                          />
                        )}
                      </Box>
                    }
                    secondary={t('holos.result.planItem', {
                      component: p.component,
                      state:
                        p.errors.length === 0
                          ? t('holos.result.planValid')
                          : t('holos.count.problems', {
                              count: p.errors.length,
                            }),
                    })}
                  />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
          {/* A new plan starts with nothing selected and the pipeline tab. */}
          <PlanView key={`${plan.document}-${plan.name}`} plan={plan} />
        </>
      )}
      {result.platforms.map(platform => (
        <Box mt={2} key={`${platform.document}-${platform.name}`}>
          <PlatformCard platform={platform} />
        </Box>
      ))}
    </Box>
  );
};
