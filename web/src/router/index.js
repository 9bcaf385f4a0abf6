import { createRouter } from 'vue-router'
import {
  Bell,
  Calendar,
  Coin,
  DataBoard,
  Document,
  EditPen,
  Flag,
  FolderOpened,
  Key,
  Lock,
  MapLocation,
  Memo,
  Notebook,
  OfficeBuilding,
  Odometer,
  Setting,
  Stamp,
  Star,
  Tickets,
  Timer,
  Trophy,
  User,
  UserFilled,
  View,
  Warning,
} from '@element-plus/icons-vue'
import AppLayout from '../layout/AppLayout.vue'
import PlaceholderView from '../views/PlaceholderView.vue'
import NotFoundView from '../views/NotFoundView.vue'
import { setUnauthenticatedHandler } from '../api/client'
import { CREATE_ROLES } from '../utils/projects'
import { useAuthStore } from '../stores/auth'
import { LOGIN_ROUTE, decide } from './guard'

// meta.title is an i18n key; it names the menu item, the breadcrumb and the document title.
// meta.access says who may open the page (see guard.js); meta.section groups menu items;
// meta.parent names the menu item a page below it belongs to (its breadcrumb links there).

/** Sub-menus of the side menu; each also heads the breadcrumb of its pages. */
export const SECTIONS = {
  system: { title: 'menu.sections.system', icon: Setting },
  security: { title: 'menu.sections.security', icon: Lock },
  audit: { title: 'menu.sections.audit', icon: Document },
  account: { title: 'menu.sections.account', icon: User },
  // 问题督办: 问题台账 and the meetings that decide on escalated problems.
  supervision: { title: 'menu.sections.supervision', icon: Warning },
}

const moduleRoute = (name, icon) => ({
  path: name,
  name,
  component: PlaceholderView,
  meta: { title: `menu.${name}`, icon, access: 'business' },
})

const consoleRoute = (path, name, section, access, icon, component) => ({
  path,
  name,
  component,
  meta: { title: `menu.${name}`, icon, access, section },
})

