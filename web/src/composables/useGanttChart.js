import { onBeforeUnmount, onMounted, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'

/**
 * An ECharts instance on the element of `elRef`, created after mount once ECharts has loaded (it
 * is imported dynamically from setup on, so the page's own requests go out and the page mounts
 * meanwhile), resized with its element, created again in the other language when the UI's
 * language changes (the time axis names months in it), and disposed on unmount. The option is not kept in Vue's reactivity (a 1,000-row option
 * would be walked by a deep watcher): callers build it from raw arrays and call setOption.
 * @param {import('vue').Ref<HTMLElement | undefined>} elRef
 * @param {{onReady?: (chart: any) => void}} [hooks] onReady: each time an instance is created, to
 *   bind events and draw what has loaded so far
 * @returns {import('vue').ShallowRef<any | null>} the echarts instance (null until ready)
 */
export function useGanttChart(elRef, { onReady } = {}) {
  const { locale } = useI18n()
  const chart = shallowRef(null)
  let observer = null
  let gone = false
  let init = null
  // Start loading ECharts now, while the page mounts; the instance is made once both are done.
  const loaded = import('../utils/echartsGantt')

  function create() {
    chart.value?.dispose()
    chart.value = init(elRef.value, null, { renderer: 'canvas', locale: locale.value.startsWith('zh') ? 'ZH' : 'EN' })
    onReady?.(chart.value)
  }

  onMounted(async () => {
    ;({ init } = await loaded)
    if (gone || !elRef.value) return
    if (typeof ResizeObserver !== 'undefined') {
      // The observer also reports the size it starts with: a resize is a full layout (on a
      // 1,000-row chart, a hundred milliseconds and more), so only a real change is passed on.
      observer = new ResizeObserver(() => {
        const c = chart.value
        const el = elRef.value
        if (c && el && (el.clientWidth !== c.getWidth() || el.clientHeight !== c.getHeight())) c.resize()
      })
      observer.observe(elRef.value)
    }
    create()
  })

  watch(locale, () => {
    if (init && !gone && elRef.value) create()
  })

  onBeforeUnmount(() => {
    gone = true
    observer?.disconnect()
    chart.value?.dispose()
    chart.value = null
  })

  return chart
}
