// Route data asked for before the app has loaded: the entry src/prefetch.js runs before the
// application's bundle and starts the heavy GET a page will make first (挂图作战's rows), so the
// server works while the browser loads and mounts the app. The page's own request then takes
// the answer instead of asking again (client.request for a GET with the same path and query).

/**
 * Answers on their way, by path and query; public/prefetch-early.js may have started one
 * before any module loaded (window.__gjPrefetch).
 * @type {Map<string, Promise<any>>}
 */
const pending = new Map(Object.entries((typeof window !== 'undefined' && window.__gjPrefetch) || {}))
if (typeof window !== 'undefined') delete window.__gjPrefetch

/**
 * Starts GET /api{pathAndQuery} now. A failed or non-2xx answer resolves to null, and the page's
 * request then goes to the server itself (and shows the error as usual).
 * @param {string} pathAndQuery e.g. '/gantt?page=1&page_size=1000', as client.request builds it
 */
export function prefetch(pathAndQuery) {
  const started = pending.get(pathAndQuery)
  if (started) return started
  const answer = fetch(`/api${pathAndQuery}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null)
  pending.set(pathAndQuery, answer)
  // Not taken within a minute (the user went elsewhere): forget it.
  setTimeout(() => pending.delete(pathAndQuery), 60_000)
  return answer
}

/**
 * The prefetched answer for exactly this path and query, once; undefined when there is none.
 * @param {string} pathAndQuery
 * @returns {Promise<any> | undefined}
 */
export function takePrefetched(pathAndQuery) {
  const answer = pending.get(pathAndQuery)
  if (answer) {
    pending.delete(pathAndQuery)
    if (typeof performance !== 'undefined') performance.mark('prefetch:taken', { detail: pathAndQuery })
  }
  return answer
}
