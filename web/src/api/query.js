// Query strings as the API reads them: a module of its own so that the prefetch entry
// (src/prefetch.js) can use it without loading the app.

/**
 * The query string for params, with a leading "?" (empty when nothing is left): undefined, null
 * and '' are left out so that an empty search field does not filter.
 * @param {Record<string, unknown>} [params]
 */
export function queryString(params = {}) {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    search.append(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