/** The side menu, in order. Everybody sees only what the guard lets them open. */
export const menu = [
  // Every page is loaded when opened, 工作台 and the sign-in page too: a page opened directly does
  // not wait for the others' code (the early script preloads these two, see vite.config.js).
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('../views/DashboardView.vue'),
    meta: { title: 'menu.dashboard', icon: Odometer, access: 'business' },
  },
  {
    path: 'projects',
    name: 'projects',
    component: () => import('../views/projects/ProjectListView.vue'),
    meta: { title: 'menu.projects', icon: FolderOpened, access: 'business' },
  },
  {
    path: 'map',
    name: 'map',
    component: () => import('../views/projects/ProjectMapView.vue'),
    meta: { title: 'menu.map', icon: MapLocation, access: 'business' },
  },
  {
    // 挂图作战: the portfolio Gantt of the projects' milestone nodes.
    path: 'gantt',
    name: 'gantt',
    component: () => import('../views/gantt/GanttView.vue'),
    meta: { title: 'menu.gantt', icon: Flag, access: 'business' },
  },
  {
    // 调度填报: the dispatch rounds and who has reported; each project's reports are its 月报 tab.
    path: 'rounds',
    name: 'reports',
    component: () => import('../views/rounds/RoundsView.vue'),
    meta: { title: 'menu.reports', icon: EditPen, access: 'business' },
  },
  {
    // 问题台账 (SPEC §6): every problem the user sees, with its state, deadline and escalation.
    path: 'problems',
    name: 'problems',
    component: () => import('../views/problems/ProblemListView.vue'),
    meta: { title: 'menu.problems', icon: Warning, access: 'business', section: 'supervision' },
  },
  {
    // 会议纪要: the dispatch and coordination meetings, their agenda of problems and minutes.
    path: 'meetings',
    name: 'meetings',
    component: () => import('../views/meetings/MeetingListView.vue'),
    meta: { title: 'menu.meetings', icon: Memo, access: 'business', section: 'supervision' },
  },
  {
    // 督查走访: the leaders' and the office's site visits, their findings and photos, and the
    // problems raised from them.
    path: 'inspections',
    name: 'inspections',
    component: () => import('../views/inspections/InspectionListView.vue'),
    meta: { title: 'menu.inspections', icon: View, access: 'business', section: 'supervision' },
  },
  {
    // 前期手续分析: days per approving department and item, and what is overdue now.
    path: 'approvals',
    name: 'approvals',
    component: () => import('../views/approvals/ApprovalsView.vue'),
    meta: { title: 'menu.approvals', icon: Stamp, access: 'business' },
  },
  {
    // 审批事项办理: the items the user's departments approve, on any project.
    path: 'approvals/desk',
    name: 'approval-desk',
    component: () => import('../views/approvals/ApprovalDeskView.vue'),
    meta: { title: 'menu.approvalDesk', icon: Stamp, access: 'business' },
  },
  moduleRoute('elements', Coin),
  moduleRoute('rankings', Trophy),
  {
    // 驾驶舱 (SPEC §10): the leaders' picture of the month; 大屏模式 is /screen below.
    path: 'cockpit',
    name: 'cockpit',
    component: () => import('../views/cockpit/CockpitView.vue'),
    meta: { title: 'menu.cockpit', icon: DataBoard, access: 'business' },
  },
  {
    // 月度通报 (SPEC §10): the published monthly briefings (PDF and xlsx, archived under their SM3);
    // the project office previews and publishes the month's.
    path: 'briefings',
    name: 'briefings',
    component: () => import('../views/briefings/BriefingListView.vue'),
    meta: { title: 'menu.briefings', icon: Notebook, access: 'business' },
  },
  {
    // 我的包联: the projects the user is 包联领导 of, for the phone.
    path: 'mine',
    name: 'mine',
    component: () => import('../views/cockpit/MyProjectsView.vue'),
    meta: { title: 'menu.mine', icon: Star, access: 'business' },
  },
  consoleRoute('system/users', 'users', 'system', ['system_admin'], UserFilled, () => import('../views/system/UsersView.vue')),
  consoleRoute('system/orgs', 'orgs', 'system', ['system_admin'], OfficeBuilding, () => import('../views/system/OrgsView.vue')),
  // 工作日历: the working-day calendar; the system administrator keeps the exceptions to it.
  consoleRoute('system/calendar', 'calendar', 'system', ['system_admin'], Calendar, () => import('../views/system/CalendarView.vue')),
  // 预警规则: the district's warning rule set; everyone in business reads it, the project office edits it.
  consoleRoute('system/warning-rules', 'warningRules', 'system', 'business', Bell, () => import('../views/system/WarningRulesView.vue')),
  // 督办规则: when overdue problems climb the ladder and approval codes turn red; the office edits.
  consoleRoute('system/supervision-rules', 'supervisionRules', 'system', 'business', Timer, () => import('../views/system/SupervisionRulesView.vue')),
  consoleRoute('security/grants', 'grants', 'security', ['security_admin'], Key, () => import('../views/security/GrantsView.vue')),
  consoleRoute('security/policy', 'policy', 'security', ['security_admin'], Lock, () => import('../views/security/PolicyView.vue')),
  consoleRoute('audit', 'audit', 'audit', ['audit_admin'], Tickets, () => import('../views/audit/AuditView.vue')),
  consoleRoute('account/password', 'password', 'account', 'user', Lock, () => import('../views/account/PasswordView.vue')),
  consoleRoute('account/totp', 'totp', 'account', 'user', Key, () => import('../views/account/TotpView.vue')),
]

