import MenuItem from '@mui/material/MenuItem';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import type { ReactNode } from 'react';

/** One choice of a `SelectFilter`. */
export interface SelectFilterOption<T extends string> {
  value: T;
  label: ReactNode;
}

/**
 * A small select filter: an "all" entry first (no value), then `options`. Choosing the "all"
 * entry calls `onChange` with `undefined`.
 */
export const SelectFilter = <T extends string>(props: {
  label: string;
  value?: T;
  /** The text of the entry that sets no filter (e.g. "All organizations"). */
  allLabel: ReactNode;
  options: readonly SelectFilterOption<T>[];
  onChange: (value: T | undefined) => void;
  sx?: TextFieldProps['sx'];
}) => (
  <TextField
    select
    size="small"
    label={props.label}
    value={props.value ?? ''}
    onChange={event =>
      props.onChange((event.target.value || undefined) as T | undefined)
    }
    sx={props.sx}
  >
    <MenuItem value="">{props.allLabel}</MenuItem>
    {props.options.map(option => (
      <MenuItem key={option.value} value={option.value}>
        {option.label}
      </MenuItem>
    ))}
  </TextField>
);
