import { InfoCard } from '@backstage/core-components';
import type { RunCondition } from '@openchoreo-build/plugin-openchoreo-build-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatTime } from '../common/format';

/** The run's raw conditions, as OpenChoreo wrote them. */
export const ConditionsTable = ({
  conditions,
}: {
  conditions: RunCondition[];
}) => (
  <InfoCard title="Conditions">
    {conditions.length === 0 ? (
      <Typography variant="body2">
        No conditions yet: OpenChoreo has not picked this run up.
      </Typography>
    ) : (
      <Table size="small" aria-label="Conditions">
        <TableHead>
          <TableRow>
            <TableCell>Type</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Last transition</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {conditions.map(condition => (
            <TableRow key={condition.type}>
              <TableCell>{condition.type}</TableCell>
              <TableCell>{condition.status}</TableCell>
              <TableCell>{condition.reason ?? '—'}</TableCell>
              <TableCell>{condition.message ?? '—'}</TableCell>
              <TableCell>{formatTime(condition.lastTransitionTime)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    )}
  </InfoCard>
);
