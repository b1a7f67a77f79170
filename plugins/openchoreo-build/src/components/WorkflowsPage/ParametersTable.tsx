import type {
  ComponentWorkflowSummary,
  JsonSchema,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { describeConstraints } from '../StartBuildDialog/SchemaFieldInput';
import {
  schemaFields,
  type SchemaField,
} from '../StartBuildDialog/schemaValidation';

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

/** A workflow's system parameters and parameters as rows: path, type, default, constraints, description. */
export const ParametersTable = ({
  workflow,
}: {
  workflow: ComponentWorkflowSummary;
}) => {
  const fields = [
    ...schemaFields(workflow.systemParametersSchema, 'systemParameters'),
    ...schemaFields(workflow.parametersSchema, 'parameters'),
  ];
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
