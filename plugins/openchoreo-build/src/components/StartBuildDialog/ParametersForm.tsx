import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Form } from '@rjsf/mui';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import type {
  FieldError,
  JsonSchema,
  RepositoryFieldPaths,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { useMemo } from 'react';
import { parametersValidator, toErrorSchema } from './parametersValidator';
import { rjsfTranslator } from './rjsfStrings';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';

/**
 * The uiSchema of a workflow's parameters: the fields a v1 workflow marks as its repository are
 * edited in the Repository section (hidden here); the credentials secret keeps its place with
 * its role's name (`startBuild.roles.secretRef`).
 */
export function parametersUiSchema(
  t: OpenChoreoBuildTranslate,
  marked: RepositoryFieldPaths = {},
): UiSchema {
  const uiSchema: UiSchema = {
    'ui:submitButtonOptions': { norender: true },
  };
  const place = (path: string, options: UiSchema) => {
    let node = uiSchema;
    for (const key of path.split('.')) {
      node[key] = node[key] ?? {};
      node = node[key] as UiSchema;
    }
    Object.assign(node, options);
  };
  for (const role of ['url', 'branch', 'commit', 'appPath'] as const) {
    const path = marked[role];
    if (path) place(path, { 'ui:widget': 'hidden' });
  }
  if (marked.secretRef)
    place(marked.secretRef, { 'ui:title': t('startBuild.roles.secretRef') });
  return uiSchema;
}

/**
 * The workflow's parameters as a form generated from its JSON Schema by rjsf (MUI theme): nested
 * objects, arrays with add/remove, enums as selects, booleans as checkboxes, descriptions shown.
 * The dialog checks the whole request before sending (see runPreview.ts), so rjsf's own submit
 * validation is off; `errors` (the dialog's and the server's) show at their fields.
 */
export const ParametersForm = (props: {
  schema: JsonSchema;
  marked?: RepositoryFieldPaths;
  formData: Record<string, unknown>;
  errors: FieldError[];
  onChange: (formData: Record<string, unknown>) => void;
  onSubmit: () => void;
}) => {
  const { schema, marked, formData, errors, onChange, onSubmit } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const uiSchema = useMemo(() => parametersUiSchema(t, marked), [t, marked]);
  const extraErrors = useMemo(() => toErrorSchema(errors), [errors]);
  const translateString = useMemo(() => rjsfTranslator(t), [t]);
  return (
    <Form
      schema={schema as RJSFSchema}
      uiSchema={uiSchema}
      formData={formData}
      validator={parametersValidator}
      extraErrors={extraErrors}
      translateString={translateString}
      idPrefix="parameters"
      showErrorList={false}
      noHtml5Validate
      noValidate
      onChange={event =>
        onChange((event.formData ?? {}) as Record<string, unknown>)
      }
      onSubmit={() => onSubmit()}
    />
  );
};
