import { ref } from 'vue'
import { get } from '../api/client'

/**
 * The state of a list page: search → table → pagination over a route answering
 * {items, total, page, page_size}.
 * @param {string} path the list route, e.g. '/users'
 * @param {() => Record<string, unknown>} params the search form as query parameters, read on every load
 * @param {{pageSize?: number, request?: (page: number, size: number) => Record<string, unknown>,
 *   decode?: (data: any) => any}} [options] request: the whole query (params are then unused);
 *   decode: turns an answer into {items, total}
 */
export function useListPage(path, params, { pageSize = 20, request, decode = (d) => d } = {}) {
  /** @type {import('vue').Ref<any[]>} */
  const items = ref([])
  const total = ref(0)
  const page = ref(1)
  const size = ref(pageSize)
  const loading = ref(false)
  let latest = 0

  /** Loads the current page; an older answer arriving late is dropped. */
  async function load() {
    const mine = ++latest
    loading.value = true
    try {
      const query = request ? request(page.value, size.value) : { ...params(), page: page.value, page_size: size.value }
      const data = decode(await get(path, { query }))
      if (mine !== latest) return
      items.value = data.items
      total.value = data.total
    } catch {
      // The client has shown the error; keep what the table showed.
    } finally {
      if (mine === latest) loading.value = false
    }
  }

  /** Loads the first page, for the search button and after the filters change. */
  function search() {
    page.value = 1
    return load()
  }

  return { items, total, page, size, loading, load, search }
}
