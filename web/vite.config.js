import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { compileHints } from './build/compileHints'
import { routePreload } from './build/routePreload'

export default defineConfig({
  plugins: [
    vue(),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
    // The code of the pages opened first (挂图作战 with its chart's, 工作台, sign-in), asked for by
    // the early script (see the plugin).
    routePreload({
      entry: 'src/early.js',
      routes: {
        '/gantt': { view: 'src/views/gantt/GanttView.vue', lazy: /echartsGantt/ },
        '/': { view: 'src/views/DashboardView.vue' },
        '/dashboard': { view: 'src/views/DashboardView.vue' },
        '/login': { view: 'src/views/LoginView.vue' },
      },
    }),
    // 挂图作战's ECharts is compiled while it loads, off the main thread (see the plugin).
    compileHints({ entry: 'src/utils/echartsGantt.js' }),
  ],
  // vue-i18n's esm-bundler build reads these flags; Composition API only, no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  // JSON imports (the UI's messages, 56 kB a language) as JSON.parse('…') rather than object
  // literals: V8 parses JSON faster than JavaScript, and the app's start waits for them.
  json: { stringify: true, namedExports: false },
  build: {
    target: 'chrome87',
    outDir: 'dist',
    // The packages the app starts with (Vue, the router, pinia, vue-i18n, the Element Plus parts
    // of the layout) in one chunk rather than a score of small ones: every page waits for all of
    // them, and each file is a request and a module to instantiate. Lazy pages' packages stay split.
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'vendor', tags: ['$initial'], test: /node_modules/ }] } },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.js'],
    // Element Plus imports its CSS from its ES modules; let Vite transform them instead of Node.
    server: { deps: { inline: ['element-plus'] } },
  },
})
