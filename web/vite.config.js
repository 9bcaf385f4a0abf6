import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { routePreload } from './build/routePreload'

export default defineConfig({
  plugins: [
    vue(),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
    // 挂图作战's code and its chart's, asked for by the early script (see the plugin).
    routePreload({ entry: 'src/early.js', routes: { '/gantt': { view: 'src/views/gantt/GanttView.vue', lazy: /echartsGantt/ } } }),
  ],
  // vue-i18n's esm-bundler build reads these flags; Composition API only, no devtools in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: { target: 'chrome87', outDir: 'dist' },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.js'],
    // Element Plus imports its CSS from its ES modules; let Vite transform them instead of Node.
    server: { deps: { inline: ['element-plus'] } },
  },
})
