import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunCondition } from '@openchoreo-build/plugin-openchoreo-build-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatTime } from '../common/format';
import { openchoreoBuildTranslationRef } from '../../translation';

/** The run's raw conditions, as OpenChoreo wrote them. */
export const ConditionsTable = ({
  conditions,
}: {
  conditions: RunCondition[];
}) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <InfoCard title={t('runPage.conditions')}>
      {conditions.length === 0 ? (
        <Typography variant="body2">{t('runPage.noConditions')}</Typography>
      ) : (
        <Table size="small" aria-label={t('runPage.conditions')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('runPage.conditionColumns.type')}</TableCell>
              <TableCell>{t('runPage.conditionColumns.status')}</TableCell>
              <TableCell>{t('runPage.conditionColumns.reason')}</TableCell>
              <TableCell>{t('runPage.conditionColumns.message')}</TableCell>
              <TableCell>
                {t('runPage.conditionColumns.lastTransition')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {conditions.map(condition => (
              <TableRow key={condition.type}>
                <TableCell>{condition.type}</TableCell>
                <TableCell>{condition.status}</TableCell>
                <TableCell>{condition.reason ?? '—'}</TableCell>
                <TableCell>{condition.message ?? '—'}</TableCell>
                <TableCell>
                  {formatTime(condition.lastTransitionTime)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
