import { computed, ref, watch } from 'vue'

/**
 * Which optional columns of a table are shown, remembered in localStorage. The hidden ones are
 * stored, so that a column added later shows until someone hides it.
 * @param {string} storageKey
 * @param {{key: string, hidden?: boolean}[]} columns the optional columns; `hidden` when off by default
 */
export function useColumns(storageKey, columns) {
  const defaults = columns.filter((c) => c.hidden).map((c) => c.key)

  function loadHidden() {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey))
      return Array.isArray(saved) ? saved.filter((key) => typeof key === 'string') : defaults
    } catch {
      return defaults
    }
  }

  const hidden = ref(loadHidden())
  /** The keys of the columns shown, in the table's order; bind it to a checkbox group. */
  const shown = computed({
    get: () => columns.map((c) => c.key).filter((key) => !hidden.value.includes(key)),
    set: (keys) => {
      hidden.value = columns.map((c) => c.key).filter((key) => !keys.includes(key))
    },
  })
  const isShown = (key) => !hidden.value.includes(key)

  function reset() {
    hidden.value = [...defaults]
  }

  watch(hidden, (value) => localStorage.setItem(storageKey, JSON.stringify(value)))

  return { shown, isShown, reset }
}
