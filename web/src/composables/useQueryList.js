import { onMounted, reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useListPage } from './useListPage'
import { emptyFilters, listRequest, readListQuery, sameQuery, writeListQuery } from '../utils/listQuery'

/**
 * A list page (search → table → pagination) whose filters, page, page size and sort live in the
 * URL: searching, paging and sorting push a new query, and every change of the query (also back,
 * forward and reload) loads the list it describes.
 * @param {string} path the list route, e.g. '/projects'
 * @param {import('../utils/listQuery').FilterSchema} schema the filters and their types
 * @param {import('../utils/listQuery').ListDefaults} defaults
 * @param {{eager?: boolean, decode?: (data: any) => any}} [options] eager: ask for the first page
 *   during setup rather than once the page has mounted (a heavy page, e.g. 挂图作战, gets its rows
 *   while it renders); decode: turns an answer into {items, total}
 */
export function useQueryList(path, schema, defaults, { eager = false, decode } = {}) {
  const route = useRoute()
  const router = useRouter()
  const ownPath = route.path
  const initial = readListQuery(route.query, schema, defaults)

  const filters = reactive(initial.filters)
  const sort = ref(initial.sort)
  // Every load goes through the URL first, so the filters are what the URL says when it is read.
  const base = useListPage(path, null, {
    pageSize: initial.size,
    request: (page, size) => listRequest(filters, schema, sort.value, page, size),
    decode,
  })
  base.page.value = initial.page

  const state = () => ({ filters, page: base.page.value, size: base.size.value, sort: sort.value })

  /** Writes the state to the URL; the route watcher loads. An unchanged URL loads at once. */
  function push() {
    const query = writeListQuery(state(), schema, defaults)
    if (sameQuery(query, route.query)) return base.load()
    return router.push({ path: ownPath, query })
  }

  watch(
    () => route.query,
    (query) => {
      // Leaving the page also changes the query: only this page's URL counts.
      if (route.path !== ownPath) return
      const next = readListQuery(query, schema, defaults)
      Object.assign(filters, next.filters)
      base.page.value = next.page
      base.size.value = next.size
      sort.value = next.sort
      base.load()
    },
  )

  // reactive() unwraps the refs; `load` (what the pagination calls) goes through the URL.
  const list = reactive({
    ...base,
    load: push,
    /** Back to the first page with the filters as typed. */
    search() {
      base.page.value = 1
      return push()
    },
  })

  function reset() {
    Object.assign(filters, emptyFilters(schema))
    return list.search()
  }

  /** @param {string} value the API's sort text; '' for the default */
  function setSort(value) {
    const next = value || defaults.sort || ''
    if (next === sort.value) return undefined
    sort.value = next
    return list.search()
  }

  if (eager) base.load()
  else onMounted(base.load)

  return { list, filters, sort, reset, setSort }
}
