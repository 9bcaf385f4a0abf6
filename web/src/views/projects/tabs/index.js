// The tabs of the project page, in order. A later module adds its tab here: a name (also the
// ?tab= of the URL), an i18n label and a component that takes the props `project` (the full
// project as GET /projects/{id} answers, with `version`) and may emit `changed` when it changed
// the project, so that the page loads it again. `visible(project)` hides a tab that does not apply.
import InfoTab from './InfoTab.vue'
import LifecycleTab from './LifecycleTab.vue'
import FilesTab from './FilesTab.vue'
import HistoryTab from './HistoryTab.vue'
import ReportsTab from './ReportsTab.vue'
import WarningsTab from './WarningsTab.vue'
import MilestonesTab from './MilestonesTab.vue'
import ApprovalsTab from './ApprovalsTab.vue'
import ProblemsTab from './ProblemsTab.vue'

/**
 * @typedef {object} ProjectTab
 * @property {string} name
 * @property {string} label i18n key
 * @property {import('vue').Component} component
 * @property {(project: any) => boolean} [visible]
 */

/** @type {ProjectTab[]} */
export const PROJECT_TABS = [
  { name: 'info', label: 'projects.tabs.info', component: InfoTab },
  { name: 'warnings', label: 'projects.tabs.warnings', component: WarningsTab },
  { name: 'lifecycle', label: 'projects.tabs.lifecycle', component: LifecycleTab },
  { name: 'milestones', label: 'projects.tabs.milestones', component: MilestonesTab },
  { name: 'approvals', label: 'projects.tabs.approvals', component: ApprovalsTab },
  { name: 'problems', label: 'projects.tabs.problems', component: ProblemsTab },
  { name: 'reports', label: 'projects.tabs.reports', component: ReportsTab },
  { name: 'files', label: 'projects.tabs.files', component: FilesTab },
  { name: 'history', label: 'projects.tabs.history', component: HistoryTab },
]
