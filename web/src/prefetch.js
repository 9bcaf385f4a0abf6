// The first script of index.html, before the application's bundle: a page whose first request
// is heavy starts it here, while the browser still loads, parses and mounts the app, and the
// page takes the answer (api/prefetch.js). Only 挂图作战 for now (1,000 rows and their nodes).
// Nothing here may import the app: this chunk must stay a few kilobytes.
import { prefetch } from './api/prefetch'
import { queryString } from './api/query'
import { GANTT_DEFAULTS, GANTT_FILTERS } from './utils/gantt'
import { listRequestQuery } from './utils/listQuery'

/**
 * Starts the first request of the page at `pathname` with `search`, when it has one worth
 * starting early; returns the path and query asked for (undefined when none).
 * @param {string} pathname e.g. '/gantt'
 * @param {string} search e.g. '?warning=red'
 */
export function prefetchRoute(pathname, search) {
  if (pathname !== '/gantt') return undefined
  const query = Object.fromEntries(new URLSearchParams(search))
  const key = '/gantt' + queryString(listRequestQuery(query, GANTT_FILTERS, GANTT_DEFAULTS))
  prefetch(key)
  return key
}

if (typeof window !== 'undefined') prefetchRoute(window.location.pathname, window.location.search)
