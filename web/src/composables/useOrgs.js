import { computed, ref } from 'vue'
import { getAll } from '../api/client'
import { buildOrgTree } from '../utils/orgs'

/**
 * All organisations, loaded page by page, as a flat list, a tree (for tree tables and tree
 * selects) and a lookup by id.
 */
export function useOrgs() {
  /** @type {import('vue').Ref<import('../utils/orgs').Org[]>} */
  const orgs = ref([])
  const loading = ref(false)
  const tree = computed(() => buildOrgTree(orgs.value))
  const byId = computed(() => new Map(orgs.value.map((org) => [org.id, org])))

  async function load() {
    loading.value = true
    try {
      orgs.value = await getAll('/orgs')
    } catch {
      // The client has shown the error.
    } finally {
      loading.value = false
    }
  }

  /** @param {number | null | undefined} id */
  const orgName = (id) => (id == null ? '' : (byId.value.get(id)?.name ?? `#${id}`))

  return { orgs, tree, byId, loading, load, orgName }
}
