import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { DEFAULT_LOCALE, LOCALES, i18n } from '../i18n'

const STORAGE_KEY = 'gongjian.app'

function loadSaved() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY)) ?? {}
  } catch {
    return {}
  }
}

/** UI preferences kept across visits: the language and whether the side menu is collapsed. */
export const useAppStore = defineStore('app', () => {
  const saved = loadSaved()
  const locale = ref(LOCALES.some((l) => l.value === saved.locale) ? saved.locale : DEFAULT_LOCALE)
  const collapsed = ref(saved.collapsed === true)

  // Synchronous so that a request sent right after a switch already carries the new language.
  watch(
    locale,
    (value) => {
      i18n.global.locale.value = value
      document.documentElement.lang = value
    },
    { immediate: true, flush: 'sync' },
  )
  watch([locale, collapsed], () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ locale: locale.value, collapsed: collapsed.value }))
  })

  return { locale, collapsed }
})
