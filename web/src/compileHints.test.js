import { describe, expect, it } from 'vitest'
import { COMPILE_HINT, compileHints, hintedChunks } from '../build/compileHints'

const chunk = (fileName, { imports = [], modules = [], facade } = {}) => ({
  type: 'chunk',
  fileName,
  imports,
  moduleIds: modules,
  facadeModuleId: facade,
  code: `// ${fileName}\n`,
})

const bundle = () => ({
  'assets/index.js': chunk('assets/index.js', { imports: ['assets/vendor.js'], modules: ['/r/src/main.js'] }),
  'assets/vendor.js': chunk('assets/vendor.js', { modules: ['/r/node_modules/vue/index.js'] }),
  'assets/echartsGantt.js': chunk('assets/echartsGantt.js', {
    facade: '/r/src/utils/echartsGantt.js',
    imports: ['assets/echarts.js', 'assets/vendor.js', 'assets/runtime.js'],
    modules: ['/r/src/utils/echartsGantt.js', '/r/node_modules/echarts/lib/chart/custom/install.js'],
  }),
  'assets/echarts.js': chunk('assets/echarts.js', { imports: ['assets/zrender.js'], modules: ['/r/node_modules/echarts/lib/core/echarts.js'] }),
  'assets/zrender.js': chunk('assets/zrender.js', { modules: ['/r/node_modules/zrender/lib/zrender.js'] }),
  'assets/runtime.js': chunk('assets/runtime.js', { modules: ['\0rolldown/runtime.js'] }),
  'assets/CockpitBoard.js': chunk('assets/CockpitBoard.js', { imports: ['assets/echarts.js'], modules: ['/r/node_modules/echarts/lib/chart/bar/install.js'] }),
  'assets/logo.svg': { type: 'asset', fileName: 'assets/logo.svg' },
})

describe('compile hints', () => {
  it("hints the chart module's chunk and the ECharts and zrender chunks it imports, nothing else", () => {
    expect(hintedChunks('/r', bundle(), 'src/utils/echartsGantt.js')).toEqual(['assets/echartsGantt.js', 'assets/echarts.js', 'assets/zrender.js'])
  })

  it('puts the hint first in those files, once', () => {
    const b = bundle()
    const plugin = compileHints({ entry: 'src/utils/echartsGantt.js' })
    plugin.configResolved({ root: '/r' })
    plugin.generateBundle({}, b)
    plugin.generateBundle({}, b)
    expect(b['assets/echarts.js'].code).toBe(`${COMPILE_HINT}// assets/echarts.js\n`)
    expect(b['assets/vendor.js'].code).toBe('// assets/vendor.js\n')
    expect(b['assets/CockpitBoard.js'].code).toBe('// assets/CockpitBoard.js\n')
  })

  it('fails the build when the chart module has no chunk', () => {
    expect(() => hintedChunks('/r', bundle(), 'src/utils/missing.js')).toThrow(/no chunk/)
  })
})
