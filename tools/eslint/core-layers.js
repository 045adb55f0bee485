// Imports inside @gino-ts/core point one way:
// the `Gino` facade (gino.ts) → crud (the Model class) → loader, schema → model
// (declarations and metadata) → execution, engine, connection, transaction, dialect.
// Each block forbids a folder to import the layers above it.
const above = {
  model: ['crud', 'loader', 'schema', 'integration', 'server'],
  loader: ['crud', 'schema', 'integration', 'server'],
  schema: ['crud', 'loader', 'integration', 'server'],
  crud: ['integration', 'server'],
}

export const coreLayers = Object.entries(above).map(([folder, forbidden]) => ({
  files: [`packages/core/src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: [...forbidden.map((name) => `../${name}/*`), '../gino.js', '../index.js'],
            message: `core/src/${folder} sits below these layers: import downwards only.`,
          },
        ],
      },
    ],
  },
}))
