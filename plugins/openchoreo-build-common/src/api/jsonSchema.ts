/**
 * The JSON Schema (draft 2020-12 / draft-07 compatible subset) the backend produces from OpenChoreo's
 * shorthand schema. The start-run form renders it; the backend validates overrides against it.
 *
 * @public
 */
export interface JsonSchema {
  $schema?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  title?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  enum?: Array<string | number | boolean>;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  minProperties?: number;
  maxProperties?: number;
}
