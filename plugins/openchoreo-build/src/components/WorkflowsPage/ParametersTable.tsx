import type {
  ComponentWorkflowSummary,
  JsonSchema,
  RepositoryFieldRole,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  describeConstraints,
  REPOSITORY_ROLE_LABELS,
  schemaFields,
  type SchemaField,
} from '../StartBuildDialog/schemaFields';

function typeOf(schema: JsonSchema): string {
  if (schema.type === 'array') return `array of ${schema.items?.type ?? 'any'}`;
  if (
    schema.type === 'object' &&
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    return `map of ${schema.additionalProperties.type ?? 'any'}`;
  }
  return schema.type ?? 'any';
}

const DefaultValue = ({ field }: { field: SchemaField }) => {
  if (field.schema.default !== undefined) {
    return <code>{JSON.stringify(field.schema.default)}</code>;
  }
  return <>{field.required ? 'required' : '—'}</>;
};

/** The repository role of each field a v1 workflow marks, by its path in the table. */
function rolesByPath(
  workflow: ComponentWorkflowSummary,
): Map<string, RepositoryFieldRole> {
  const roles = new Map<string, RepositoryFieldRole>();
  for (const [role, path] of Object.entries(workflow.repositoryFields ?? {}))
    if (path) roles.set(`parameters.${path}`, role as RepositoryFieldRole);
  return roles;
}

/**
 * A workflow's system parameters and parameters as rows: path, type, default, constraints,
 * description. A v1 workflow has only parameters (its system parameters schema is empty); the
 * fields it marks as the repository are labelled by their role.
 */
export const ParametersTable = ({
  workflow,
}: {
  workflow: ComponentWorkflowSummary;
}) => {
  const fields = [
    ...(workflow.generation === 'v1'
      ? []
      : schemaFields(workflow.systemParametersSchema, 'systemParameters')),
    ...schemaFields(workflow.parametersSchema, 'parameters'),
  ];
  const roles = rolesByPath(workflow);
  if (fields.length === 0) {
    return (
      <Typography variant="body2">
        This workflow takes no parameters.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Parameters of ${workflow.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Default</TableCell>
          <TableCell>Constraints</TableCell>
          <TableCell>Description</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {fields.map(field => (
          <TableRow key={field.path}>
            <TableCell>
              <code>{field.path}</code>
              {roles.has(field.path) && (
                <Chip
                  size="small"
                  variant="outlined"
                  sx={{ ml: 1 }}
                  label={REPOSITORY_ROLE_LABELS[roles.get(field.path)!]}
                />
              )}
            </TableCell>
            <TableCell>{typeOf(field.schema)}</TableCell>
            <TableCell>
              <DefaultValue field={field} />
            </TableCell>
            <TableCell>
              {describeConstraints(field).join('; ') || '—'}
            </TableCell>
            <TableCell>{field.schema.description ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
