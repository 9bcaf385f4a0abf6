import { onBeforeUnmount, onMounted, ref } from 'vue'

/** Whether the screen is narrower than 768px (a phone): forms go to one column with large inputs. */
export function useNarrow(query = '(max-width: 767px)') {
  const narrow = ref(false)
  let list = null
  const update = () => {
    narrow.value = Boolean(list?.matches)
  }
  onMounted(() => {
    if (typeof window === 'undefined' || !window.matchMedia) return
    list = window.matchMedia(query)
    update()
    list.addEventListener?.('change', update)
  })
  onBeforeUnmount(() => list?.removeEventListener?.('change', update))
  return narrow
}
