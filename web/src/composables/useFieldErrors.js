import { reactive } from 'vue'
import { showError } from '../api/client'

/**
 * Server errors for a form sent with {silent: true}: an error naming one of the form's fields is
 * shown under that field (bind `errors[field]` to the el-form-item's `error`), any other in the
 * message box.
 * @param {string[]} fields the form's field names, as the API names them
 */
export function useFieldErrors(fields) {
  /** @type {Record<string, string>} */
  const errors = reactive({})

  function clear() {
    for (const key of Object.keys(errors)) delete errors[key]
  }

  /**
   * @param {import('../api/client').ApiError} error
   * @returns {boolean} true when it was put on a field
   */
  function report(error) {
    if (error.field && fields.includes(error.field)) {
      errors[error.field] = error.message
      return true
    }
    showError(error)
    return false
  }

  return { errors, clear, report }
}
