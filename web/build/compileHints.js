// A Vite plugin: V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chrome 136 and
// later; a plain comment elsewhere) at the top of the chunks whose functions nearly all run as
// soon as they load, so that V8 compiles them while they stream in, on a background thread,
// instead of one function at a time on the main thread when each is first called.
//
// Our case is 挂图作战's chart: its first setOption runs some 500 kB of ECharts and zrender code
// that V8 had only pre-parsed, and compiling it lazily was a quarter of the setOption. The
// chunks are those the chart module loads (its own and the ones it imports, by static import)
// that hold ECharts or zrender code; found by module, not by their generated names.

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n'

const CHART_CODE = /[\\/]node_modules[\\/](echarts|zrender)[\\/]/

/**
 * The file names of the chunks to hint: the chunk of the module `entry` (a path relative to
 * `root`) and the chunks it imports statically, those of them that hold ECharts code or are the
 * entry's own.
 * @param {string} root
 * @param {Record<string, any>} bundle Rollup's output bundle
 * @param {string} entry e.g. 'src/utils/echartsGantt.js'
 * @returns {string[]}
 */
export function hintedChunks(root, bundle, entry) {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk')
  const byFile = new Map(chunks.map((c) => [c.fileName, c]))
  const start = chunks.find((c) => c.facadeModuleId === `${root}/${entry}`)
  if (!start) throw new Error(`compile hints: no chunk for ${entry}`)
  const out = []
  const seen = new Set()
  const visit = (c) => {
    if (!c || seen.has(c.fileName)) return
    seen.add(c.fileName)
    if (c === start || (c.moduleIds ?? Object.keys(c.modules ?? {})).some((id) => CHART_CODE.test(id))) out.push(c.fileName)
    for (const f of c.imports) visit(byFile.get(f))
  }
  visit(start)
  return out
}

/** @param {{entry: string}} options entry: the chart module, relative to the project root */
export function compileHints({ entry }) {
  let root = ''
  return {
    name: 'gongjian-compile-hints',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      root = config.root
    },
    generateBundle(_options, bundle) {
      for (const file of hintedChunks(root, bundle, entry)) {
        const chunk = bundle[file]
        // The comment must come first in the file.
        if (!chunk.code.startsWith(COMPILE_HINT)) chunk.code = COMPILE_HINT + chunk.code
      }
    },
  }
}
