// A Vite plugin: the early script (index.html's first, classic script) learns, at build time,
// the files each heavy page needs — its view's chunk, the chunks that one imports, the lazy
// chart chunks it will ask for at once, and their CSS — and asks for them while the browser is
// still loading the application's bundle, instead of after the app has started and the router
// has resolved the page (a waterfall of some 300 ms on 挂图作战).
//
// The early script's source is src/early.js; the plugin emits it as /prefetch-early.js with
// `self.__GJ_ROUTE_FILES__` replaced by the map {pathname: [file, …]}; the development server
// serves it without the map.
import { readFileSync } from 'node:fs'

/**
 * @param {{entry: string, routes: Record<string, {view: string, lazy?: RegExp}>}} options
 *   entry: the early script's source; routes: per pathname, the view's source path (relative to
 *   the project root) and which lazy imports to fetch at once
 */
export function routePreload({ entry, routes }) {
  let root = ''
  return {
    name: 'gongjian-route-preload',
    configResolved(config) {
      root = config.root
    },
    configureServer(server) {
      server.middlewares.use('/prefetch-early.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript')
        res.end(earlyScript(`${root}/${entry}`, {}))
      })
    },
    generateBundle(_options, bundle) {
      const source = earlyScript(`${root}/${entry}`, routeFiles(root, bundle, routes))
      this.emitFile({ type: 'asset', fileName: 'prefetch-early.js', source })
    },
  }
}

/**
 * The files each route needs, from the bundle: {pathname: ['/assets/…', …]}: the view's chunk
 * and the chunks it imports (not the entry, which is loading anyway), the lazy chunks matching
 * `lazy` that any of them imports, and their CSS. Throws when a route's view has no chunk.
 * @param {string} root
 * @param {Record<string, any>} bundle Rollup's output bundle
 * @param {Record<string, {view: string, lazy?: RegExp}>} routes
 */
export function routeFiles(root, bundle, routes) {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk')
  const byFile = new Map(chunks.map((c) => [c.fileName, c]))
  const files = {}
  for (const [pathname, { view, lazy }] of Object.entries(routes)) {
    const chunk = chunks.find((c) => c.facadeModuleId === `${root}/${view}`)
    if (!chunk) throw new Error(`route preload: no chunk for ${view}`)
    const seen = new Set()
    const visit = (c) => {
      if (!c || seen.has(c.fileName) || c.isEntry) return
      seen.add(c.fileName)
      for (const f of c.imports) visit(byFile.get(f))
      for (const f of c.dynamicImports) if (lazy?.test(f)) visit(byFile.get(f))
    }
    visit(chunk)
    const css = [...seen].flatMap((name) => [...(byFile.get(name).viteMetadata?.importedCss ?? [])])
    files[pathname] = [...seen, ...new Set(css)].map((f) => `/${f}`)
  }
  return files
}

/** The early script at `path` with the route files in. */
export function earlyScript(path, files) {
  return readFileSync(path, 'utf8').replace('self.__GJ_ROUTE_FILES__', JSON.stringify(files))
}
