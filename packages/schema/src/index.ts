export { modelSchemas, type ModelSchemasOptions } from './model-schemas.js'
export { baseTypeSchema, columnValueSchema, type JsonSchema } from './column-json-schema.js'
export { propertySchema } from './property-json-schema.js'
export { describeValidationErrors, type ValidationErrorLike, type DescribeOptions } from './describe-validation-errors.js'
export { BIGINT_PATTERN, NO_NUL_PATTERN, TIME_PATTERN, numericPattern } from './patterns.js'
export type {
  AnyJsonSchema,
  ArrayJsonSchema,
  BooleanJsonSchema,
  ColumnsOf,
  CreateJsonSchema,
  DateTimeJsonSchema,
  EnumJsonSchema,
  FieldJsonSchema,
  IntegerJsonSchema,
  ModelJsonSchemas,
  NullableJsonSchema,
  NumberJsonSchema,
  ObjectJsonSchema,
  PropertiesOf,
  RowJsonSchema,
  StringJsonSchema,
  UpdateJsonSchema,
  ValueJsonSchema,
} from './json-schema-types.js'
