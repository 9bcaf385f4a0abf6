// Inspections (督查/走访, SPEC §6): kinds, list filters and links.

/** supervision 督查 (the office), visit 走访 (leaders). */
export const INSPECTION_KINDS = ['supervision', 'visit']

/** el-tag type per kind. */
export const KIND_TAGS = { supervision: 'warning', visit: 'primary' }

/** The list's filters as the URL and GET /inspections take them. */
export const INSPECTION_FILTERS = { kind: 'string', from: 'string', to: 'string', q: 'string' }
export const INSPECTION_DEFAULTS = { size: 20, sizes: [20, 50, 100], sort: '', sortKeys: [] }

/** Who may record and edit inspections (the server decides; this only hides buttons). */
export const INSPECTOR_ROLES = ['office', 'leader']

export const inspectionLink = (id) => ({ name: 'inspection', params: { id: String(id) } })

/** The visited projects' names, joined; "等N个" when some lie outside the reader's scope. */
export function projectNames(inspection, more) {
  const names = (inspection?.projects ?? []).map((p) => p.name).join('、')
  const hidden = (inspection?.project_count ?? 0) - (inspection?.projects?.length ?? 0)
  return hidden > 0 && more ? `${names}${more(hidden)}` : names
}
