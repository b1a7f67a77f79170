import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  ComponentWorkflowSummary,
  JsonSchema,
  RepositoryFieldRole,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Fragment } from 'react';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';
import {
  describeConstraints,
  schemaFields,
  type SchemaField,
} from '../StartBuildDialog/schemaFields';

/** A field's JSON Schema type (`string`, `array of string`, `map of string`), in words. */
function typeOf(t: OpenChoreoBuildTranslate, schema: JsonSchema): string {
  const any = t('workflowTables.parameters.anyType');
  if (schema.type === 'array')
    return t('workflowTables.parameters.arrayOf', {
      type: schema.items?.type ?? any,
    });
  if (
    schema.type === 'object' &&
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    return t('workflowTables.parameters.mapOf', {
      type: schema.additionalProperties.type ?? any,
    });
  }
  return schema.type ?? any;
}

/** Longer defaults (JSON objects, long strings) may wrap anywhere; shorter ones stay on one line. */
const SHORT_DEFAULT_LENGTH = 24;

const DefaultValue = ({ field }: { field: SchemaField }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (field.schema.default !== undefined) {
    const text = JSON.stringify(field.schema.default);
    return (
      <Box
        component="code"
        sx={
          text.length <= SHORT_DEFAULT_LENGTH
            ? { whiteSpace: 'nowrap' }
            : { overflowWrap: 'anywhere' }
        }
      >
        {text}
      </Box>
    );
  }
  return <>{field.required ? t('workflowTables.parameters.required') : '—'}</>;
};

/**
 * A field path that may wrap after each dot (`parameters.` / `docker.` / `context`), never inside
 * a name: a narrow column must not print "strin / g".
 */
const FieldPath = ({ path }: { path: string }) => (
  <code>
    {path.split('.').map((segment, index) => (
      // The segments of one path never change order: the index is a stable key.
      // eslint-disable-next-line react/no-array-index-key
      <Fragment key={index}>
        {index > 0 && (
          <>
            .<wbr />
          </>
        )}
        {segment}
      </Fragment>
    ))}
  </code>
);

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
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
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
        {t('workflowTables.parameters.none')}
      </Typography>
    );
  }
  return (
    <Table
      size="small"
      aria-label={t('workflowTables.parameters.tableLabel', {
        workflow: workflow.name,
      })}
      // The theme's table cells break words anywhere (`word-break: break-word`), which lets the
      // browser squeeze a column until "string" becomes "strin / g": break between words only,
      // and let only the long prose columns wrap inside a word when they must.
      sx={{ '& th, & td': { wordBreak: 'normal' } }}
    >
      <TableHead>
        <TableRow>
          <TableCell>{t('workflowTables.parameters.columns.field')}</TableCell>
          <TableCell sx={{ whiteSpace: 'nowrap' }}>
            {t('workflowTables.parameters.columns.type')}
          </TableCell>
          <TableCell>
            {t('workflowTables.parameters.columns.default')}
          </TableCell>
          <TableCell>
            {t('workflowTables.parameters.columns.constraints')}
          </TableCell>
          <TableCell>
            {t('workflowTables.parameters.columns.description')}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {fields.map(field => (
          <TableRow key={field.path}>
            <TableCell>
              <FieldPath path={field.path} />
              {roles.has(field.path) && (
                <Chip
                  size="small"
                  variant="outlined"
                  sx={{ ml: 1 }}
                  label={t(`startBuild.roles.${roles.get(field.path)!}`)}
                />
              )}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {typeOf(t, field.schema)}
            </TableCell>
            <TableCell>
              <DefaultValue field={field} />
            </TableCell>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>
              {describeConstraints(t, field).join(
                t('workflowTables.parameters.constraintSeparator'),
              ) || '—'}
            </TableCell>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>
              {field.schema.description ?? '—'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
