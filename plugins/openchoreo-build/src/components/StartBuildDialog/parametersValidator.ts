import {
  createErrorHandler,
  ErrorSchemaBuilder,
  toErrorList,
  unwrapErrorHandler,
  validationDataMerge,
  type ErrorSchema,
  type RJSFSchema,
  type RJSFValidationError,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';
import {
  LruCache,
  ParameterValidator,
  runValueProblems,
  type CompiledParameterSchema,
  type FieldError,
  type JsonSchema,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/*
 * The Start build form checks parameters with the validator of -common (`parameters/`), the one
 * `POST /runs` uses: same ajv options, same shell-syntax rule, same messages and paths. rjsf gets
 * it through the adapter below rather than `@rjsf/validator-ajv8`, which would be a second rule
 * set (its own ajv, no shell rule, other messages) next to the server's.
 */

const validator = new ParameterValidator();

/** Parameter schemas compiled in this tab; a few workflows' worth, released from ajv when dropped. */
const compiledSchemas = new LruCache<string, CompiledParameterSchema>(
  16,
  compiled => validator.release(compiled),
);

/**
 * `schema` compiled (once per content); a schema ajv cannot use throws a `ParameterSchemaError`
 * naming `workflowLabel`.
 */
export function compiledSchema(
  workflowLabel: string,
  schema: JsonSchema,
): CompiledParameterSchema {
  const key = JSON.stringify(schema);
  const cached = compiledSchemas.get(key);
  if (cached) return cached;
  const compiled = validator.compile(workflowLabel, schema);
  compiledSchemas.set(key, compiled);
  return compiled;
}

/** Field errors with paths relative to the form's data (`docker.filePath`) as rjsf's error tree. */
export function toErrorSchema(errors: readonly FieldError[]): ErrorSchema {
  const builder = new ErrorSchemaBuilder();
  for (const error of errors) {
    if (error.path) builder.addErrors(error.message, error.path);
    else builder.addErrors(error.message);
  }
  return builder.ErrorSchema;
}

function toValidationErrors(
  errors: readonly FieldError[],
): RJSFValidationError[] {
  return errors.map(error => ({
    property: error.path ? `.${error.path}` : '.',
    message: error.message,
    stack: error.path ? `${error.path} ${error.message}` : error.message,
  }));
}

/** The problems of `formData` by -common's rules, paths relative to the data. */
function problemsOf(schema: RJSFSchema, formData: unknown): FieldError[] {
  let compiled: CompiledParameterSchema;
  try {
    compiled = compiledSchema('this workflow', schema as JsonSchema);
  } catch (error) {
    return [{ path: '', message: (error as Error).message }];
  }
  // A copy: checking fills in defaults, which is the server's business, not the form's state.
  const values = structuredClone(formData ?? {}) as Record<string, unknown>;
  return runValueProblems(
    [{ prefix: 'parameters', schema: compiled, values }],
    {},
  ).map(problem => ({
    ...problem,
    path: problem.path.replace(/^parameters\.?/, ''),
  }));
}

/** rjsf's validator, delegating to -common (see the comment at the top of this file). */
export const parametersValidator: ValidatorType = {
  validateFormData(
    formData,
    schema,
    customValidate,
    transformErrors,
    uiSchema,
  ): ValidationData<unknown> {
    const problems = problemsOf(schema, formData);
    let errors = toValidationErrors(problems);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const data: ValidationData<unknown> = {
      errors,
      errorSchema: toErrorSchema(problems),
    };
    if (!customValidate) return data;
    const handler = customValidate(
      formData,
      createErrorHandler(formData),
      uiSchema,
    );
    return validationDataMerge(data, unwrapErrorHandler(handler));
  },
  toErrorList(errorSchema, fieldPath = []) {
    return toErrorList(errorSchema, fieldPath);
  },
  isValid(schema, formData) {
    return validator.isValid(schema as JsonSchema, formData);
  },
  rawValidation<Result>(schema: RJSFSchema, formData?: unknown) {
    return { errors: problemsOf(schema, formData) as unknown as Result[] };
  },
};
