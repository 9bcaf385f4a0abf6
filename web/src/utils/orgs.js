/**
 * @typedef {object} Org
 * @property {number} id
 * @property {number | null} parent_id
 * @property {string} name
 * @property {'district'|'department'|'town'|'park'|'owner'} kind
 * @property {string} region_code
 * @property {number} version
 */

/** The kinds of organisation, in the order forms offer them; the label is `orgs.kinds.<kind>`. */
export const ORG_KINDS = ['district', 'department', 'town', 'park', 'owner']

/**
 * Builds the organisation tree from the flat list, keeping the list's order among siblings. An
 * organisation whose parent is not in the list becomes a root, so nothing is lost.
 * @param {Org[]} orgs
 * @returns {(Org & {children?: any[]})[]} copies; leaves have no `children`
 */
export function buildOrgTree(orgs) {
  const nodes = new Map(orgs.map((org) => [org.id, { ...org }]))
  const roots = []
  for (const node of nodes.values()) {
    const parent = node.parent_id == null ? undefined : nodes.get(node.parent_id)
    if (parent) (parent.children ??= []).push(node)
    else roots.push(node)
  }
  return roots
}

/**
 * Keeps the nodes matching `match` and their ancestors (so a match is shown in its place), and
 * every descendant of a match.
 * @template {{children?: T[]}} T
 * @param {T[]} nodes
 * @param {(node: T) => boolean} match
 * @returns {T[]}
 */
export function filterTree(nodes, match) {
  const out = []
  for (const node of nodes) {
    if (match(node)) {
      out.push(node)
      continue
    }
    const children = filterTree(node.children ?? [], match)
    if (children.length) out.push({ ...node, children })
  }
  return out
}

/**
 * The ids of an organisation and all below it, which cannot become its parent.
 * @param {Org[]} orgs
 * @param {number} id
 * @returns {Set<number>}
 */
export function subtreeIds(orgs, id) {
  const ids = new Set([id])
  let grew = true
  while (grew) {
    grew = false
    for (const org of orgs) {
      if (org.parent_id != null && ids.has(org.parent_id) && !ids.has(org.id)) {
        ids.add(org.id)
        grew = true
      }
    }
  }
  return ids
}
