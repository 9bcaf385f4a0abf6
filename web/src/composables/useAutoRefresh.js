import { onBeforeUnmount, onMounted } from 'vue'
import { shouldRefresh } from '../utils/cockpit'

/**
 * Calls `refresh` every `intervalMs` while the page is visible: a hidden tab (another tab in
 * front, the screen locked) is not refreshed, and when it shows again after a missed refresh it
 * refreshes at once and the interval starts over.
 * @param {() => unknown} refresh
 * @param {{intervalMs?: number, isLoading?: () => boolean, enabled?: () => boolean}} [options]
 */
export function useAutoRefresh(refresh, { intervalMs = 60_000, isLoading = () => false, enabled = () => true } = {}) {
  let timer = null
  let missed = false
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden'

  function tick() {
    if (!enabled()) return
    if (hidden()) {
      missed = true
      return
    }
    if (shouldRefresh({ hidden: false, loading: isLoading() })) refresh()
  }
  function start() {
    stop()
    timer = setInterval(tick, intervalMs)
  }
  function stop() {
    if (timer !== null) clearInterval(timer)
    timer = null
  }
  function onVisibility() {
    if (hidden() || !missed) return
    missed = false
    start()
    tick()
  }

  onMounted(() => {
    start()
    document.addEventListener('visibilitychange', onVisibility)
  })
  onBeforeUnmount(() => {
    stop()
    document.removeEventListener('visibilitychange', onVisibility)
  })
  return { start, stop }
}
