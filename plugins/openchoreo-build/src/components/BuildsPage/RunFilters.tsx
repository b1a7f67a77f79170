import type {
  RunFilter,
  RunStatus,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { StatusFilter } from '../RunsTable';

/**
 * The Builds page filters, all kept in the URL query: the shared {@link RunFilter} with one
 * status (the select picks one; the URL's `status` may list several).
 */
export interface RunFilterValues extends Omit<RunFilter, 'statuses'> {
  status?: RunStatus;
}

/** A text filter applied on Enter or when leaving the field (not per keystroke). */
const TextFilter = (props: {
  label: string;
  value?: string;
  onApply: (value: string | undefined) => void;
}) => {
  const [text, setText] = useState(props.value ?? '');
  useEffect(() => setText(props.value ?? ''), [props.value]);
  const apply = () => {
    const trimmed = text.trim();
    if (trimmed !== (props.value ?? '')) props.onApply(trimmed || undefined);
  };
  return (
    <TextField
      size="small"
      label={props.label}
      value={text}
      onChange={event => setText(event.target.value)}
      onBlur={apply}
      onKeyDown={event => {
        if (event.key === 'Enter') apply();
      }}
      sx={{ width: 180 }}
    />
  );
};

/** Organization, project, component, workflow and status filters. */
export const RunFilters = (props: {
  namespaces: string[];
  values: RunFilterValues;
  onChange: (values: RunFilterValues) => void;
}) => {
  const { namespaces, values, onChange } = props;
  const set = (key: keyof RunFilterValues) => (value: string | undefined) =>
    onChange({ ...values, [key]: value || undefined });
  const any = Object.values(values).some(Boolean);
  return (
    <Box
      display="flex"
      gap={2}
      flexWrap="wrap"
      alignItems="center"
      mb={2}
      role="search"
      aria-label="Filter builds"
    >
      <TextField
        select
        size="small"
        label="Organization"
        value={values.namespace ?? ''}
        onChange={event => set('namespace')(event.target.value)}
        sx={{ minWidth: 180 }}
      >
        <MenuItem value="">All organizations</MenuItem>
        {namespaces.map(ns => (
          <MenuItem key={ns} value={ns}>
            {ns}
          </MenuItem>
        ))}
      </TextField>
      <TextFilter
        label="Project"
        value={values.project}
        onApply={set('project')}
      />
      <TextFilter
        label="Component"
        value={values.component}
        onApply={set('component')}
      />
      <TextFilter
        label="Workflow"
        value={values.workflow}
        onApply={set('workflow')}
      />
      <StatusFilter value={values.status} onChange={set('status')} />
      {any && <Button onClick={() => onChange({})}>Clear filters</Button>}
    </Box>
  );
};
