import { InfoCard } from '@backstage/core-components';
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
import { PlanView } from './PlanView';
import { count, summarizeResult } from './pipelineModel';
import { ProblemsList } from './ProblemsList';

const PlatformCard = ({ platform }: { platform: HolosPlatformReport }) => (
  <InfoCard
    title={`Platform ${platform.name}`}
    subheader={`${count(
      platform.components.length,
      'component',
    )}; holos renders each to a BuildPlan`}
  >
    <Table size="small" aria-label={`Components of platform ${platform.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Path</TableCell>
          <TableCell>Parameters</TableCell>
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
          label={`Problems of platform ${platform.name}`}
        />
      </Box>
    )}
  </InfoCard>
);

/**
 * An analysis as the backend answers it: the summary, the plans (one selected at a time) and the
 * platforms. Shared by the Render plans page and the entity tab.
 */
export const HolosResultView = ({
  result,
}: {
  result: HolosValidationResult;
}) => {
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
        {summarizeResult(result)}
      </Typography>
      {result.plans.length === 0 && result.platforms.length === 0 && (
        <Typography variant="body2">The text holds no documents.</Typography>
      )}
      {plan && (
        <>
          <Typography variant="h6" component="h2" id="holos-plans-heading">
            Plans
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
                        {p.disabled && <Chip size="small" label="disabled" />}
                      </Box>
                    }
                    secondary={`component ${p.component} · ${
                      p.errors.length === 0
                        ? 'valid'
                        : count(p.errors.length, 'problem')
                    }`}
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
