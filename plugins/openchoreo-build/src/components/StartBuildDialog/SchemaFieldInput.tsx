import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Box from '@mui/material/Box';
import {
  APP_PATH_PATH,
  BRANCH_PATH,
  COMMIT_PATH,
  REPOSITORY_URL_PATH,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { SchemaField } from './schemaValidation';
import { REPOSITORY_ROLE_LABELS } from './startBuildForm';

const KNOWN_LABELS: Record<string, string> = {
  [REPOSITORY_URL_PATH]: REPOSITORY_ROLE_LABELS.url,
  [BRANCH_PATH]: REPOSITORY_ROLE_LABELS.branch,
  [COMMIT_PATH]: REPOSITORY_ROLE_LABELS.commit,
  [APP_PATH_PATH]: REPOSITORY_ROLE_LABELS.appPath,
};

/** The label of a field: the form's, its schema title, a known name, or its path below the section. */
export function fieldLabel(field: SchemaField): string {
  return (
    field.label ??
    field.schema.title ??
    KNOWN_LABELS[field.path] ??
    field.path.replace(/^(systemParameters|parameters)\./, '')
  );
}

/** Constraints in words, e.g. `3 to 10`, `one of: a, b`, `pattern ^x$`. */
export function describeConstraints(field: SchemaField): string[] {
  const s = field.schema;
  const parts: string[] = [];
  if (s.enum) parts.push(`one of: ${s.enum.join(', ')}`);
  if (s.minimum !== undefined && s.maximum !== undefined)
    parts.push(`${s.minimum} to ${s.maximum}`);
  else if (s.minimum !== undefined) parts.push(`at least ${s.minimum}`);
  else if (s.maximum !== undefined) parts.push(`at most ${s.maximum}`);
  if (s.exclusiveMinimum !== undefined)
    parts.push(`more than ${s.exclusiveMinimum}`);
  if (s.exclusiveMaximum !== undefined)
    parts.push(`less than ${s.exclusiveMaximum}`);
  if (s.multipleOf !== undefined) parts.push(`multiple of ${s.multipleOf}`);
  if (s.minLength !== undefined && s.minLength > 1)
    parts.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) parts.push(`max length ${s.maxLength}`);
  if (s.pattern) parts.push(`pattern ${s.pattern}`);
  if (s.minItems !== undefined) parts.push(`min ${s.minItems} items`);
  if (s.maxItems !== undefined) parts.push(`max ${s.maxItems} items`);
  if (s.uniqueItems) parts.push('unique items');
  if (s.format) parts.push(`format ${s.format}`);
  return parts;
}

/** One generated input: text, number, switch, select, comma list or JSON. */
export const SchemaFieldInput = (props: {
  field: SchemaField;
  value: string | boolean;
  error?: string;
  onChange: (value: string | boolean) => void;
}) => {
  const { field, value, error, onChange } = props;
  const label = fieldLabel(field);
  const hints = [
    field.schema.description,
    field.kind === 'list' ? 'comma-separated' : undefined,
    field.kind === 'json' ? 'JSON' : undefined,
    ...describeConstraints(field),
  ].filter(Boolean);
  const helperText = error ?? (hints.join(' · ') || undefined);
  const id = `field-${field.path.replace(/[^\w-]/g, '-')}`;

  if (field.kind === 'boolean') {
    return (
      <Box>
        <FormControlLabel
          control={
            <Switch
              id={id}
              checked={value === true}
              onChange={event => onChange(event.target.checked)}
              inputProps={{
                'aria-describedby': `${id}-helper`,
                role: 'switch',
              }}
            />
          }
          label={label}
        />
        <FormHelperText id={`${id}-helper`} error={Boolean(error)}>
          {helperText}
        </FormHelperText>
      </Box>
    );
  }
  return (
    <TextField
      id={id}
      label={label}
      value={value}
      onChange={event => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={helperText}
      required={field.required}
      select={field.kind === 'enum'}
      multiline={field.kind === 'json'}
      minRows={field.kind === 'json' ? 2 : undefined}
      inputMode={field.kind === 'number' ? 'decimal' : undefined}
      fullWidth
      size="small"
      margin="dense"
    >
      {field.kind === 'enum'
        ? [
            ...(field.required
              ? []
              : [
                  <MenuItem key="" value="">
                    (default)
                  </MenuItem>,
                ]),
            ...(field.schema.enum ?? []).map(option => (
              <MenuItem key={String(option)} value={String(option)}>
                {String(option)}
              </MenuItem>
            )),
          ]
        : undefined}
    </TextField>
  );
};
