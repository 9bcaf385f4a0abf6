// The OC4IDS export of a running server with the demo district, checked against the OC4IDS 0.9.5
// JSON Schema (docs/oc4ids/):
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// One sign-in, over HTTP only.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, skipWithoutAccounts } from './helpers.mjs'
import { formatErrors, validateOc4idsPackage } from './oc4ids-schema.mjs'

const skip = skipWithoutAccounts

describe('OC4IDS export', () => {
  let session
  let pkg
  let total

  before(async () => {
    if (skip) return
    session = await apiSession('office')
    const answer = await session.get('/api/export/oc4ids')
    assert.equal(answer.status, 200, `GET /api/export/oc4ids: HTTP ${answer.status} ${answer.ok ? '' : await answer.text()}`)
    assert.match(answer.headers.get('content-type') ?? '', /json/)
    pkg = await answer.json()
    total = (await session.getJson('/api/projects?page_size=1')).total
  })
  after(async () => {
    await session?.logout()
  })

  it('is a valid project package', { skip }, () => {
    const { valid, errors } = validateOc4idsPackage(pkg)
    assert.ok(valid, `the package does not match the OC4IDS 0.9.5 schema:\n${formatErrors(errors)}`)
    assert.equal(pkg.version, '0.9')
    assert.match(pkg.uri, /\/api\/export\/oc4ids$/)
  })

  it('holds every project of the district once', { skip }, () => {
    assert.equal(typeof total, 'number', 'GET /api/projects reports its total')
    assert.equal(pkg.projects.length, total)
    const ids = pkg.projects.map((p) => p.id)
    assert.equal(new Set(ids).size, ids.length, 'project identifiers are unique within the package')
  })

  it('carries national project codes and map points', { skip }, () => {
    assert.ok(
      pkg.projects.some((p) => p.identifiers?.some((i) => i.scheme === 'CN-NDRC-TZXM' && i.id)),
      'some project has its national code as an identifier of scheme CN-NDRC-TZXM',
    )
    assert.ok(
      pkg.projects.some((p) => p.locations?.[0]?.geometry?.type === 'Point'),
      'some project has a Point location',
    )
  })
})
