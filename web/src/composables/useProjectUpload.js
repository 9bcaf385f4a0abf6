import { useI18n } from 'vue-i18n'
import { ApiError, showError, upload } from '../api/client'

/** The server's limit for one attachment: 20 MiB. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

/**
 * el-upload's before-upload and http-request for a project's attachments: each file is POSTed
 * as the raw body to /projects/{id}/attachments (or to `path()` when given, e.g. an approval
 * item's /approvals/{id}/files). A refused file is shown in the message box with its name; the
 * request resolves with the stored attachment.
 * @param {() => number | string} projectId
 * @param {{path?: () => string | null}} [options] path: the upload's API path; null: the project's
 */
export function useProjectUpload(projectId, { path } = {}) {
  const { t } = useI18n()

  const fail = (file, message, status) =>
    showError(new ApiError(t('projects.files.failed', { name: file.name, message }), { status, code: 'upload' }))

  /** @param {File} file */
  function beforeUpload(file) {
    if (file.size > MAX_UPLOAD_BYTES) {
      fail(file, t('projects.files.tooLarge'), 413)
      return false
    }
    if (file.size === 0) {
      fail(file, t('projects.files.empty'), 400)
      return false
    }
    return true
  }

  /** @param {{file: File}} options what el-upload hands its http-request */
  async function httpRequest({ file }) {
    try {
      return await upload(path?.() ?? `/projects/${projectId()}/attachments`, file, { silent: true })
    } catch (error) {
      fail(file, error.status === 413 ? t('projects.files.tooLarge') : error.message, error.status)
      throw error
    }
  }

  return { beforeUpload, httpRequest }
}
