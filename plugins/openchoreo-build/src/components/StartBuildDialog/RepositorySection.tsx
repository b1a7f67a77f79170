import { useTranslationRef } from '@backstage/frontend-plugin-api';
import TextField from '@mui/material/TextField';
import { openchoreoBuildTranslationRef } from '../../translation';
import { describeConstraints } from './schemaFields';
import type {
  RepositoryField,
  RepositoryInputs,
  RepositoryRole,
} from './startBuildForm';

/** The repository section: one text field per repository role the workflow takes. */
export const RepositorySection = (props: {
  fields: RepositoryField[];
  values: RepositoryInputs;
  errors: Partial<Record<RepositoryRole, string>>;
  onChange: (role: RepositoryRole, value: string) => void;
}) => {
  const { fields, values, errors, onChange } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <>
      {fields.map(field => {
        const hints = [
          field.schema.description ?? t(`startBuild.roleHints.${field.role}`),
          ...describeConstraints(t, field),
        ].filter(Boolean);
        const id = `field-${field.path.replace(/[^\w-]/g, '-')}`;
        return (
          <TextField
            key={field.role}
            id={id}
            label={t(`startBuild.roles.${field.role}`)}
            value={values[field.role]}
            onChange={event => onChange(field.role, event.target.value)}
            error={Boolean(errors[field.role])}
            helperText={errors[field.role] ?? (hints.join(' · ') || undefined)}
            required={field.required}
            fullWidth
            size="small"
            margin="dense"
          />
        );
      })}
    </>
  );
};
