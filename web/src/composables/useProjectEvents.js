import { ref, watch } from 'vue'
import { get } from '../api/client'

/**
 * The events of a project (newest first), loaded again whenever its version changes.
 * @param {() => {id: number, version: number}} project
 */
export function useProjectEvents(project) {
  /** @type {import('vue').Ref<any[]>} */
  const events = ref([])
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      events.value = (await get(`/projects/${project().id}/events`)).items
    } catch {
      // The client has shown the error.
    } finally {
      loading.value = false
    }
  }

  watch(() => [project().id, project().version], load, { immediate: true })

  return { events, loading, load }
}
