import { reactive, ref } from 'vue'
import { get, showError } from '../api/client'
import { PANELS, panelQuery } from '../utils/cockpit'

export { PANELS }

/**
 * The answers of every cockpit panel for a period, each loaded on its own (a slow or failed panel
 * does not hold the others). `data[key]` keeps the last answer while a reload runs, so that an
 * auto-refresh does not blank the screen; `errors[key]` holds a failed panel's message.
 * @param {{panels?: typeof PANELS, quiet?: boolean}} [options] quiet: never show a message box
 *   (the large screen); otherwise the first failure of a load is shown once
 */
export function useCockpit({ panels = PANELS, quiet = false } = {}) {
  const data = reactive(Object.fromEntries(panels.map((p) => [p.key, null])))
  const errors = reactive(Object.fromEntries(panels.map((p) => [p.key, ''])))
  const loading = ref(false)
  /** Set once every panel of the latest load has answered (or failed). */
  const loaded = ref(false)
  let generation = 0

  /**
   * Loads every panel for the period; a newer load makes an older one's late answers void.
   * @param {{year: number, month: number}} period
   * @param {{keep?: boolean}} [options] keep: leave the current answers shown while loading
   */
  async function load({ year, month }, { keep = false } = {}) {
    const mine = ++generation
    loading.value = true
    loaded.value = false
    if (!keep) for (const p of panels) data[p.key] = null
    let shown = quiet
    await Promise.all(
      panels.map(async (p) => {
        try {
          const answer = await get(p.path, { query: panelQuery(p, { year, month }), silent: true })
          if (mine !== generation) return
          data[p.key] = answer
          errors[p.key] = ''
        } catch (error) {
          if (mine !== generation) return
          errors[p.key] = error.message
          if (!shown && error.status !== 401) {
            shown = true
            showError(error)
          }
        }
      }),
    )
    if (mine !== generation) return
    if (typeof performance !== 'undefined') performance.mark('cockpit:loaded')
    loading.value = false
    loaded.value = true
  }

  return { data, errors, loading, loaded, load }
}
