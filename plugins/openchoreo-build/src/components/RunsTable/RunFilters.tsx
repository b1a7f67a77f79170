import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import type { ReactNode } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import { MineFilter, TextFilter, TriggerFilter } from './RunFilterFields';
import {
  activeRunFilterCount,
  ALL_RUN_FILTER_FIELDS,
  NO_RUN_FILTERS,
  offeredRunFilterValues,
  type RunFilterField,
  type RunFilterValues,
  type TextFilterKey,
} from './runFilterParams';
import { SelectFilter } from './SelectFilter';
import { StatusFilter } from './StatusFilter';

/**
 * A run list's filters, all kept in the URL query by the caller (`useRunListFilter`): organization,
 * project, component, workflow, branch, statuses, trigger and "mine" (those in `fields`), and a
 * Clear filters button while any is set. `children` go first in the row (e.g. Start build).
 */
export const RunFilters = (props: {
  values: RunFilterValues;
  onChange: (values: RunFilterValues) => void;
  /** Organizations offered by the organization filter. */
  namespaces?: string[];
  fields?: readonly RunFilterField[];
  children?: ReactNode;
}) => {
  const {
    values,
    onChange,
    namespaces = [],
    fields = ALL_RUN_FILTER_FIELDS,
  } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const offered = (field: RunFilterField) => fields.includes(field);
  const text = (key: TextFilterKey) => (value: string | undefined) =>
    onChange({ ...values, [key]: value });
  const setCount = activeRunFilterCount(offeredRunFilterValues(values, fields));
  const textFilter = (key: Exclude<TextFilterKey, 'namespace'>) =>
    offered(key) && (
      <TextFilter
        label={t(`runsList.filters.${key}`)}
        value={values[key]}
        onApply={text(key)}
      />
    );
  return (
    <Box
      display="flex"
      gap={2}
      flexWrap="wrap"
      alignItems="center"
      role="search"
      aria-label={t('runsList.filters.label')}
    >
      {props.children}
      {offered('namespace') && (
        <SelectFilter
          label={t('runsList.filters.organization')}
          value={values.namespace}
          allLabel={t('runsList.filters.allOrganizations')}
          options={namespaces.map(ns => ({ value: ns, label: ns }))}
          onChange={namespace => onChange({ ...values, namespace })}
          sx={{ width: 170 }}
        />
      )}
      {textFilter('project')}
      {textFilter('component')}
      {textFilter('workflow')}
      {textFilter('branch')}
      {offered('status') && (
        <StatusFilter
          value={values.statuses}
          onChange={statuses => onChange({ ...values, statuses })}
        />
      )}
      {offered('trigger') && (
        <TriggerFilter
          value={values.trigger}
          onChange={trigger => onChange({ ...values, trigger })}
        />
      )}
      {offered('mine') && (
        <MineFilter
          value={values.mine}
          onChange={mine => onChange({ ...values, mine })}
        />
      )}
      {setCount > 0 && (
        <Button onClick={() => onChange(NO_RUN_FILTERS)}>
          {t('runsList.filters.clear', { count: setCount })}
        </Button>
      )}
    </Box>
  );
};
