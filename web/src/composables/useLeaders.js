import { computed, ref } from 'vue'
import { get } from '../api/client'

/** The district leaders (包联领导) for selects, and their names by id. */
export function useLeaders() {
  /** @type {import('vue').Ref<{id: number, display_name: string}[]>} */
  const leaders = ref([])
  const byId = computed(() => new Map(leaders.value.map((l) => [l.id, l.display_name])))

  async function load() {
    try {
      leaders.value = (await get('/leaders', { silent: true })).items
    } catch {
      // Only the select stays empty; the page itself does not depend on it.
    }
  }

  /** @param {number | null | undefined} id */
  const leaderName = (id) => (id == null ? '' : (byId.value.get(id) ?? `#${id}`))

  return { leaders, load, leaderName }
}