/** Pages below a menu item, not in the menu themselves. */
export const pages = [
  {
    path: 'projects/new',
    name: 'project-new',
    component: () => import('../views/projects/ProjectFormView.vue'),
    meta: { title: 'projects.form.createTitle', access: CREATE_ROLES, parent: 'projects' },
  },
  {
    path: 'projects/:id(\\d+)',
    name: 'project',
    component: () => import('../views/projects/ProjectView.vue'),
    meta: { title: 'projects.page.title', access: 'business', parent: 'projects' },
  },
  {
    path: 'projects/:id(\\d+)/edit',
    name: 'project-edit',
    component: () => import('../views/projects/ProjectFormView.vue'),
    meta: { title: 'projects.form.editTitle', access: CREATE_ROLES, parent: 'projects' },
  },
  {
    // 数据导入 (issue 8): the import wizard of the project library and of the monthly reports; the
    // same who as creating a project (the server's business write).
    path: 'imports/:kind(projects)',
    name: 'import-projects',
    component: () => import('../views/imports/ImportWizardView.vue'),
    meta: { title: 'imports.titles.projects', access: CREATE_ROLES, parent: 'projects' },
  },
  {
    path: 'imports/:kind(reports)',
    name: 'import-reports',
    component: () => import('../views/imports/ImportWizardView.vue'),
    meta: { title: 'imports.titles.reports', access: CREATE_ROLES, parent: 'reports' },
  },
  {
    path: 'problems/:id(\\d+)',
    name: 'problem',
    component: () => import('../views/problems/ProblemView.vue'),
    meta: { title: 'problems.pageTitle', access: 'business', parent: 'problems' },
  },
  {
    path: 'meetings/:id(\\d+)',
    name: 'meeting',
    component: () => import('../views/meetings/MeetingView.vue'),
    meta: { title: 'meetings.pageTitle', access: 'business', parent: 'meetings' },
  },
  {
    path: 'inspections/:id(\\d+)',
    name: 'inspection',
    component: () => import('../views/inspections/InspectionView.vue'),
    meta: { title: 'inspections.pageTitle', access: 'business', parent: 'inspections' },
  },
]

export const routes = [
  { path: '/login', name: LOGIN_ROUTE, component: () => import('../views/LoginView.vue'), meta: { title: 'login.title', access: 'public' } },
  {
    // 驾驶舱大屏: the cockpit on the whole window (1920×1080, dark), outside the layout.
    path: '/screen',
    name: 'cockpit-screen',
    component: () => import('../views/cockpit/CockpitScreenView.vue'),
    meta: { title: 'menu.cockpitScreen', access: 'business' },
  },
  {
    path: '/',
    component: AppLayout,
    // The guard sends administrators on to their own console.
    redirect: '/dashboard',
    children: [
      ...menu,
      ...pages,
      { path: ':pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { title: 'notFound.title', access: 'user' } },
    ],
  },
]

/**
 * Starts loading the lazy components of the page at `path` now, while the session check runs: the
 * router itself would ask for them only after its guards. The imports are cached, so the router's
 * own later request finds them loaded (or on their way).
 * @param {import('vue-router').Router} router
 * @param {string} path e.g. location.pathname
 */
export function preloadRoute(router, path) {
  for (const record of router.resolve(path).matched) {
    const component = record.components?.default
    // A lazy route's component is a function returning the import's promise; a loaded one is an object.
    if (typeof component === 'function') Promise.resolve(component()).catch(() => {})
  }
}

/** @param {import('vue-router').RouterHistory} history web history in the app, memory history in tests */
export function createAppRouter(history) {
  const router = createRouter({ history, routes })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    await auth.load()
    return decide(auth.user, to)
  })

  // A 401 from any call while signed in: the session expired or was ended elsewhere.
  setUnauthenticatedHandler((error) => {
    const auth = useAuthStore()
    if (!auth.user) return false
    auth.expire(error.message)
    const current = router.currentRoute.value
    router.push({
      name: LOGIN_ROUTE,
      query: current.meta.access === 'public' ? {} : { redirect: current.fullPath },
    })
    return true
  })

  return router
}
