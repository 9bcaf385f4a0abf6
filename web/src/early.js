// The first script of index.html, a classic script run before the application's bundle is even
// asked for (a file rather than inline, for the Content-Security-Policy); ES5 and no imports, a
// few hundred bytes. Built as /prefetch-early.js by build/routePreload.js, which puts in the map
// of the files of the pages that are opened directly (vite.config.js).
// - Every page: the session (/api/auth/me), which the router waits for before it shows any page;
//   the auth store takes the answer (src/api/prefetch.js).
// - 挂图作战 opened directly: its rows (the page's first request, as src/prefetch.test.js checks).
// - Those pages' code (挂图作战 with its chart's, 工作台, sign-in): their chunks and CSS, fetched
//   while the app's bundle loads; the CSS in the CORS mode Vite's loader links it in, so that
//   the loader finds it in the cache.
;(function () {
  var path = location.pathname
  var json = function (url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null })
      .catch(function () { return null })
  }
  var early = {}
  if (path !== '/login') early['/auth/me'] = json('/api/auth/me')
  if (path === '/gantt' && !location.search) early['/gantt?page=1&page_size=1000'] = json('/api/gantt?page=1&page_size=1000')
  window.__gjPrefetch = early
  var files = self.__GJ_ROUTE_FILES__ || {}
  var list = files[path] || []
  for (var i = 0; i < list.length; i++) {
    var link = document.createElement('link')
    var css = /\.css$/.test(list[i])
    link.rel = css ? 'preload' : 'modulepreload'
    if (css) {
      link.as = 'style'
      // Vite links a page's CSS with crossorigin="" and the page's import waits for it: a preload
      // in another CORS mode is not reused, and the file was fetched a second time.
      link.crossOrigin = ''
    }
    link.href = list[i]
    document.head.appendChild(link)
  }
})()
