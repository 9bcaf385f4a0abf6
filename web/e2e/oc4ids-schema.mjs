// Validation of OC4IDS 0.9.5 project packages against the standard's JSON Schema (draft-04).
// The schemas are the repository's copy in docs/oc4ids/ (a CI clone has only the repository).
// Not a test file itself: node --test runs only *.test.mjs here.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv from 'ajv-draft-04'
import addFormats from 'ajv-formats'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const schemaDir = path.join(repoRoot, 'docs/oc4ids')

const readSchema = (name) => JSON.parse(readFileSync(path.join(schemaDir, name), 'utf8'))

let validate = null

function compile() {
  const packageSchema = readSchema('project-package-schema.json')
  const projectSchema = readSchema('project-schema.json')
  // allErrors: report every problem of a package at once; allowUnionTypes: the schema's type lists.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true })
  addFormats(ajv)
  // OC4IDS's own annotations; they constrain nothing (closed codelists are also given as enum).
  ajv.addVocabulary(['codelist', 'openCodelist', 'versionId'])
  // The package schema refers to the project schema by its absolute id.
  ajv.addSchema(projectSchema, projectSchema.id)
  return ajv.compile(packageSchema)
}

/**
 * Validates an OC4IDS project package against project-package-schema.json and project-schema.json.
 * @param {unknown} pkg the parsed JSON
 * @returns {{valid: boolean, errors: import('ajv').ErrorObject[]}} errors is empty when valid
 */
export function validateOc4idsPackage(pkg) {
  validate ??= compile()
  const valid = validate(pkg)
  return { valid, errors: valid ? [] : [...validate.errors] }
}

/** The errors one a line, "/projects/0/status must be equal to one of the allowed values {…}". */
export function formatErrors(errors) {
  return errors
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`)
    .join('\n')
}
